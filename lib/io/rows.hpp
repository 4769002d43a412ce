#pragma once
// Input files of rows — CSV with a header line, or JSON Lines — read the same way by every
// import: each line becomes a Row with its line number, and a bad line is reported by
// number rather than stopping the read, so one run lists every mistake of a file.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.hpp"
#include "time/instant.hpp"

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

// An input file read in blocks of about 4 MiB that end where a row ends (a line end, in
// CSV one outside quotes), so a file of any size is read with memory for a block. It can
// be read again from the start: a pipe is kept in a temporary file as it is read.
class Input {
public:
    // Takes `file` (closed at the end unless it is stdin); `name` is what errors call it.
    Input(std::FILE* file, std::string name);
    ~Input();
    Input(const Input&) = delete;
    Input& operator=(const Input&) = delete;

    const std::string& name() const { return m_name; }
    // The first bytes, not taken: enough to tell the format by.
    std::string_view peek();
    // The next block of whole rows; empty at the end.
    std::string_view next_block(ImportFormat format);
    void restart();
    // A pipe is read to its end now, into the temporary copy, so the readings that follow
    // (inside the import's transaction, holding the store's write lock) wait on no other
    // process; a file is left as it is.
    void drain();

private:
    void fill();
    std::FILE* m_file;
    std::FILE* m_spool = nullptr;  // a copy of a pipe's bytes, for the next reading
    bool m_spooling = false;
    std::string m_name;
    std::string m_buffer;
    std::size_t m_taken = 0;  // bytes of m_buffer handed out in the last block
    bool m_end = false;
};

// The columns (CSV) or keys (JSON Lines) an import understands. A CSV header naming a
// column twice or one not known is a problem of the file as a whole (a misspelt column
// must not vanish without a word, nor a repeated one win by its position); in JSON Lines,
// the same of a line. `ignored` (--ignore-column) are dropped unread.
struct Columns {
    std::vector<std::string_view> known;
    std::vector<std::string> ignored;
};

// Calls `take(line, row)` for every row of `input`; lines that are not rows (bad JSON,
// wrong field count, a repeated or unknown column) go to `problems`. Returns false when the file could not be read to
// its end (broken CSV quoting), so the rows after the problem are unknown.
bool read_rows(std::string_view input, ImportFormat format, const Columns& columns,
               const std::function<void(std::size_t, const Row&)>& take, std::vector<ImportProblem>& problems);
// The same block by block, from where `input` stands; a byte-order mark at the start is
// skipped, and text that is not UTF-8 is refused (Error usage naming the file).
bool read_rows(Input& input, ImportFormat format, const Columns& columns,
               const std::function<void(std::size_t, const Row&)>& take, std::vector<ImportProblem>& problems);

// Throws Error(usage) listing every problem with its file and line; nothing is imported.
[[noreturn]] void refuse_file(const std::vector<ImportProblem>& problems, std::string_view source);

}  // namespace io
}  // namespace svc
