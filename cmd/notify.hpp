#pragma once
// Running the policy's notify.command: one event, one JSON line on its standard input.
// Lives in cmd because libsvc runs no programs; the library only sees a Notifier.
#include "render/render.hpp"
#include "sweep.hpp"

#include <string>
#include <vector>

namespace svc::cli {

class ShellNotifier : public Notifier {
public:
    explicit ShellNotifier(std::string command) : m_command(std::move(command)) {}
    // The command's exit status is the verdict: 0 means it took the event.
    bool deliver(const std::string& line, std::string& error) override;

private:
    std::string m_command;
};

class Session;

// Error(usage) naming --notify when the policy has no notify.command; checked before
// anything is marked as sent.
void require_notify_command(Session& s);
// Runs the policy's notify.command once per row, the row as one JSON line on its standard
// input. Returns, per row, the error of a failed delivery ("" = delivered).
std::vector<std::string> notify_rows(Session& s, const render::RowSet& rows);

}  // namespace svc::cli
