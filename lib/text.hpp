#pragma once
// Text as users type it: UTF-8 validity, display width of CJK text, and the checks every
// free-text field goes through before it is stored.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace svc::text {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);
bool valid_utf8(std::string_view s);
// Columns the text takes on a terminal: CJK characters count two, combining marks zero.
std::size_t display_width(std::string_view s);
// Cuts to at most `width` columns, ending with "…" when something was cut.
std::string truncate_to_width(std::string_view s, std::size_t width);
std::string trim(std::string_view s);
// Every run of spaces, tabs and line ends as one space, none at either end: SQL laid out
// over several lines, on one.
std::string collapse_spaces(std::string_view s);
// A record's number as people write it, "42" or "#42": a positive integer. Error(usage)
// "FLAG: 'TEXT' is not a WHAT" (without "FLAG: " when flag is empty).
std::int64_t parse_number(std::string_view flag, std::string_view text, std::string_view what);
// Whether a spreadsheet would run a cell starting with c as a formula (= + - @ tab CR).
constexpr bool starts_formula(char c) {
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}
// Lower-case ASCII only (enum values, keywords), leaves other bytes alone.
std::string ascii_lower(std::string_view s);
// Appends code point `cp` in UTF-8; one that is not a character (a surrogate, past
// U+10FFFF) as U+FFFD.
void append_utf8(std::string& out, std::uint32_t cp);

// Validates a free-text field: valid UTF-8, no NUL or other control characters but
// newline, carriage return and tab, no bidirectional overrides or isolates (U+202A–U+202E,
// U+2066–U+2069), at most max_bytes, and not empty unless allowed. Throws Error(usage)
// naming `what` (usually the flag) and the code point. Returns the text trimmed, without
// zero-width characters (U+200B–U+200F, U+FEFF) but a joiner inside an emoji sequence.
std::string checked(std::string_view what, std::string_view value, std::size_t max_bytes, bool allow_empty = false);

inline constexpr std::size_t k_max_name = 200;
inline constexpr std::size_t k_max_summary = 500;
inline constexpr std::size_t k_max_body = 64 * 1024;

}  // namespace svc::text
