#pragma once
// The one clock of a process. A command sees a single "now" from start to end, so every
// record it writes carries the same instant; `--now`/`$SVC_NOW` fix it for tests and replays.
#include "time/instant.hpp"

namespace svc {

class Clock {
public:
    static Clock fixed(Instant now) { return Clock(now); }
    static Clock system();  // reads the system clock once
    Instant now() const { return m_now; }

private:
    explicit Clock(Instant now) : m_now(now) {}
    Instant m_now;
};

}  // namespace svc
