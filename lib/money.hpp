#pragma once
// Money as people type it: yuan with at most two decimals (fen), never a float on the way
// in. Every flag and file that takes an amount goes through here.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace svc {

// No compensation, limit or authority in svc is larger (a hundred million yuan).
inline constexpr std::int64_t k_max_fen = std::int64_t{100000000} * 100;

// "49.9" → 4990 fen; Error(usage) naming `what` for anything but a decimal with at most
// two decimals, more than 0 (or 0 too, with allow_zero), up to k_max_fen. NaN, infinities,
// exponents and signs are not amounts.
std::int64_t parse_yuan(std::string_view what, std::string_view text, bool allow_zero = false);
// Why `yuan` (a number read from TOML) is not an amount, or nothing: it must be finite,
// 0 or more, at most k_max_fen, with at most two decimals.
std::optional<std::string> yuan_problem(double yuan);
std::string format_yuan(std::int64_t fen);  // "49.90"

}  // namespace svc
