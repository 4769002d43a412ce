// svc kpi: metrics by period and dimension (the noun's own action), --list, and stars.
#include "kpi.hpp"

#include <fmt/format.h>

#include <charconv>

#include "cli.hpp"
#include "error.hpp"
#include "render/views.hpp"
#include "staffing.hpp"

namespace svc::cli {

namespace {

struct KpiOptions {
    std::optional<std::string> period, since, until, by, metrics, as_of;
    bool compare = false, list = false;
};
struct StarsOptions {
    std::optional<std::string> period, top;
};
struct StaffingOptions {
    std::optional<std::string> period, since, until, by;
    std::vector<std::string> channels;
    std::string service_level = "80/20", handle_time = "5m";
};

// --by hour and weekday-hour are not a dimension of the metric table: they group the
// period's tickets by the hour of day they arrived. nullopt for any other --by.
std::optional<bool> hourly_grouping(const std::optional<std::string>& by) {
    if (by == "hour") return false;
    if (by == "weekday-hour") return true;
    return std::nullopt;
}

// --period, or --since (and --until, default now); this month when neither is given.
Period report_period(Session& s, const std::optional<std::string>& period, const std::optional<std::string>& since,
                     const std::optional<std::string>& until, std::string_view fallback) {
    if (period && (since || until))
        fail(ErrorKind::usage, "--period '{}' and --{}: give a period or a range, not both", *period,
             since ? "since" : "until");
    if (period) return s.period_flag("--period", *period);
    if (until && !since) fail(ErrorKind::usage, "--until '{}' needs --since", *until);
    if (!since) return s.period_flag("--period", fallback);
    Period p;
    p.start = s.instant_flag("--since", *since);
    p.end = until ? s.instant_flag("--until", *until) : s.now();
    if (p.end <= p.start)
        fail(ErrorKind::usage, "--until '{}' is not after --since '{}'", until.value_or("now"), *since);
    const Zone& zone = s.policy().zone;
    p.label = format_instant(p.start, zone) + ".." + format_instant(p.end, zone);
    return p;
}

int run_kpi(const KpiOptions& o, Session& s) {
    if (o.list) {
        s.print(render::kpi_metric_rows(kpi_metrics()));
        return 0;
    }
    if (const auto by_weekday = hourly_grouping(o.by)) {
        if (o.metrics || o.compare || o.as_of)
            fail(ErrorKind::usage,
                 "--by {}: its figures are fixed (tickets, per_day, frt_p50, frt_p90, frt_sla); "
                 "drop --metrics, --compare and --as-of",
                 *o.by);
        HourlyRequest h;
        h.period = report_period(s, o.period, o.since, o.until, "this-month");
        h.by_weekday = *by_weekday;
        s.print(render::hourly_rows(hourly_figures(s.context(), h), *by_weekday));
        return 0;
    }
    KpiRequest r;
    r.metrics = parse_metrics(o.metrics);
    if (o.by) r.by = parse_dimension(*o.by);
    r.compare = o.compare;
    r.period = report_period(s, o.period, o.since, o.until, "this-month");
    if (o.as_of) r.as_of = s.instant_flag("--as-of", *o.as_of);
    s.print(render::kpi_rows(compute_kpis(s.context(), r)));
    return 0;
}

int run_stars(const StarsOptions& o, Session& s) {
    std::optional<std::int64_t> top;
    if (o.top) {
        std::int64_t n = 0;
        auto [end, ec] = std::from_chars(o.top->data(), o.top->data() + o.top->size(), n);
        if (ec != std::errc() || end != o.top->data() + o.top->size() || n <= 0)
            fail(ErrorKind::usage, "--top: '{}' is not a positive number", *o.top);
        top = n;
    }
    // The star is awarded for a month that is over: last month unless told otherwise.
    const Period p = s.period_flag("--period", o.period.value_or("last-month"));
    s.print(render::star_rows(service_stars(s.context(), p, top)));
    return 0;
}

int run_staffing(const StaffingOptions& o, Session& s) {
    StaffingRequest r;
    std::tie(r.service_level, r.within) = parse_service_level(o.service_level);
    r.handle_time = s.duration_flag("--handle-time", o.handle_time);
    r.hours.period = report_period(s, o.period, o.since, o.until, "last-month");
    if (o.by && !hourly_grouping(o.by)) fail(ErrorKind::usage, "--by: '{}' is not hour or weekday-hour", *o.by);
    r.hours.by_weekday = o.by && *hourly_grouping(o.by);
    r.hours.channels = o.channels;
    s.print(render::staffing_rows(staffing(s.context(), r), r.hours.by_weekday));
    return 0;
}

}  // namespace

void add_kpi_commands(CLI::App& app, Dispatch& d) {
    CLI::App* noun =
        app.add_subcommand("kpi", "KPIs by period and agent, team, channel… or day/week/month; the service star");
    noun->group(N_("Nouns"));
    noun->require_subcommand(0, 1);

    auto o = std::make_shared<KpiOptions>();
    optional_flag(noun, "--period", o->period,
                  "Period: 2026-11, 2026-W47, 2026-11-23, 2026-Q4, last-month… (default: this-month)");
    optional_flag(noun, "--since", o->since, "Start of a range (instead of --period), inclusive");
    optional_flag(noun, "--until", o->until, "End of the range, exclusive (default: now)");
    optional_flag(noun, "--by", o->by,
                  "One row per agent|team|channel|kind|category|priority|tier|day|week|month, or per hour of day "
                  "(hour, weekday-hour: arrivals and first-response times)");
    optional_flag(noun, "--metrics", o->metrics, "Comma-separated metrics to show (default: all; see --list)");
    noun->add_flag("--compare", o->compare,
                   "Add each metric's value in the previous period (as it stood at its end) and the change");
    optional_flag(noun, "--as-of", o->as_of,
                  "Figures as they stood at this instant (default: the period's end, or now while it runs)");
    noun->add_flag("--list", o->list, "List every metric with its definition");
    examples(noun,
             "  svc kpi --period last-month\n"
             "  svc kpi --period 2026-11 --by agent --metrics frt_p90,res_sla,fcr,csat --compare\n"
             "  svc kpi --since 2026-11-01 --until 2026-11-16 --by day --format csv\n"
             "  svc kpi --period 2026-09 --metrics resolved,backlog --as-of 2026-09-15\n"
             "  svc kpi --period last-month --by weekday-hour --format csv > hours.csv\n"
             "  svc kpi --list\n"
             "  svc kpi stars --period 2026-11 --top 3");

    auto stars_o = std::make_shared<StarsOptions>();
    CLI::App* stars = noun->add_subcommand(
        "stars", "Rank agents for the month's service star (服务之星): CSAT, then promises kept, then resolved");
    optional_flag(stars, "--period", stars_o->period, "The period ranked (default: last-month)");
    optional_flag(stars, "--top", stars_o->top, "Show only the first N ranked agents (those left out are listed too)");
    examples(stars, "  svc kpi stars\n  svc kpi stars --period 2026-11 --top 3 --format json");
    d.on(stars, [stars_o](Session& s) { return run_stars(*stars_o, s); });

    auto staff_o = std::make_shared<StaffingOptions>();
    CLI::App* staff = noun->add_subcommand(
        "staffing", "Agents needed per hour of day for a service level (Erlang C), from the arrivals of a period");
    optional_flag(staff, "--period", staff_o->period, "The arrivals averaged over this period (default: last-month)");
    optional_flag(staff, "--since", staff_o->since, "Start of a range (instead of --period), inclusive");
    optional_flag(staff, "--until", staff_o->until, "End of the range, exclusive (default: now)");
    optional_flag(staff, "--by", staff_o->by, "hour (default) or weekday-hour");
    staff->add_option("--channel", staff_o->channels, "Only these channels (repeat or comma-separate: phone,chat)")
        ->delimiter(',');
    staff->add_option("--service-level", staff_o->service_level,
                      "PERCENT/SECONDS to answer: 80/20 is 80 % within 20 seconds (default)");
    staff->add_option("--handle-time", staff_o->handle_time, "Average handle time of one contact (default: 5m)");
    examples(staff,
             "  svc kpi staffing --channel phone --service-level 80/20 --handle-time 4m\n"
             "  svc kpi staffing --period 2026-10 --by weekday-hour --channel chat --service-level 90/30 --format csv");
    d.on(staff, [staff_o](Session& s) { return run_staffing(*staff_o, s); });

    // The noun's own action runs when no verb was given: CLI11 calls the noun's callback
    // after its subcommand's, so it must not take over from `stars`.
    noun->callback([&d, o, stars, staff] {
        if (!stars->parsed() && !staff->parsed()) d.action = [o](Session& s) { return run_kpi(*o, s); };
    });
}

}  // namespace svc::cli
