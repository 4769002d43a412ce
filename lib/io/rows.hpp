#pragma once
// Input files of rows — CSV with a header line, or JSON Lines — read the same way by every
// import: each line becomes a Row with its line number, and a bad line is reported by
// number rather than stopping the read, so one run lists every mistake of a file.
#include "json/json.hpp"
#include "time/instant.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svc {

enum class ImportFormat { jsonl, csv };
// By the file name (".csv", ".jsonl", ".json"), else by the first character of the text.
ImportFormat detect_import_format(std::string_view name, std::string_view text);

struct ImportProblem {
    std::size_t line;  // 0 = the file as a whole
    std::string message;
};

namespace io {

// One input line as a JSON object; CSV cells arrive as strings (empty = absent). Typed
// rows (JSON) must carry integers as numbers; CSV rows may carry them as text.
class Row {
public:
    Row(json::Value object, bool typed) : m_object(std::move(object)), m_typed(typed) {}

    // The value, or null when absent, null or an empty string.
    const json::Value* get(std::string_view key) const;
    // Each throws Error(usage) naming the key when the value has the wrong type.
    std::optional<std::string> text(std::string_view key) const;
    std::string required(std::string_view key) const;
    std::optional<std::int64_t> integer(std::string_view key) const;
    std::optional<Instant> instant(std::string_view key, const Zone& zone, Instant now) const;

private:
    json::Value m_object;
    bool m_typed;
};

// Calls `take(line, row)` for every row of `input`; lines that are not rows (bad JSON,
// wrong field count) go to `problems`. Returns false when the file could not be read to its
// end (broken CSV quoting), so the rows after the problem are unknown.
bool read_rows(std::string_view input, ImportFormat format, const std::function<void(std::size_t, const Row&)>& take,
               std::vector<ImportProblem>& problems);

// Throws Error(usage) listing every problem with its file and line; nothing is imported.
[[noreturn]] void refuse_file(const std::vector<ImportProblem>& problems, std::string_view source);

}  // namespace io
}  // namespace svc
