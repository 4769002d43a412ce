#pragma once
// The one clock of a process. `--now`/`$SVC_NOW` fix it for tests and replays. The system
// clock is read when the command starts and again each time it takes the store's write lock,
// so what a writer records is never earlier than what the writer before it recorded: two
// agents answering one ticket at the same moment are put in order by the lock, not refused.
#include "time/instant.hpp"

namespace svc {

class Clock {
public:
    static Clock fixed(Instant now) { return Clock(now, false); }
    static Clock system();  // reads the system clock
    Instant now() const { return m_now; }
    bool is_fixed() const { return !m_live; }
    // Reads the system clock again; a fixed clock keeps its instant.
    void reread();

private:
    Clock(Instant now, bool live) : m_now(now), m_live(live) {}
    Instant m_now;
    bool m_live;
};

}  // namespace svc
