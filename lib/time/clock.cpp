#include "time/clock.hpp"

#include <algorithm>
#include <chrono>

namespace svc {

namespace {

Instant system_now() {
    const auto now = std::chrono::system_clock::now();
    return std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
}

}  // namespace

Clock Clock::system() {
    return Clock(system_now(), true);
}

void Clock::reread() {
    // Never backwards within one command: a clock stepped back by NTP must not undo the order
    // the lock gave.
    if (m_live) m_now = std::max(m_now, system_now());
}

}  // namespace svc
