// Import rows: CSV (RFC 4180 with line numbers) and JSON Lines read through read_rows, the
// reader every import uses. Bad lines become problems with a line number inside the input;
// a row's typed getters either answer or throw Error(usage).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "io/rows.hpp"

using namespace svc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1 || size > 64 * 1024) return 0;
    // The first byte picks the format, the rest is the file.
    const ImportFormat format = data[0] & 1 ? ImportFormat::csv : ImportFormat::jsonl;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::size_t lines = fuzz::count_lines(text);
    const Zone zone = Zone::utc();
    std::vector<ImportProblem> problems;
    std::size_t last = 0;
    fuzz::expect_usage_or_ok("read_rows", [&] {
        const io::Columns columns{{"id", "summary", "created_at", "channel", "customer"}, {"region"}};
        io::read_rows(
            text, format, columns,
            [&](std::size_t line, const io::Row& row) {
                if (line == 0 || line > lines || line < last) fuzz::broken("a row's line number is outside the input");
                last = line;
                for (const char* key : {"id", "summary", "created_at", "channel", "customer"}) {
                    fuzz::expect_usage_or_ok("row.text", [&] { (void)row.text(key); });
                    fuzz::expect_usage_or_ok("row.integer", [&] { (void)row.integer(key); });
                    fuzz::expect_usage_or_ok("row.instant", [&] { (void)row.instant(key, zone, 0); });
                }
            },
            problems);
    });
    for (const ImportProblem& p : problems)
        if (p.line > lines) fuzz::broken("a problem's line number is outside the input");
    return 0;
}
