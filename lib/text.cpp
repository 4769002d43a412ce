#include "text.hpp"

#include <utf8proc.h>

#include <cctype>
#include <charconv>

#include "error.hpp"

namespace svc::text {

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
    const auto c1 = n > 1 ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (n == 2 && c < 0xc2) return 0;                                                 // overlong
    if (n == 3 && ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0))) return 0;  // overlong, surrogate
    if (n == 4 && ((c == 0xf0 && c1 < 0x90) || c > 0xf4 || (c == 0xf4 && c1 >= 0x90))) return 0;
    return n;
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::size_t display_width(std::string_view s) {
    std::size_t width = 0;
    auto p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
    utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(s.size());
    while (left > 0) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0) {  // invalid byte: shown as one replacement character
            ++width;
            ++p;
            --left;
            continue;
        }
        const int w = utf8proc_charwidth(cp);
        width += w > 0 ? static_cast<std::size_t>(w) : 0;
        p += n;
        left -= n;
    }
    return width;
}

std::string truncate_to_width(std::string_view s, std::size_t width) {
    if (display_width(s) <= width) return std::string(s);
    if (width == 0) return {};
    std::string out;
    std::size_t used = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = utf8_sequence_length(s, i);
        if (n == 0) n = 1;
        const std::size_t w = display_width(s.substr(i, n));
        if (used + w > width - 1) break;
        out.append(s.substr(i, n));
        used += w;
        i += n;
    }
    return out + "…";
}

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

std::string collapse_spaces(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : c;
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string ascii_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

namespace {

// The code point of the valid UTF-8 sequence of `len` bytes at s[i].
char32_t code_point(std::string_view s, std::size_t i, std::size_t len) {
    const auto byte = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
    switch (len) {
        case 1:
            return byte(0);
        case 2:
            return ((byte(0) & 0x1f) << 6) | (byte(1) & 0x3f);
        case 3:
            return ((byte(0) & 0x0f) << 12) | ((byte(1) & 0x3f) << 6) | (byte(2) & 0x3f);
        default:
            return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3f) << 12) | ((byte(2) & 0x3f) << 6) | (byte(3) & 0x3f);
    }
}

// Characters that reorder the text shown around them: a summary could be made to read
// differently in a table than it is stored.
bool is_bidi_control(char32_t c) {
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}
// Characters that take no room: they hide a difference between two texts that look the same.
bool is_zero_width(char32_t c) {
    return (c >= 0x200b && c <= 0x200f) || c == 0xfeff;
}
// Pictographs, which a zero-width joiner binds into one emoji (a family, a profession).
bool is_emoji(char32_t c) {
    return c >= 0x1f000 || (c >= 0x2600 && c <= 0x27bf) || c == 0xfe0f;
}

}  // namespace

std::string checked(std::string_view what, std::string_view value, std::size_t max_bytes, bool allow_empty) {
    if (!valid_utf8(value)) fail(ErrorKind::usage, "{}: the text is not valid UTF-8", what);
    std::string kept;
    kept.reserve(value.size());
    char32_t previous = 0;
    for (std::size_t i = 0; i < value.size();) {
        const auto c = static_cast<unsigned char>(value[i]);
        if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f)
            fail(ErrorKind::usage, "{}: the text contains a control character (byte {:#04x} at offset {})", what, c, i);
        // C1 controls (U+0080–U+009F, encoded C2 80–C2 9F) include terminal escapes such as CSI.
        if (c == 0xc2 && i + 1 < value.size() && static_cast<unsigned char>(value[i + 1]) < 0xa0)
            fail(ErrorKind::usage, "{}: the text contains a control character (U+{:04X} at offset {})", what,
                 static_cast<unsigned char>(value[i + 1]), i);
        const std::size_t len = utf8_sequence_length(value, i);
        const char32_t cp = code_point(value, i, len);
        if (is_bidi_control(cp))
            fail(ErrorKind::usage, "{}: the text contains a bidirectional control character (U+{:04X} at offset {})",
                 what, static_cast<std::uint32_t>(cp), i);
        bool keep = !is_zero_width(cp);
        if (cp == 0x200d && is_emoji(previous) && i + len < value.size())
            keep = is_emoji(code_point(value, i + len, utf8_sequence_length(value, i + len)));
        if (keep) {
            kept.append(value.substr(i, len));
            previous = cp;
        }
        i += len;
    }
    std::string out = trim(kept);
    if (out.empty() && !allow_empty) fail(ErrorKind::usage, "{}: must not be empty", what);
    if (out.size() > max_bytes)
        fail(ErrorKind::usage, "{}: too long ({} bytes, at most {})", what, out.size(), max_bytes);
    return out;
}

std::int64_t parse_number(std::string_view flag, std::string_view text, std::string_view what) {
    std::string_view s = text;
    if (!s.empty() && s.front() == '#') s.remove_prefix(1);
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size() || n <= 0) {
        if (flag.empty()) fail(ErrorKind::usage, "'{}' is not a {}", text, what);
        fail(ErrorKind::usage, "{}: '{}' is not a {}", flag, text, what);
    }
    return n;
}

}  // namespace svc::text
