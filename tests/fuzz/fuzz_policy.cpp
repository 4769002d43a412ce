// The policy loader: any text is either a valid policy or refused with Error(usage) (which
// names file, line and column); a policy that loads must compute deadlines without failing.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "policy/policy.hpp"

using namespace svc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 64 * 1024) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    fuzz::expect_usage_or_ok("parse_policy", [&] {
        const Policy p = parse_policy(text, "fuzz.toml");
        const Instant t = 1795399200;
        for (SlaClock clock : {SlaClock::business, SlaClock::around_the_clock}) {
            fuzz::expect_usage_or_ok("deadline", [&] {
                const Instant due = p.deadline(clock, t, 2 * k_hour);
                if (due < t) fuzz::broken("a deadline before its start");
            });
        }
    });
    return 0;
}
