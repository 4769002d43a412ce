#include "measures.hpp"

#include <algorithm>
#include <cmath>

namespace svc {

double rounded(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    // The tiny nudge keeps 12.25 (stored as 12.249999…) rounding up as written.
    const double nudge = value >= 0 ? 1e-9 : -1e-9;
    return std::round(value * scale + nudge) / scale;
}

std::optional<double> percentage(std::int64_t part, std::int64_t whole) {
    if (whole <= 0) return std::nullopt;
    return rounded(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1);
}

std::optional<double> csat_score(const SatisfactionCounts& c) {
    return percentage(c.csat[3] + c.csat[4], c.answered);
}

std::optional<double> csat_average(const SatisfactionCounts& c) {
    if (c.answered <= 0) return std::nullopt;
    return rounded(static_cast<double>(c.csat_sum) / static_cast<double>(c.answered), 2);
}

std::optional<double> nps_score(const SatisfactionCounts& c) {
    if (c.nps_answers <= 0) return std::nullopt;
    return rounded(100.0 * static_cast<double>(c.promoters - c.detractors) / static_cast<double>(c.nps_answers), 1);
}

std::optional<double> response_rate(const SatisfactionCounts& c) {
    return percentage(c.sent_answered, c.sent);
}

std::int64_t nearest_rank_index(std::int64_t n, double p) {
    const auto rank = static_cast<std::int64_t>(std::ceil(p * static_cast<double>(n) - 1e-9));
    return std::max<std::int64_t>(1, std::min(rank, n));
}

std::optional<std::int64_t> nearest_rank(std::vector<std::int64_t> values, double p) {
    if (values.empty()) return std::nullopt;
    const auto n = static_cast<std::int64_t>(values.size());
    const auto rank = values.begin() + (nearest_rank_index(n, p) - 1);
    std::nth_element(values.begin(), rank, values.end());
    return *rank;
}

}  // namespace svc
