// The CSV reader on its own: records come out in order with line numbers inside the input,
// or the reader refuses the text with Error(usage) naming the line.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "io/csv.hpp"

using namespace svc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 64 * 1024) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const std::size_t lines = fuzz::count_lines(text);
    fuzz::expect_usage_or_ok("csv::Reader", [&] {
        csv::Reader reader(text);
        std::size_t last = 0, records = 0;
        while (auto r = reader.next()) {
            if (r->line == 0 || r->line > lines || r->line < last) fuzz::broken("a record's line is outside the input");
            if (++records > size + 1) fuzz::broken("more records than bytes: the reader does not advance");
            last = r->line;
            for (const auto& f : r->fields) (void)csv::unneutralise(f);
        }
    });
    return 0;
}
