// Zone files (TZif) as a damaged or hostile zoneinfo directory might hold them: each input
// is a zone or refused with Error(usage). A zone read must answer every instant with an
// offset RFC 8536 allows (under 26 hours from UTC), and map local times back to instants
// that show them, or near them across a gap.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "time/instant.hpp"

using namespace svc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    fuzz::expect_usage_or_ok("Zone::from_tzif", [&] {
        const Zone zone = Zone::from_tzif("fuzz", bytes);
        // 1901, 1970, 2026, 2038, 2100 and 2400: the table, both sides of 32 bits, the rule.
        for (const Instant t : {-2177452800LL, 0LL, 1795399200LL, 2147483648LL, 4102444800LL, 13569465600LL}) {
            const Seconds offset = zone.offset_at(t);
            if (offset <= -26 * k_hour || offset >= 26 * k_hour) fuzz::broken("an offset of 26 hours or more");
            const LocalTime local = zone.to_local(t);
            const Instant back = zone.from_local(local);
            if (const auto exact = zone.from_local_exact(local)) {
                if (zone.to_local(*exact) != local)
                    fuzz::broken("from_local_exact gave an instant showing another time");
            }
            if (back - t > 3 * k_day || t - back > 3 * k_day) fuzz::broken("from_local strayed more than three days");
        }
    });
    return 0;
}
