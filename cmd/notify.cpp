#include "notify.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <sstream>
#include <thread>

#include "cli.hpp"
#include "error.hpp"

extern char** environ;

namespace svc::cli {

namespace {

// Waits for `pid` until the time limit; stops it then. Its wait status, or nothing when it
// had to be stopped.
std::optional<int> wait_within(pid_t pid, Seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limit);
    auto pause = std::chrono::milliseconds(1);
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) return status;
        if (done < 0 && errno != EINTR) return -1;
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            return std::nullopt;
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(50));
    }
}

}  // namespace

bool ProgramNotifier::deliver(const std::string& line, std::string& error) {
    int in[2];
    if (::pipe2(in, O_CLOEXEC) != 0) {
        error = fmt::format("cannot make a pipe for notify.command: {}", std::strerror(errno));
        return false;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    // What the command prints goes to svc's standard error: standard output is svc's own
    // lines, which cron appends to a log or a script reads.
    posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
    std::vector<char*> argv;
    for (const std::string& word : m_argv) argv.push_back(const_cast<char*>(word.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    if (spawned != 0) {
        ::close(in[1]);
        error = fmt::format("cannot run notify.command {}: {}", m_argv.front(), std::strerror(spawned));
        return false;
    }
    // A command that exits without reading its input must not kill svc with SIGPIPE.
    struct sigaction ignore {
    }, previous{};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous);
    const std::string text = line + "\n";
    for (std::size_t written = 0; written < text.size();) {
        const ssize_t n = ::write(in[1], text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // it stopped reading; its exit status says whether it took the line
        written += static_cast<std::size_t>(n);
    }
    ::close(in[1]);
    ::sigaction(SIGPIPE, &previous, nullptr);
    const std::optional<int> status = wait_within(pid, k_notify_time_limit);
    if (!status)
        error = fmt::format("notify.command did not finish within {} s and was stopped", k_notify_time_limit);
    else if (*status == -1)
        error = "notify.command could not be waited for";
    else if (WIFEXITED(*status) && WEXITSTATUS(*status) != 0)
        error = fmt::format("notify.command exited with status {}", WEXITSTATUS(*status));
    else if (WIFSIGNALED(*status))
        error = fmt::format("notify.command was killed by signal {}", WTERMSIG(*status));
    else
        return true;
    return false;
}

ProgramNotifier notifier_for(Session& s) {
    const std::vector<std::string>& argv = s.policy().notify_command;
    if (argv.empty()) fail(ErrorKind::usage, "--notify: the policy has no notify.command (set [notify] command)");
    require_trusted_notify_command(s.context(), argv);
    return ProgramNotifier(argv);
}

std::string json_line(Session& s, const render::RowSet& rows) {
    render::Spec json = s.spec();
    json.format = render::Format::jsonl;
    std::ostringstream line;
    render::write_rows(line, rows, json);
    std::string text = line.str();
    if (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
}

}  // namespace svc::cli
