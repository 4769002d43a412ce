#pragma once
// KPIs (考核指标): process as well as result — response and resolution times, SLA
// compliance, first-contact resolution, follow-up and promise-kept rates, satisfaction,
// complaints, reopens, escalations, compensation and quality inspection — per period and
// per agent, team, channel… or per day, week or month. The monthly service star
// (服务之星) ranks agents on the same figures.
//
// Conventions: periods are half-open [start, end); times are integer wall-clock seconds;
// percentiles are nearest rank; rates are percentages rounded to one decimal. A rate, a
// percentile or an average without data is absent (null), never 0; counts and totals are
// 0 when nothing happened.
//
// A report is the trail as it stood at one instant: the period's end, or now while the
// period runs, or --as-of. So September printed in October gives September's figures as
// printed on 30 September, though tickets resolved then were reopened since (the resolution
// a reopen undid is kept, lib/store/sql/resolution.hpp). A ticket's kind, channel,
// category, priority, tier and owner are read as they are now.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "context.hpp"
#include "store/kpi_records.hpp"
#include "time/period.hpp"

namespace svc {

enum class MetricKind { count, rate, seconds, money, average };

struct MetricDef {
    std::string_view name;
    MetricKind kind;
    unsigned family;  // kpi_family bits its figures come from
    std::string_view definition;
};

// Every metric in its report order.
const std::vector<MetricDef>& kpi_metrics();
// "--metrics csat,frt_p90": the named metrics in the order given; empty or absent = all.
// Throws Error(usage) naming --metrics and the unknown name.
std::vector<const MetricDef*> parse_metrics(const std::optional<std::string>& list);

// What rows are: one for everything, one per dimension value, or one per calendar bucket.
enum class KpiDimension { none, agent, team, channel, kind, category, priority, tier, day, week, month };
// "agent" → KpiDimension::agent; throws Error(usage) naming --by.
KpiDimension parse_dimension(std::string_view name);
std::string_view dimension_name(KpiDimension d);  // "" for none
inline constexpr std::string_view k_dimension_names = "agent|team|channel|kind|category|priority|tier|day|week|month";

// The calendar buckets (days, ISO weeks or months in the zone) that cover the period, the
// first and last cut to it. Labels as periods are written: 2026-11-23, 2026-W47, 2026-11.
std::vector<Period> kpi_buckets(const Period& p, KpiDimension d, const Zone& zone);

// A metric's value from a group's figures; satisfaction counts for csat, nps, response_rate.
std::optional<double> metric_value(const MetricDef& m, const KpiFigures& f, const SatisfactionCounts& s);
// now − before: null when either is; rates and averages rounded to one decimal, money to fen.
std::optional<double> metric_change(const MetricDef& m, std::optional<double> now, std::optional<double> before);

struct KpiRequest {
    Period period;
    std::optional<Instant> as_of;  // none: the period's end, or now while it runs
    KpiDimension by = KpiDimension::none;
    std::vector<const MetricDef*> metrics;  // empty = all
    bool compare = false;
};

struct KpiRow {
    std::string group;                                    // "" without --by
    std::vector<std::optional<double>> values, previous;  // per metric; previous with compare
};

struct KpiReport {
    KpiDimension by = KpiDimension::none;
    std::vector<const MetricDef*> metrics;
    Period period;
    Instant as_of = 0;               // the instant the figures are as of
    std::optional<Period> previous;  // with compare, the period compared with (as of its end)
    std::vector<KpiRow> rows;        // ordered by group
};

// The instant a report of `period` is as of: `as_of` (none: now) cut at the period's end.
// Throws Error(usage) naming --as-of when it is later than now.
Instant report_as_of(Context& ctx, const Period& period, std::optional<Instant> as_of);

// "Previous period" for --compare: the previous calendar period for a day, ISO week, month,
// quarter or year (2026-11 → 2026-10); for a range A..B the same length just before A. With
// a calendar --by (day, week, month), each bucket is compared with its own previous one.
KpiReport compute_kpis(Context& ctx, const KpiRequest& request);

// The service star (服务之星): agents ranked by CSAT, then promise-kept rate, then tickets
// resolved; only agents with at least policy [kpi] stars_min_answers survey answers rank.
struct StarCandidate {
    std::string agent;
    std::optional<double> csat;  // rounded, as shown
    std::int64_t satisfied = 0;  // answers of 4 or 5: csat is satisfied / answers
    std::int64_t answers = 0;
    std::optional<double> promise_kept;
    std::int64_t promises_due = 0, promises_kept = 0;
    std::int64_t resolved = 0;
    std::optional<std::int64_t> rank;  // none = left out for too few answers
};
struct StarsReport {
    Period period;
    std::int64_t min_answers = 0;
    std::vector<StarCandidate> candidates;
};
// Ranks candidates in place order: ranked ones first (best first), then those left out by
// login. Ties on every figure share nothing: the login decides, so the order is stable.
void rank_stars(std::vector<StarCandidate>& candidates, std::int64_t min_answers);
// The ranked candidates of the period (the first `top` ranked ones when given), then every
// agent left out for too few answers.
StarsReport service_stars(Context& ctx, const Period& period, std::optional<std::int64_t> top);

}  // namespace svc
