#include "json/json.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "error.hpp"
#include "text.hpp"

namespace svc::json {

double Value::as_number() const {
    if (is_integer()) return static_cast<double>(as_integer());
    return std::get<double>(m_data);
}

const Value* Value::find(std::string_view key) const {
    if (!is_object()) return nullptr;
    for (const auto& [k, v] : as_object())
        if (k == key) return &v;
    return nullptr;
}

Value& Value::set(std::string key, Value v) {
    if (!is_object()) m_data = Object{};
    auto& obj = as_object();
    obj.emplace_back(std::move(key), std::move(v));
    return obj.back().second;
}

std::string Value::type_name() const {
    if (is_null()) return "null";
    if (is_bool()) return "boolean";
    if (is_number()) return "number";
    if (is_string()) return "string";
    if (is_array()) return "array";
    return "object";
}

using text::utf8_sequence_length;

void append_string(std::string& out, std::string_view s) {
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        const auto uc = static_cast<unsigned char>(c);
        if (uc >= 0x80) {
            const std::size_t n = utf8_sequence_length(s, i);
            if (n == 0) {
                out += "\xef\xbf\xbd";
                ++i;
            } else {
                out.append(s.substr(i, n));
                i += n;
            }
            continue;
        }
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (uc < 0x20 || uc == 0x7f)
                    out += fmt::format("\\u{:04x}", uc);
                else
                    out += c;
        }
        ++i;
    }
    out += '"';
}

void append(std::string& out, const Value& v) {
    if (v.is_null()) {
        out += "null";
    } else if (v.is_bool()) {
        out += v.as_bool() ? "true" : "false";
    } else if (v.is_integer()) {
        out += fmt::format("{}", v.as_integer());
    } else if (v.is_number()) {
        const double d = v.as_number();
        out += std::isfinite(d) ? fmt::format("{}", d) : "null";
    } else if (v.is_string()) {
        append_string(out, v.as_string());
    } else if (v.is_array()) {
        out += '[';
        bool first = true;
        for (const Value& item : v.as_array()) {
            if (!first) out += ',';
            first = false;
            append(out, item);
        }
        out += ']';
    } else {
        out += '{';
        bool first = true;
        for (const auto& [k, item] : v.as_object()) {
            if (!first) out += ',';
            first = false;
            append_string(out, k);
            out += ':';
            append(out, item);
        }
        out += '}';
    }
}

std::string dump(const Value& v) {
    std::string out;
    append(out, v);
    return out;
}

// ---------------------------------------------------------------------------------------

namespace {

class Parser {
public:
    explicit Parser(std::string_view text) : m_text(text) {}

    Value document() {
        Value v = value(0);
        skip_space();
        if (m_pos != m_text.size()) error("unexpected text after the JSON value");
        return v;
    }

private:
    [[noreturn]] void error(std::string_view what) const {
        fail(ErrorKind::usage, "invalid JSON at column {}: {}", m_pos + 1, what);
    }
    void skip_space() {
        while (m_pos < m_text.size() &&
               (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' || m_text[m_pos] == '\r'))
            ++m_pos;
    }
    bool literal(std::string_view word) {
        if (m_text.substr(m_pos, word.size()) != word) return false;
        m_pos += word.size();
        return true;
    }

    Value value(int depth) {
        if (depth > 64) error("nested too deeply");
        skip_space();
        if (m_pos >= m_text.size()) error("unexpected end of input");
        const char c = m_text[m_pos];
        if (c == '{') return object(depth);
        if (c == '[') return array(depth);
        if (c == '"') return Value(string());
        if (literal("true")) return Value(true);
        if (literal("false")) return Value(false);
        if (literal("null")) return Value(nullptr);
        if (c == '-' || (c >= '0' && c <= '9')) return number();
        error(fmt::format("unexpected character '{}'", c));
    }

    Value object(int depth) {
        ++m_pos;
        Object obj;
        skip_space();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            return Value(std::move(obj));
        }
        for (;;) {
            skip_space();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"') error("expected a member name in double quotes");
            std::string key = string();
            skip_space();
            if (m_pos >= m_text.size() || m_text[m_pos] != ':') error("expected ':' after a member name");
            ++m_pos;
            Value v = value(depth + 1);
            obj.emplace_back(std::move(key), std::move(v));
            skip_space();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == '}') {
                ++m_pos;
                return Value(std::move(obj));
            }
            error("expected ',' or '}' in an object");
        }
    }

    Value array(int depth) {
        ++m_pos;
        Array arr;
        skip_space();
        if (m_pos < m_text.size() && m_text[m_pos] == ']') {
            ++m_pos;
            return Value(std::move(arr));
        }
        for (;;) {
            arr.push_back(value(depth + 1));
            skip_space();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == ']') {
                ++m_pos;
                return Value(std::move(arr));
            }
            error("expected ',' or ']' in an array");
        }
    }

    unsigned hex4() {
        if (m_pos + 4 > m_text.size()) error("incomplete \\u escape");
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = m_text[m_pos++];
            v <<= 4;
            if (h >= '0' && h <= '9')
                v |= static_cast<unsigned>(h - '0');
            else if (h >= 'a' && h <= 'f')
                v |= static_cast<unsigned>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                v |= static_cast<unsigned>(h - 'A' + 10);
            else
                error("bad \\u escape");
        }
        return v;
    }

    std::string string() {
        ++m_pos;  // opening quote
        std::string out;
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == '"') {
                ++m_pos;
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) error("control character inside a string");
            if (static_cast<unsigned char>(c) >= 0x80) {
                const std::size_t n = utf8_sequence_length(m_text, m_pos);
                if (n == 0) error("invalid UTF-8 inside a string");
                out.append(m_text.substr(m_pos, n));
                m_pos += n;
                continue;
            }
            if (c != '\\') {
                // A run of plain ASCII is appended whole.
                std::size_t end = m_pos + 1;
                while (end < m_text.size()) {
                    const auto next = static_cast<unsigned char>(m_text[end]);
                    if (next == '"' || next == '\\' || next < 0x20 || next >= 0x80) break;
                    ++end;
                }
                out.append(m_text.substr(m_pos, end - m_pos));
                m_pos = end;
                continue;
            }
            ++m_pos;
            if (m_pos >= m_text.size()) break;
            const char e = m_text[m_pos++];
            switch (e) {
                case '"':
                    out += '"';
                    break;
                case '\\':
                    out += '\\';
                    break;
                case '/':
                    out += '/';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u': {
                    unsigned cp = hex4();
                    if (cp >= 0xd800 && cp < 0xdc00) {
                        if (!literal("\\u")) error("unpaired surrogate in \\u escape");
                        const unsigned low = hex4();
                        if (low < 0xdc00 || low > 0xdfff) error("unpaired surrogate in \\u escape");
                        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
                        error("unpaired surrogate in \\u escape");
                    }
                    text::append_utf8(out, cp);
                    break;
                }
                default:
                    error(fmt::format("bad escape '\\{}'", e));
            }
        }
        error("unterminated string");
    }

    Value number() {
        const std::size_t start = m_pos;
        if (m_text[m_pos] == '-') ++m_pos;
        if (m_pos + 1 < m_text.size() && m_text[m_pos] == '0' && m_text[m_pos + 1] >= '0' && m_text[m_pos + 1] <= '9')
            error("a number must not start with 0");
        auto digits = [&] {
            const std::size_t b = m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') ++m_pos;
            return m_pos - b;
        };
        if (digits() == 0) error("bad number");
        bool integral = true;
        if (m_pos < m_text.size() && m_text[m_pos] == '.') {
            ++m_pos;
            integral = false;
            if (digits() == 0) error("bad number");
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            ++m_pos;
            integral = false;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-')) ++m_pos;
            if (digits() == 0) error("bad number");
        }
        const std::string text(m_text.substr(start, m_pos - start));
        if (integral) {
            errno = 0;
            char* end = nullptr;
            const long long v = std::strtoll(text.c_str(), &end, 10);
            if (errno == 0) return Value(static_cast<std::int64_t>(v));
        }
        return Value(std::strtod(text.c_str(), nullptr));
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

}  // namespace

Value parse(std::string_view text) {
    return Parser(text).document();
}

}  // namespace svc::json
