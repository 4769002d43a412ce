#include "kpi.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "error.hpp"
#include "measures.hpp"

namespace svc {

namespace {
namespace fam = kpi_family;
}  // namespace

const std::vector<MetricDef>& kpi_metrics() {
    static const std::vector<MetricDef> metrics{
        {"created", MetricKind::count, fam::created, "Tickets created in the period."},
        {"resolved", MetricKind::count, fam::resolution,
         "Tickets resolved in the period: the resolution in force at the instant the report is as of (the period's "
         "end, or now), so a ticket reopened and resolved again counts once, in the period of its last resolution "
         "then; a reopen after that instant changes nothing."},
        {"backlog", MetricKind::count, fam::backlog,
         "Tickets open or pending at the period's end (or the instant the report is as of, if earlier): created "
         "before it and not resolved then. A ticket resolved then and reopened since counts as resolved."},
        {"complaints", MetricKind::count, fam::created, "Complaints (kind complaint) created in the period."},
        {"complaint_rate", MetricKind::rate, fam::created, "complaints / created, in percent."},
        {"service_complaint_rate", MetricKind::rate, fam::created,
         "Complaints created in the period whose cause (of the resolution in force at the report's instant) is "
         "service, the service's own fault, in "
         "percent of the tickets created; the rest of complaint_rate has causes outside the service (product, "
         "logistics, customer, other) or is not resolved yet."},
        {"complaint_res_sla", MetricKind::rate, fam::resolution,
         "投诉解决率: of the complaints whose resolution target came due in the period (before the report's instant), "
         "the share "
         "resolved by it, in percent."},
        {"frt_p50", MetricKind::seconds, fam::first_response,
         "Median first response time, seconds: first_responded_at - created_at of the tickets first responded to in "
         "the period (nearest rank)."},
        {"frt_p90", MetricKind::seconds, fam::first_response, "90th percentile of the same first response times."},
        {"res_p50", MetricKind::seconds, fam::resolution,
         "Median resolution time, seconds: resolved_at - created_at - time pending, of the tickets resolved in the "
         "period (nearest rank)."},
        {"res_p90", MetricKind::seconds, fam::resolution, "90th percentile of the same resolution times."},
        {"frt_sla", MetricKind::rate, fam::first_response,
         "First-response targets met, in percent: of the targets met in the period plus those that came due in it "
         "unmet (before the report's instant), the share met by their due time. Tickets without a target do not "
         "count."},
        {"res_sla", MetricKind::rate, fam::resolution,
         "Resolution targets met, in percent: as frt_sla, with the resolution target and resolved_at."},
        {"fcr", MetricKind::rate, fam::resolution,
         "First-contact resolution, in percent: of the tickets resolved in the period, those resolved in one "
         "contact with no transfer, no escalation and no reopen. A chat or phone contact is a session: messages "
         "either way less than the policy's contact_gap apart (so a chat solved in one session with six replies "
         "counts); on the other channels, at most one agent response."},
        {"reopen_rate", MetricKind::rate, fam::resolution,
         "Of the tickets resolved in the period, the share reopened at least once before, in percent."},
        {"escalation_rate", MetricKind::rate, fam::created,
         "Of the tickets created in the period, the share escalated by the instant the report is as of, in percent."},
        {"exception_count", MetricKind::count, fam::compensation,
         "Compensation granted in the period over the granting agent's authority (容错机制 exceptions)."},
        {"compensation_total", MetricKind::money, fam::compensation, "Compensation granted in the period, in yuan."},
        {"revisit_rate", MetricKind::rate, fam::followups,
         "回访率: of the revisits due in the period (before the report's instant), not cancelled by then, the share "
         "done by then, in percent."},
        {"promise_kept", MetricKind::rate, fam::followups,
         "Of the promises and callbacks due in the period (before the report's instant), not called off before their "
         "due time, the "
         "share done by their due time, in percent."},
        {"proactive_count", MetricKind::count, fam::followups, "Care reminders (主动服务) done in the period."},
        {"csat", MetricKind::rate, fam::surveys,
         "Survey answers given in the period with CSAT 4 or 5, in percent of the answers."},
        {"nps", MetricKind::rate, fam::surveys,
         "Net promoter score of the answers given in the period: percent promoters (9-10) minus percent "
         "detractors (0-6)."},
        {"response_rate", MetricKind::rate, fam::surveys,
         "Of the surveys sent in the period (not cancelled), the share answered by the instant the report is as of "
         "(the period's end, or now), in percent."},
        {"qa_avg", MetricKind::average, fam::qa,
         "Average quality-inspection score (0-100) of the inspections made in the period, one decimal."},
        {"forced_replies", MetricKind::count, fam::replies,
         "Replies to customers recorded in the period with a phrase the policy's [language] avoid list forbids, "
         "sent with --force; credited to the replying agent."},
        {"vague_replies", MetricKind::count, fam::replies,
         "Replies to customers recorded in the period with a vague time commitment ([language] vague_time, e.g. "
         "尽快), whether or not a --promise made it concrete; credited to the replying agent."},
        {"retention", MetricKind::rate, fam::customers,
         "留存率: of the customers registered before the period and not lost at its start, the share not lost at "
         "its end (svc customer lost; one who came back by then counts as kept), in percent. Empty with a --by "
         "other than tier, day, week or month."},
    };
    return metrics;
}

std::vector<const MetricDef*> parse_metrics(const std::optional<std::string>& list) {
    std::vector<const MetricDef*> out;
    const auto& all = kpi_metrics();
    if (!list || list->find_first_not_of(" ,") == std::string::npos) {
        for (const MetricDef& m : all) out.push_back(&m);
        return out;
    }
    std::string_view rest = *list;
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        std::string_view name = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        if (name.empty()) continue;
        auto it = std::find_if(all.begin(), all.end(), [&](const MetricDef& m) { return m.name == name; });
        if (it == all.end()) fail(ErrorKind::usage, "--metrics: unknown metric '{}' (see svc kpi --list)", name);
        if (std::find(out.begin(), out.end(), &*it) == out.end()) out.push_back(&*it);
    }
    return out;
}

namespace {
constexpr std::array<std::pair<std::string_view, KpiDimension>, 10> k_dimensions{{
    {"agent", KpiDimension::agent},
    {"team", KpiDimension::team},
    {"channel", KpiDimension::channel},
    {"kind", KpiDimension::kind},
    {"category", KpiDimension::category},
    {"priority", KpiDimension::priority},
    {"tier", KpiDimension::tier},
    {"day", KpiDimension::day},
    {"week", KpiDimension::week},
    {"month", KpiDimension::month},
}};

bool is_calendar(KpiDimension d) {
    return d == KpiDimension::day || d == KpiDimension::week || d == KpiDimension::month;
}

// The store groups by the same dimensions as the surveys; calendar buckets are ranges.
SurveyGroup store_group(KpiDimension d) {
    switch (d) {
        case KpiDimension::agent:
            return SurveyGroup::agent;
        case KpiDimension::team:
            return SurveyGroup::team;
        case KpiDimension::channel:
            return SurveyGroup::channel;
        case KpiDimension::kind:
            return SurveyGroup::kind;
        case KpiDimension::category:
            return SurveyGroup::category;
        case KpiDimension::priority:
            return SurveyGroup::priority;
        case KpiDimension::tier:
            return SurveyGroup::tier;
        default:
            return SurveyGroup::none;
    }
}

// A day or week report over decades would run thousands of queries; past this, a coarser
// bucket is what the reader wants anyway.
constexpr std::size_t k_max_buckets = 1000;
}  // namespace

KpiDimension parse_dimension(std::string_view name) {
    for (const auto& [n, d] : k_dimensions)
        if (n == name) return d;
    fail(ErrorKind::usage, "--by: unknown dimension '{}' (expected {})", name, k_dimension_names);
}

std::string_view dimension_name(KpiDimension d) {
    for (const auto& [n, dim] : k_dimensions)
        if (dim == d) return n;
    return "";
}

std::vector<Period> kpi_buckets(const Period& p, KpiDimension d, const Zone& zone) {
    std::vector<Period> out;
    Instant t = p.start;
    while (t < p.end) {
        const std::int64_t day = floor_div(zone.to_local(t), k_day);
        Period b;
        if (d == KpiDimension::week) {
            b = iso_week_of(t, zone);
        } else if (d == KpiDimension::month) {
            const CivilDate c = civil_from_days(day);
            const std::int64_t first = days_from_civil(c.year, c.month, 1);
            const std::int64_t next =
                c.month == 12 ? days_from_civil(c.year + 1, 1, 1) : days_from_civil(c.year, c.month + 1, 1);
            b = {zone.from_local(first * k_day), zone.from_local(next * k_day),
                 fmt::format("{:04}-{:02}", c.year, c.month)};
        } else {
            b = {zone.from_local(day * k_day), zone.from_local((day + 1) * k_day), format_date(day)};
        }
        b.start = std::max(b.start, p.start);
        b.end = std::min(b.end, p.end);
        if (b.end <= t) break;  // never loop on a zone oddity
        t = b.end;
        out.push_back(std::move(b));
        if (out.size() > k_max_buckets)
            fail(ErrorKind::usage, "--by {}: more than {} buckets in {}; use a coarser --by or a shorter period",
                 dimension_name(d), k_max_buckets, p.label);
    }
    return out;
}

std::optional<double> metric_value(const MetricDef& m, const KpiFigures& f, const SatisfactionCounts& s) {
    auto n = [](std::int64_t v) { return std::optional<double>(static_cast<double>(v)); };
    auto rank = [](const std::vector<Seconds>& v, double p) -> std::optional<double> {
        if (auto r = nearest_rank(v, p)) return static_cast<double>(*r);
        return std::nullopt;
    };
    const std::string_view k = m.name;
    if (k == "created") return n(f.created);
    if (k == "resolved") return n(f.resolved);
    if (k == "backlog") return n(f.backlog);
    if (k == "complaints") return n(f.complaints);
    if (k == "complaint_rate") return percentage(f.complaints, f.created);
    if (k == "service_complaint_rate") return percentage(f.service_complaints, f.created);
    if (k == "complaint_res_sla") return percentage(f.complaints_resolved_in_time, f.complaints_due);
    if (k == "frt_p50") return rank(f.first_response_times, 0.5);
    if (k == "frt_p90") return rank(f.first_response_times, 0.9);
    if (k == "res_p50") return rank(f.resolution_times, 0.5);
    if (k == "res_p90") return rank(f.resolution_times, 0.9);
    if (k == "frt_sla") return percentage(f.first_response_met, f.first_response_met + f.first_response_breached);
    if (k == "res_sla") return percentage(f.resolution_met, f.resolution_met + f.resolution_breached);
    if (k == "fcr") return percentage(f.first_contact, f.resolved);
    if (k == "reopen_rate") return percentage(f.reopened, f.resolved);
    if (k == "escalation_rate") return percentage(f.escalated, f.created);
    if (k == "exception_count") return n(f.exceptions);
    if (k == "compensation_total") return static_cast<double>(f.compensation_fen) / 100.0;
    if (k == "revisit_rate") return percentage(f.revisits_done, f.revisits_due);
    if (k == "promise_kept") return percentage(f.promises_kept, f.promises_due);
    if (k == "proactive_count") return n(f.care_done);
    if (k == "csat") return csat_score(s);
    if (k == "nps") return nps_score(s);
    if (k == "response_rate") return response_rate(s);
    if (k == "forced_replies") return n(f.forced_replies);
    if (k == "vague_replies") return n(f.vague_replies);
    if (k == "retention") return percentage(f.customers_active - f.customers_lost, f.customers_active);
    if (k == "qa_avg") {
        if (f.qa_count <= 0) return std::nullopt;
        return rounded(static_cast<double>(f.qa_sum) / static_cast<double>(f.qa_count), 1);
    }
    return std::nullopt;
}

std::optional<double> metric_change(const MetricDef& m, std::optional<double> now, std::optional<double> before) {
    if (!now || !before) return std::nullopt;
    const double d = *now - *before;
    switch (m.kind) {
        case MetricKind::rate:
        case MetricKind::average:
            return rounded(d, 1);
        case MetricKind::money:
            return rounded(d, 2);
        default:
            return d;
    }
}

namespace {

struct GroupFigures {
    KpiFigures figures;
    SatisfactionCounts satisfaction;
};

std::map<std::string, GroupFigures> figures_of(Context& ctx, const Period& p, Instant as_of, SurveyGroup by,
                                               unsigned families) {
    std::map<std::string, GroupFigures> out;
    for (KpiFigures& f : ctx.store().kpis().kpi_figures(p.start, p.end, as_of, by, families)) {
        std::string key = f.group;
        out[key].figures = std::move(f);
    }
    if (families & kpi_family::surveys)
        for (SatisfactionCounts& s : ctx.store().kpis().satisfaction(p.start, p.end, as_of, by)) {
            std::string key = s.group;
            out[key].satisfaction = std::move(s);
        }
    return out;
}

std::vector<std::optional<double>> values_of(const std::vector<const MetricDef*>& metrics, const GroupFigures* g) {
    static const GroupFigures empty;
    if (!g) g = &empty;
    std::vector<std::optional<double>> out;
    for (const MetricDef* m : metrics) out.push_back(metric_value(*m, g->figures, g->satisfaction));
    return out;
}

unsigned families_of(const std::vector<const MetricDef*>& metrics) {
    unsigned f = 0;
    for (const MetricDef* m : metrics) f |= m->family;
    return f;
}

// A calendar bucket cut by the report's range is compared with the same length before it,
// a whole one with the previous calendar bucket.
Period previous_bucket(const Period& b, const Zone& zone, Instant now) {
    const Period whole = parse_period(b.label, zone, now);
    if (whole.start == b.start && whole.end == b.end) return previous_period(whole, zone);
    return {b.start - b.length(), b.start, "previous"};
}

}  // namespace

Instant report_as_of(Context& ctx, const Period& period, std::optional<Instant> as_of) {
    if (as_of && *as_of > ctx.now())
        fail(ErrorKind::usage, "--as-of: {} is later than now ({}); figures exist only up to now",
             format_instant(*as_of, ctx.policy().zone), format_instant(ctx.now(), ctx.policy().zone));
    return std::min(period.end, as_of.value_or(ctx.now()));
}

KpiReport compute_kpis(Context& ctx, const KpiRequest& r) {
    KpiReport report;
    report.by = r.by;
    report.metrics = r.metrics.empty() ? parse_metrics(std::nullopt) : r.metrics;
    report.period = r.period;
    const unsigned families = families_of(report.metrics);
    const Zone& zone = ctx.policy().zone;
    if (r.compare) report.previous = previous_period(r.period, zone);
    report.as_of = report_as_of(ctx, r.period, r.as_of);
    // The period compared with is read as it stood at its own end, as it was reported then.
    const auto previous_as_of = [&](const Period& p) { return std::min(p.end, report.as_of); };

    if (is_calendar(r.by)) {
        for (const Period& b : kpi_buckets(r.period, r.by, zone)) {
            KpiRow row;
            row.group = b.label;
            auto now = figures_of(ctx, b, report.as_of, SurveyGroup::none, families);
            row.values = values_of(report.metrics, now.empty() ? nullptr : &now.begin()->second);
            if (r.compare) {
                const Period p = previous_bucket(b, zone, ctx.now());
                auto before = figures_of(ctx, p, previous_as_of(p), SurveyGroup::none, families);
                row.previous = values_of(report.metrics, before.empty() ? nullptr : &before.begin()->second);
            }
            report.rows.push_back(std::move(row));
        }
        return report;
    }

    const SurveyGroup by = store_group(r.by);
    auto now = figures_of(ctx, r.period, report.as_of, by, families);
    std::map<std::string, GroupFigures> before;
    if (r.compare) before = figures_of(ctx, *report.previous, previous_as_of(*report.previous), by, families);
    std::set<std::string> keys;
    for (const auto& [k, g] : now) keys.insert(k);
    for (const auto& [k, g] : before) keys.insert(k);
    // Without grouping there is always the one row, data or not.
    if (r.by == KpiDimension::none) keys = {""};
    auto find = [](const std::map<std::string, GroupFigures>& m, const std::string& k) -> const GroupFigures* {
        auto it = m.find(k);
        return it == m.end() ? nullptr : &it->second;
    };
    for (const std::string& k : keys) {
        KpiRow row;
        row.group = k;
        row.values = values_of(report.metrics, find(now, k));
        if (r.compare) row.previous = values_of(report.metrics, find(before, k));
        report.rows.push_back(std::move(row));
    }
    return report;
}

void rank_stars(std::vector<StarCandidate>& c, std::int64_t min_answers) {
    auto eligible = [&](const StarCandidate& s) { return s.answers >= min_answers && s.answers > 0; };
    std::sort(c.begin(), c.end(), [&](const StarCandidate& a, const StarCandidate& b) {
        if (eligible(a) != eligible(b)) return eligible(a);
        if (!eligible(a)) return a.agent < b.agent;
        // The exact share, not the rounded percentage: 2 of 3 is below 667 of 1,000.
        const std::int64_t left = a.satisfied * b.answers, right = b.satisfied * a.answers;
        if (left != right) return left > right;
        if (a.answers != b.answers) return a.answers > b.answers;
        return a.agent < b.agent;
    });
    std::int64_t rank = 0;
    for (StarCandidate& s : c) s.rank = eligible(s) ? std::optional<std::int64_t>(++rank) : std::nullopt;
}

StarsReport service_stars(Context& ctx, const Period& period, std::optional<std::int64_t> top) {
    StarsReport report;
    report.period = period;
    report.min_answers = ctx.policy().stars_min_answers;
    auto figures = figures_of(ctx, period, report_as_of(ctx, period, std::nullopt), SurveyGroup::agent,
                              kpi_family::resolution | kpi_family::followups | kpi_family::surveys);
    for (const auto& [agent, g] : figures) {
        if (agent.empty()) continue;
        StarCandidate s;
        s.agent = agent;
        s.csat = csat_score(g.satisfaction);
        s.satisfied = g.satisfaction.csat[3] + g.satisfaction.csat[4];
        s.answers = g.satisfaction.answered;
        s.promises_due = g.figures.promises_due;
        s.promises_kept = g.figures.promises_kept;
        s.promise_kept = percentage(s.promises_kept, s.promises_due);
        s.resolved = g.figures.resolved;
        report.candidates.push_back(std::move(s));
    }
    rank_stars(report.candidates, report.min_answers);
    if (top) {
        auto& c = report.candidates;
        c.erase(std::remove_if(c.begin(), c.end(), [&](const StarCandidate& s) { return s.rank && *s.rank > *top; }),
                c.end());
    }
    return report;
}

}  // namespace svc
