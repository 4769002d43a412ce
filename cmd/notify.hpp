#pragma once
// Running the policy's notify.command: one event, one JSON line on its standard input.
// Lives in cmd because libsvc runs no programs; the library only sees a Notifier.
#include "sweep.hpp"

#include <string>

namespace svc::cli {

class ShellNotifier : public Notifier {
public:
    explicit ShellNotifier(std::string command) : m_command(std::move(command)) {}
    // The command's exit status is the verdict: 0 means it took the event.
    bool deliver(const std::string& line, std::string& error) override;

private:
    std::string m_command;
};

}  // namespace svc::cli
