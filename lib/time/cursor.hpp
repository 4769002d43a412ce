#pragma once
// A tiny cursor over text being parsed, shared by the readers of instants, durations and
// zone rules in lib/time.
#include <cctype>
#include <cstddef>
#include <optional>
#include <string_view>

namespace svc::time_text {

struct Cursor {
    std::string_view text;
    std::size_t pos = 0;

    bool done() const { return pos >= text.size(); }
    char peek() const { return done() ? '\0' : text[pos]; }
    bool eat(char c) {
        if (peek() != c) return false;
        ++pos;
        return true;
    }
    // Exactly n digits.
    std::optional<int> digits(int n) {
        int value = 0;
        for (int i = 0; i < n; ++i) {
            if (done() || !std::isdigit(static_cast<unsigned char>(text[pos]))) return std::nullopt;
            value = value * 10 + (text[pos++] - '0');
        }
        return value;
    }
    // One or more digits, their value at most `max`.
    std::optional<int> number(int max) {
        const std::size_t from = pos;
        int value = 0;
        while (!done() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
            value = value * 10 + (text[pos++] - '0');
            if (value > max) return std::nullopt;
        }
        if (pos == from) return std::nullopt;
        return value;
    }
};

}  // namespace svc::time_text
