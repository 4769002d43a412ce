#pragma once
// The one clock of a process. `--now`/`$SVC_NOW` fix it for tests and replays. The system
// clock is read when the command starts and again each time it takes the store's write lock,
// so what a writer records is never earlier than what the writer before it recorded: two
// agents answering one ticket at the same moment are put in order by the lock, not refused.
#include "time/instant.hpp"

namespace svc {

// The instants a clock may be set to: 2000-01-01 to 2100-01-01 (UTC). A clock far outside
// them (year 9999, before 1970) is a typo, and what it writes could not be read back.
inline constexpr Instant k_clock_earliest = 946684800;  // 2000-01-01T00:00:00Z
inline constexpr Instant k_clock_latest = 4102444800;   // 2100-01-01T00:00:00Z
inline constexpr const char* k_clock_range_text = "2000-01-01..2100-01-01";
constexpr bool clock_in_range(Instant t) {
    return t >= k_clock_earliest && t <= k_clock_latest;
}

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
