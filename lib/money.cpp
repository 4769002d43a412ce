#include "money.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "error.hpp"
#include "text.hpp"

namespace svc {

std::int64_t parse_yuan(std::string_view what, std::string_view raw, bool allow_zero) {
    const std::string s = text::trim(raw);
    std::int64_t yuan = 0, fen = 0;
    std::size_t i = 0, digits = 0, decimals = 0;
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, ++digits) {
        yuan = yuan * 10 + (s[i] - '0');
        if (yuan > k_max_fen / 100)
            fail(ErrorKind::usage, "{}: {} yuan is more than any amount svc takes ({} yuan)", what, s,
                 format_yuan(k_max_fen));
    }
    if (i < s.size() && s[i] == '.') {
        for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, ++decimals) {
            if (decimals == 2) fail(ErrorKind::usage, "{}: '{}' has more than two decimals (fen)", what, s);
            fen = fen * 10 + (s[i] - '0');
        }
        if (decimals == 1) fen *= 10;
        if (decimals == 0) digits = 0;
    }
    if (digits == 0 || i != s.size())
        fail(ErrorKind::usage, "{}: '{}' is not an amount in yuan (such as 50 or 49.90)", what, s);
    const std::int64_t total = yuan * 100 + fen;
    if (total > k_max_fen)
        fail(ErrorKind::usage, "{}: {} yuan is more than any amount svc takes ({} yuan)", what, s,
             format_yuan(k_max_fen));
    if (total == 0 && !allow_zero) fail(ErrorKind::usage, "{}: the amount must be more than 0", what);
    return total;
}

std::optional<std::string> yuan_problem(double yuan) {
    if (!std::isfinite(yuan)) return "not a number of yuan";
    if (yuan < 0) return "less than 0";
    if (yuan * 100 > static_cast<double>(k_max_fen)) return fmt::format("more than {} yuan", format_yuan(k_max_fen));
    const double fen = yuan * 100;
    if (std::fabs(fen - std::round(fen)) > 1e-6) return "more than two decimals (fen)";
    return std::nullopt;
}

std::string format_yuan(std::int64_t fen) {
    return fmt::format("{}.{:02}", fen / 100, fen % 100);
}

}  // namespace svc
