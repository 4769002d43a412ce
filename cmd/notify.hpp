#pragma once
// Running the policy's notify.command: one payload, one JSON line on its standard input.
// Lives in cmd because libsvc runs no programs; the library only sees a Notifier.
#include <string>
#include <vector>

#include "delivery.hpp"
#include "render/render.hpp"

namespace svc::cli {

// Runs a program with its arguments, without a shell, for each payload; the exit status is
// the verdict (0: taken). A program still running after k_notify_time_limit is stopped and
// the delivery counted as failed.
class ProgramNotifier : public Notifier {
public:
    explicit ProgramNotifier(std::vector<std::string> argv) : m_argv(std::move(argv)) {}
    bool deliver(const std::string& line, std::string& error) override;

private:
    std::vector<std::string> m_argv;
};

class Session;

// The notifier of the policy's notify.command for --notify: Error(usage) when the policy
// has none, Error(refused) when its program is not one the team may trust (see
// require_trusted_notify_command). Checked before anything is claimed.
ProgramNotifier notifier_for(Session& s);
// The one row of `rows` as a JSON line without its newline: what a notify command gets.
std::string json_line(Session& s, const render::RowSet& rows);

}  // namespace svc::cli
