#include "notify.hpp"

#include "cli.hpp"
#include "error.hpp"

#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <sstream>
#include <signal.h>
#include <sys/wait.h>

namespace svc::cli {

bool ShellNotifier::deliver(const std::string& line, std::string& error) {
    // A command that exits without reading its input must not kill svc with SIGPIPE.
    struct sigaction ignore {}, previous {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous);
    FILE* pipe = ::popen(m_command.c_str(), "w");
    int status = -1;
    if (pipe) {
        const std::string text = line + "\n";
        std::fwrite(text.data(), 1, text.size(), pipe);
        status = ::pclose(pipe);
    }
    ::sigaction(SIGPIPE, &previous, nullptr);
    if (!pipe) error = "cannot start notify.command";
    else if (status == -1) error = "notify.command could not be waited for";
    else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) error = fmt::format("notify.command exited with status {}", WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) error = fmt::format("notify.command was killed by signal {}", WTERMSIG(status));
    else return true;
    return false;
}

void require_notify_command(Session& s) {
    if (s.policy().notify_command.empty())
        fail(ErrorKind::usage, "--notify: the policy has no notify.command (set [notify] command)");
}

std::vector<std::string> notify_rows(Session& s, const render::RowSet& rows) {
    require_notify_command(s);
    ShellNotifier notifier(s.policy().notify_command);
    render::Spec json = s.spec();
    json.format = render::Format::jsonl;
    std::vector<std::string> errors;
    for (const auto& row : rows.rows) {
        std::ostringstream line;
        render::write_rows(line, render::RowSet{rows.fields, {row}}, json);
        std::string text = line.str();
        if (!text.empty() && text.back() == '\n') text.pop_back();
        std::string error;
        errors.push_back(notifier.deliver(text, error) ? std::string() : (error.empty() ? "delivery failed" : error));
    }
    return errors;
}

}  // namespace svc::cli
