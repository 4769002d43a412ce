#pragma once
// Reading CSV (RFC 4180): quoted fields may hold commas, quotes and newlines. Each record
// carries the line it starts on, so import errors can name it.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svc::csv {

struct Record {
    std::size_t line = 0;  // 1-based line where the record starts
    std::vector<std::string> fields;
};

class Reader {
public:
    // `first_line`: the line `text` starts on, when it is a later part of a file.
    explicit Reader(std::string_view text, std::size_t first_line = 1) : m_text(text), m_line(first_line) {}
    // The next record, or nullopt at the end. Throws Error(usage) naming the line for an
    // unterminated quote or a stray quote inside an unquoted field.
    std::optional<Record> next();

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
    std::size_t m_line;
};

// Undoes the formula neutralisation of svc's own CSV output ("'=1+1" → "=1+1").
std::string unneutralise(std::string_view cell);

}  // namespace svc::csv
