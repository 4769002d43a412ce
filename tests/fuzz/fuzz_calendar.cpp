// The business calendar's arithmetic on calendars built from the input (zone, weekly hours,
// holidays, make-up days): adding working time never goes back, is monotonic in both the
// start and the duration, and between(t, add(t, d)) == d.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "fuzz_support.hpp"
#include "time/calendar.hpp"

using namespace svc;

namespace {

class Bytes {
public:
    Bytes(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}
    std::uint8_t byte() { return m_pos < m_size ? m_data[m_pos++] : 0; }
    std::uint32_t u32() {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v = v << 8 | byte();
        return v;
    }

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
};

// A day's hours: up to three ordered, non-overlapping intervals on a 15-minute grid (with
// odd seconds now and then), or none.
DayHours hours(Bytes& in) {
    DayHours out;
    const int n = in.byte() % 4;
    Seconds at = 0;
    for (int i = 0; i < n && at < k_day; ++i) {
        const Seconds start = at + (in.byte() % 48) * 900 + (in.byte() % 7 == 0 ? 1 : 0);
        const Seconds end = start + 1 + (in.byte() % 48) * 900;
        if (start >= k_day) break;
        out.push_back({start, std::min(end, k_day)});
        at = out.back().end + 1;
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 512) return 0;
    Bytes in(data, size);
    static const char* const k_zones[] = {"UTC",           "Asia/Shanghai",       "America/New_York",
                                          "Europe/London", "Australia/Lord_Howe", "America/Santiago",
                                          "Asia/Kolkata",  "Pacific/Chatham"};
    const Zone zone = Zone::named(k_zones[in.byte() % 8]);
    std::array<DayHours, 7> weekly;
    for (auto& day : weekly) day = hours(in);
    // Instants from 2020 to 2040, the span where the store's deadlines live.
    const Instant base = 1577836800 + static_cast<Instant>(in.u32() % (20u * 366u * 86400u));
    const std::int64_t base_day = floor_div(zone.to_local(base), k_day);
    std::set<std::int64_t> holidays;
    std::map<std::int64_t, DayHours> workdays;
    for (int i = in.byte() % 8; i > 0; --i) holidays.insert(base_day + in.byte() % 60 - 5);
    for (int i = in.byte() % 4; i > 0; --i) workdays[base_day + in.byte() % 60 - 5] = hours(in);
    const BusinessCalendar cal(zone, weekly, holidays, workdays);

    const Seconds d1 = static_cast<Seconds>(in.u32() % (400u * 3600u));
    const Seconds d2 = d1 + static_cast<Seconds>(in.u32() % (100u * 3600u));
    const Instant t2 = base + static_cast<Instant>(in.u32() % (30u * 86400u));

    fuzz::expect_usage_or_ok("calendar", [&] {
        const Instant a1 = cal.add(base, d1);
        const Instant a2 = cal.add(base, d2);
        if (a1 < base) fuzz::broken("add(t, d) is before t");
        if (a2 < a1) fuzz::broken("add is not monotonic in the duration");
        if (cal.between(base, a1) != d1) fuzz::broken("between(t, add(t, d)) != d");
        if (cal.between(base, a2) != d2) fuzz::broken("between(t, add(t, d2)) != d2");
        if (cal.between(a1, base) != -d1) fuzz::broken("between is not antisymmetric");
        const Instant b1 = cal.add(t2, d1);
        if (b1 < a1) fuzz::broken("add is not monotonic in the start");
        if (d1 > 0 && !cal.is_working(a1 - 1)) fuzz::broken("the second before a deadline is not working time");
        const Instant next = cal.next_working(base);
        if (next < base || !cal.is_working(next)) fuzz::broken("next_working is not working time");
    });
    return 0;
}
