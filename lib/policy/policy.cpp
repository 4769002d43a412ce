#include "policy/policy.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include <cmath>
#include <initializer_list>
#include <set>
#include <sstream>

#include "error.hpp"
#include "money.hpp"
#include "text.hpp"
#include "vocabulary.hpp"

namespace svc {

std::string_view to_string(SlaClock clock) {
    switch (clock) {
        case SlaClock::business:
            return "business";
        case SlaClock::duty:
            return "duty";
        case SlaClock::around_the_clock:
            return "24x7";
    }
    return "?";
}

std::optional<SlaClock> parse_clock(std::string_view text) {
    if (text == "business") return SlaClock::business;
    if (text == "duty") return SlaClock::duty;
    if (text == "24x7") return SlaClock::around_the_clock;
    return std::nullopt;
}

std::string_view to_string(SlaTarget target) {
    switch (target) {
        case SlaTarget::first_response:
            return "first_response";
        case SlaTarget::next_response:
            return "next_response";
        case SlaTarget::resolution:
            return "resolution";
        case SlaTarget::solution:
            return "solution";
    }
    return "?";
}

std::optional<Span> SlaRule::target(SlaTarget t) const {
    switch (t) {
        case SlaTarget::first_response:
            return first_response;
        case SlaTarget::next_response:
            return next_response;
        case SlaTarget::resolution:
            return resolution;
        case SlaTarget::solution:
            return std::nullopt;
    }
    return std::nullopt;
}

namespace {

bool matches(const std::vector<std::string>& allowed, const std::string& value) {
    return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

}  // namespace

bool SlaMatch::covers(const SlaSubject& s) const {
    return matches(channel, s.channel) && matches(kind, s.kind) && matches(priority, s.priority) &&
           matches(tier, s.tier) && matches(category, s.category);
}

std::optional<SlaChoice> Policy::choose(SlaTarget target, const SlaSubject& s) const {
    for (const SlaRule& rule : sla) {
        const auto d = rule.target(target);
        if (d && rule.match.covers(s)) return SlaChoice{rule.name, *d, rule.clock};
    }
    return std::nullopt;
}

const RoutingRule* Policy::route_for(const SlaSubject& s) const {
    for (const RoutingRule& rule : routing)
        if (rule.match.covers(s)) return &rule;
    return nullptr;
}

std::string RoutingRule::describe() const {
    std::string out = team ? "team " + *team : "any team";
    if (!skills.empty()) out += fmt::format(", skills {}", fmt::join(skills, ","));
    return out;
}

const EscalationLevel& Policy::level(int n) const {
    if (n < 0 || static_cast<std::size_t>(n) >= levels.size())
        fail(ErrorKind::internal, "escalation level {} is not a level of the policy (0 to {})", n, levels.size() - 1);
    return levels[static_cast<std::size_t>(n)];
}

std::optional<std::int64_t> Policy::authority_fen(const std::string& role) const {
    auto it = authority.find(role);
    if (it == authority.end() || it->second < 0) return std::nullopt;
    return static_cast<std::int64_t>(std::llround(it->second * 100));
}

std::string Policy::authority_record() const {
    std::string out = "{";
    for (const auto& [role, yuan] : authority) {
        const auto fen = authority_fen(role);
        out += fmt::format("{}\"{}\":{}", out.size() > 1 ? "," : "", role, fen ? *fen : -1);
    }
    return out + "}";
}

const BusinessCalendar& Policy::calendar_of(SlaClock clock) const {
    if (clock == SlaClock::around_the_clock) fail(ErrorKind::internal, "the 24x7 clock has no calendar");
    return clock == SlaClock::duty ? duty_calendar : calendar;
}

Instant Policy::deadline(SlaClock clock, Instant start, Seconds d) const {
    return clock == SlaClock::around_the_clock ? start + d : calendar_of(clock).add(start, d);
}

Instant Policy::deadline(SlaClock clock, Instant start, const Span& d) const {
    if (clock == SlaClock::around_the_clock) return start + d.calendar_seconds();
    const BusinessCalendar& cal = calendar_of(clock);
    return cal.add(cal.add_days(start, d.days), d.seconds);
}

Seconds Policy::elapsed(SlaClock clock, Instant a, Instant b) const {
    return clock == SlaClock::around_the_clock ? b - a : calendar_of(clock).between(a, b);
}

// ---------------------------------------------------------------------------------------
// Parsing. Every check reports the file, line and column of the offending node.

namespace {

class Reader {
public:
    explicit Reader(std::string_view source) : m_source(source) {}

    [[noreturn]] void error_at(const toml::source_region& where, const std::string& what) const {
        fail(ErrorKind::usage, "{}:{}:{}: {}", m_source, where.begin.line, where.begin.column, what);
    }
    [[noreturn]] void error_at(const toml::node& node, const std::string& what) const { error_at(node.source(), what); }

    // Refuses keys not in `allowed` (a typo must not silently drop a rule).
    void only_keys(const toml::table& table, std::string_view where,
                   std::initializer_list<std::string_view> allowed) const {
        for (auto&& [key, node] : table) {
            if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
                std::string list;
                for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
                error_at(key.source().begin.line ? key.source() : node.source(),
                         fmt::format("unknown key '{}{}' (expected one of: {})", where, key.str(), list));
            }
        }
    }

    std::string string(const toml::node& node, std::string_view key) const {
        if (!node.is_string()) error_at(node, fmt::format("'{}' must be a string", key));
        return *node.value<std::string>();
    }

    // Runs a parser of lib/time on the node's text; its complaint gets the node's position.
    template <typename Parse>
    auto parsed(const toml::node& node, std::string_view key, Parse&& parse) const {
        const std::string text = string(node, key);
        std::optional<std::string> problem;
        try {
            return parse(text);
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::usage) throw;
            problem = e.what();
        }
        error_at(node, fmt::format("'{}': {}", key, *problem));
    }

    Span span(const toml::node& node, std::string_view key) const {
        const Span d = parsed(node, key, [](const std::string& t) { return parse_span(t); });
        if (d.calendar_seconds() <= 0) error_at(node, fmt::format("'{}' must be a positive duration", key));
        return d;
    }

    SlaClock clock(const toml::node& node) const {
        const std::string c = string(node, "clock");
        const auto clock = parse_clock(c);
        if (!clock) error_at(node, fmt::format("'clock' must be \"business\", \"duty\" or \"24x7\", got \"{}\"", c));
        return *clock;
    }

    std::string where(const toml::node& node) const {
        return fmt::format("{}:{}:{}", m_source, node.source().begin.line, node.source().begin.column);
    }

    Seconds duration(const toml::node& node, std::string_view key) const {
        const Seconds d = parsed(node, key, [](const std::string& t) { return parse_duration(t); });
        if (d <= 0) error_at(node, fmt::format("'{}' must be a positive duration", key));
        return d;
    }

    std::int64_t integer(const toml::node& node, std::string_view key, std::int64_t min, std::int64_t max) const {
        if (!node.is_integer()) error_at(node, fmt::format("'{}' must be an integer", key));
        const std::int64_t v = *node.value<std::int64_t>();
        if (v < min || v > max) error_at(node, fmt::format("'{}' must be between {} and {}, got {}", key, min, max, v));
        return v;
    }

    double number(const toml::node& node, std::string_view key) const {
        if (node.is_integer()) return static_cast<double>(*node.value<std::int64_t>());
        if (node.is_floating_point()) return *node.value<double>();
        error_at(node, fmt::format("'{}' must be a number", key));
    }

    // A string or a list of strings, each one of `allowed` when given.
    template <std::size_t N>
    std::vector<std::string> word_list(const toml::node& node, std::string_view key,
                                       const std::array<std::string_view, N>* allowed) const {
        std::vector<std::string> out;
        auto take = [&](const toml::node& item) {
            const std::string v = string(item, key);
            if (allowed && !vocab::contains(*allowed, v))
                error_at(item,
                         fmt::format("'{}' has unknown value \"{}\" (expected {})", key, v, vocab::joined(*allowed)));
            out.push_back(v);
        };
        if (const toml::array* arr = node.as_array()) {
            for (const toml::node& item : *arr) take(item);
        } else {
            take(node);
        }
        return out;
    }

    std::vector<std::string> strings(const toml::node& node, std::string_view key) const {
        return word_list<1>(node, key, nullptr);
    }

private:
    std::string_view m_source;
};

// notify.command is a program and its arguments, run without a shell: a list of words, or
// one string of words separated by spaces. Shell syntax in the string would not do what it
// says, so it is refused rather than passed on as words.
std::vector<std::string> read_notify_command(const Reader& r, const toml::node& node) {
    std::vector<std::string> argv;
    if (node.is_string()) {
        const std::string text = *node.value<std::string>();
        if (const auto at = text.find_first_of("|&;<>()$`\\\"'*?~{}[]#\n"); at != std::string::npos)
            r.error_at(node, fmt::format("'command' runs without a shell: '{}' has no meaning there (write the "
                                         "program and its arguments as a list of strings)",
                                         text[at]));
        std::istringstream words(text);
        for (std::string w; words >> w;) argv.push_back(w);
    } else if (const toml::array* list = node.as_array()) {
        for (const toml::node& item : *list) {
            if (!item.is_string() || item.value<std::string>()->empty())
                r.error_at(item, "'command' must be a list of non-empty strings: the program, then its arguments");
            argv.push_back(*item.value<std::string>());
        }
    } else {
        r.error_at(node, "'command' must be a string or a list of strings");
    }
    if (!argv.empty() && argv.front().front() != '/')
        r.error_at(node, fmt::format("'command': the program '{}' must be named by its absolute path (no PATH lookup)",
                                     argv.front()));
    return argv;
}

std::set<std::int64_t> read_days(const Reader& r, const toml::node& node, std::string_view key) {
    std::set<std::int64_t> days;
    const toml::array* arr = node.as_array();
    if (!arr) r.error_at(node, fmt::format("'{}' must be a list of dates \"YYYY-MM-DD\" or ranges \"A..B\"", key));
    for (const toml::node& item : *arr) {
        const auto [first, last] = r.parsed(item, key, [](const std::string& text) {
            const auto dots = text.find("..");
            if (dots == std::string::npos) return std::pair{parse_date(text), parse_date(text)};
            return std::pair{parse_date(text.substr(0, dots)), parse_date(text.substr(dots + 2))};
        });
        if (last < first || last - first > 366)
            r.error_at(item, fmt::format("'{}': a range must run forwards and span at most a year", key));
        for (std::int64_t d = first; d <= last; ++d) days.insert(d);
    }
    return days;
}

void read_calendar(const Reader& r, const toml::table& t, Policy& p) {
    r.only_keys(t, "calendar.",
                {"mon", "tue", "wed", "thu", "fri", "sat", "sun", "holidays", "workdays", "workday_hours"});
    static constexpr std::array<std::string_view, 7> k_days{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    std::array<DayHours, 7> weekly;
    for (std::size_t i = 0; i < k_days.size(); ++i) {
        if (const toml::node* n = t.get(k_days[i]))
            weekly[i] = r.parsed(*n, k_days[i], [](const std::string& text) { return parse_day_hours(text); });
    }
    std::set<std::int64_t> holidays, workday_dates;
    if (const toml::node* n = t.get("holidays")) holidays = read_days(r, *n, "holidays");
    if (const toml::node* n = t.get("workdays")) workday_dates = read_days(r, *n, "workdays");
    DayHours workday_hours = weekly[0];
    if (const toml::node* n = t.get("workday_hours"))
        workday_hours = r.parsed(*n, "workday_hours", [](const std::string& text) { return parse_day_hours(text); });
    std::map<std::int64_t, DayHours> workdays;
    for (std::int64_t d : workday_dates) {
        if (holidays.count(d))
            r.error_at(*t.get("workdays"), fmt::format("{} is both a holiday and a make-up workday", format_date(d)));
        if (workday_hours.empty())
            r.error_at(*t.get("workdays"), "make-up workdays need 'workday_hours' (or Monday's hours)");
        workdays[d] = workday_hours;
    }
    p.calendar = BusinessCalendar(p.zone, weekly, holidays, workdays);
    if (!p.calendar.has_working_time())
        r.error_at(t.source(), "the calendar has no working hours on any weekday (set mon … sun)");
}

// [duty]: duty hours (值班) on days without working hours; the duty clock runs in both.
void read_duty(const Reader& r, const toml::table& t, Policy& p) {
    r.only_keys(t, "duty.", {"weekends", "holidays", "dates"});
    auto hours = [&](const char* key) {
        const toml::node* n = t.get(key);
        if (!n) return DayHours{};
        return r.parsed(*n, key, [](const std::string& text) { return parse_day_hours(text); });
    };
    std::map<std::int64_t, DayHours> dates;
    if (const toml::node* d = t.get("dates")) {
        const toml::array* arr = d->as_array();
        if (!arr) r.error_at(*d, "'dates' must be a list of tables { days = [\"2026-10-01..2026-10-03\"], hours = … }");
        for (const toml::node& item : *arr) {
            const toml::table* it = item.as_table();
            if (!it) r.error_at(item, "each 'dates' entry must be a table { days = […], hours = \"09:00-21:00\" }");
            r.only_keys(*it, "duty.dates.", {"days", "hours"});
            const toml::node* days = it->get("days");
            const toml::node* h = it->get("hours");
            if (!days || !h) r.error_at(item, "a 'dates' entry needs 'days' and 'hours'");
            const DayHours extra = r.parsed(*h, "hours", [](const std::string& text) { return parse_day_hours(text); });
            for (std::int64_t day : read_days(r, *days, "days")) dates[day] = merge_day_hours(dates[day], extra);
        }
    }
    p.duty_calendar = p.calendar.with_duty(hours("weekends"), hours("holidays"), dates);
}

// A working-clock target whose hours run past one working day is almost always a calendar
// duration written on the wrong clock ("24h" meant a day, and is three working days).
void warn_long_hours(const Reader& r, const toml::node& node, Policy& p, SlaClock clock, const std::string& what,
                     bool has_clock_key = true) {
    if (clock == SlaClock::around_the_clock) return;
    const Span span = parse_span(*node.value<std::string>());
    const BusinessCalendar& cal = p.calendar_of(clock);
    const Seconds day = cal.longest_day();
    if (day <= 0 || span.seconds <= day) return;
    // What it means on an ordinary week: from 10:00 (or the opening) on a Monday.
    const BusinessCalendar week = cal.weekly_only();
    const std::int64_t monday = days_from_civil(2001, 1, 1);
    const Instant start = week.next_working(p.zone.from_local(monday * k_day + 10 * k_hour));
    const double days = std::round(static_cast<double>(span.seconds) / static_cast<double>(day) * 10) / 10;
    const std::int64_t whole_days = std::max<std::int64_t>(1, std::llround(days));
    // A target of a year or more of hours gets no worked example (the walk would be long).
    if (span.seconds > 366 * k_day) {
        p.warnings.push_back(
            fmt::format("{}: {} = \"{}\" on the {} clock is {} hours of working time, {:g} working "
                        "days of {}. Write \"{}d\" for {} working days",
                        r.where(node), what, format_span(span), to_string(clock), span.seconds / k_hour, days,
                        format_span({0, day}), whole_days, whole_days));
        return;
    }
    const Instant due = week.add(start, span.seconds);
    static constexpr std::array<std::string_view, 7> k_weekdays{"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                                "Friday", "Saturday", "Sunday"};
    auto when = [&](Instant t) {
        const LocalTime local = p.zone.to_local(t);
        const std::int64_t d = floor_div(local, k_day);
        return fmt::format("{}{} {:02}:{:02}", k_weekdays[weekday_from_days(d)],
                           d - monday >= 7 ? fmt::format(" of week {}", (d - monday) / 7 + 1) : "",
                           (local - d * k_day) / k_hour, (local - d * k_day) / k_minute % 60);
    };
    p.warnings.push_back(fmt::format(
        "{}: {} = \"{}\" on the {} clock is {} hours of working time, {:g} working days of {}: started {}, it is "
        "due {}, {} calendar hours later. Write \"{}d\" for the same clock time {} working day{} later{}",
        r.where(node), what, format_span(span), to_string(clock), span.seconds / k_hour, days, format_span({0, day}),
        when(start), when(due), (due - start) / k_hour, whole_days, whole_days, whole_days == 1 ? "" : "s",
        has_clock_key     ? fmt::format(", \"1d\" for the next working day, or clock = \"24x7\" for {} calendar hours",
                                        span.seconds / k_hour)
        : whole_days == 1 ? ""
                          : ", or \"1d\" for the next working day"));
}

// A rule's `match = { channel = "email", tier = ["gold", "platinum"] }`.
SlaMatch read_match(const Reader& r, const toml::node& node) {
    const toml::table* mt = node.as_table();
    if (!mt) r.error_at(node, "'match' must be a table such as { channel = \"email\" }");
    r.only_keys(*mt, "match.", {"channel", "kind", "priority", "tier", "category"});
    SlaMatch match;
    if (const toml::node* v = mt->get("channel")) match.channel = r.word_list(*v, "channel", &vocab::channels);
    if (const toml::node* v = mt->get("kind")) match.kind = r.word_list(*v, "kind", &vocab::kinds);
    if (const toml::node* v = mt->get("priority")) match.priority = r.word_list(*v, "priority", &vocab::priorities);
    if (const toml::node* v = mt->get("tier")) match.tier = r.word_list(*v, "tier", &vocab::tiers);
    if (const toml::node* v = mt->get("category")) match.category = r.strings(*v, "category");
    return match;
}

void read_sla_rule(const Reader& r, const toml::node& node, Policy& p) {
    const toml::table* t = node.as_table();
    if (!t) r.error_at(node, "each [[sla]] entry must be a table");
    r.only_keys(*t, "sla.", {"name", "match", "first_response", "next_response", "resolution", "clock"});
    SlaRule rule;
    const toml::node* name = t->get("name");
    if (!name) r.error_at(*t, "an [[sla]] rule needs a 'name'");
    rule.name = r.string(*name, "name");
    if (rule.name.empty()) r.error_at(*name, "'name' must not be empty");
    for (const SlaRule& other : p.sla)
        if (other.name == rule.name) r.error_at(*name, fmt::format("a rule named \"{}\" already exists", rule.name));
    if (const toml::node* m = t->get("match")) rule.match = read_match(r, *m);
    if (const toml::node* v = t->get("first_response")) rule.first_response = r.span(*v, "first_response");
    if (const toml::node* v = t->get("next_response")) rule.next_response = r.span(*v, "next_response");
    if (const toml::node* v = t->get("resolution")) rule.resolution = r.span(*v, "resolution");
    if (!rule.first_response && !rule.next_response && !rule.resolution)
        r.error_at(*t,
                   fmt::format("rule \"{}\" sets no target (first_response, next_response or resolution)", rule.name));
    if (const toml::node* v = t->get("clock")) rule.clock = r.clock(*v);
    for (const char* key : {"first_response", "next_response", "resolution"})
        if (const toml::node* v = t->get(key))
            warn_long_hours(r, *v, p, rule.clock, fmt::format("sla \"{}\" {}", rule.name, key));
    p.sla.push_back(std::move(rule));
}

void read_routing(const Reader& r, const toml::table& t, Policy& p) {
    r.only_keys(t, "routing.", {"method", "rule"});
    if (const toml::node* v = t.get("method")) {
        const std::string method = r.string(*v, "method");
        const auto named = enum_named<RoutingMethod>(k_routing_method_names, method);
        if (!named)
            r.error_at(*v, fmt::format("'routing.method' has unknown value \"{}\" (expected {})", method,
                                       vocab::joined(k_routing_method_names)));
        p.routing_method = *named;
    }
    const toml::node* rules = t.get("rule");
    if (!rules) return;
    if (!rules->as_array()) r.error_at(*rules, "'routing.rule' must be a list of tables ([[routing.rule]])");
    for (const toml::node& item : *rules->as_array()) {
        const toml::table* rt = item.as_table();
        if (!rt) r.error_at(item, "each [[routing.rule]] must be a table");
        r.only_keys(*rt, "routing.rule.", {"match", "team", "skills"});
        RoutingRule rule;
        if (const toml::node* m = rt->get("match")) rule.match = read_match(r, *m);
        if (const toml::node* v = rt->get("team")) {
            rule.team = r.string(*v, "team");
            if (rule.team->empty()) r.error_at(*v, "'team' must not be empty");
        }
        if (const toml::node* v = rt->get("skills")) {
            for (std::string skill : r.strings(*v, "skills")) {
                if (skill.empty() || skill.find_first_of(", ") != std::string::npos)
                    r.error_at(*v, fmt::format("'skills': \"{}\" must be one word without commas", skill));
                rule.skills.push_back(std::move(skill));
            }
            std::sort(rule.skills.begin(), rule.skills.end());
        }
        if (!rule.team && rule.skills.empty())
            r.error_at(item, "a [[routing.rule]] needs a 'team' or 'skills' to route to");
        p.routing.push_back(std::move(rule));
    }
}

void read_escalation(const Reader& r, const toml::table& t, Policy& p) {
    r.only_keys(t, "escalation.", {"levels", "risk_keywords", "risk_level"});
    const toml::node* levels = t.get("levels");
    if (!levels || !levels->as_array() || levels->as_array()->empty())
        r.error_at(levels ? levels->source() : t.source(), "'escalation.levels' must be a non-empty list of tables");
    for (const toml::node& item : *levels->as_array()) {
        const toml::table* lt = item.as_table();
        if (!lt) r.error_at(item, "each escalation level must be a table { name = …, role = …, solution = … }");
        r.only_keys(*lt, "escalation.levels.", {"name", "role", "solution", "clock", "notify_at_once"});
        EscalationLevel level;
        const toml::node* name = lt->get("name");
        const toml::node* role = lt->get("role");
        if (!name || !role) r.error_at(item, "an escalation level needs 'name' and 'role'");
        level.name = r.string(*name, "name");
        level.role = r.string(*role, "role");
        if (!vocab::contains(vocab::roles, level.role))
            r.error_at(*role, fmt::format("'role' has unknown value \"{}\" (expected {})", level.role,
                                          vocab::joined(vocab::roles)));
        if (const toml::node* s = lt->get("solution"))
            level.solution = r.span(*s, "solution");
        else if (!p.levels.empty())
            r.error_at(item, fmt::format("escalation level \"{}\" needs a 'solution' target", level.name));
        if (const toml::node* c = lt->get("clock")) level.clock = r.clock(*c);
        if (const toml::node* s = lt->get("solution"))
            warn_long_hours(r, *s, p, level.clock, fmt::format("escalation level \"{}\" solution", level.name));
        if (const toml::node* n = lt->get("notify_at_once")) {
            if (!n->is_boolean()) r.error_at(*n, "'notify_at_once' must be true or false");
            level.notify_at_once = *n->value<bool>();
        }
        p.levels.push_back(std::move(level));
    }
    if (const toml::node* k = t.get("risk_keywords")) {
        p.risk_keywords = r.strings(*k, "risk_keywords");
        for (const auto& w : p.risk_keywords)
            if (w.empty()) r.error_at(*k, "'risk_keywords' must not contain an empty word");
    }
    if (!p.risk_keywords.empty() && p.levels.size() < 2)
        r.error_at(*t.get("risk_keywords"), "'risk_keywords' need a level above the front line to escalate to");
    if (const toml::node* l = t.get("risk_level"))
        p.risk_level = static_cast<int>(r.integer(*l, "risk_level", 1, static_cast<std::int64_t>(p.levels.size()) - 1));
    else
        p.risk_level = static_cast<int>(p.levels.size()) - 1;
}

void read_authority(const Reader& r, const toml::table& t, Policy& p) {
    r.only_keys(t, "authority.", {"agent", "supervisor", "manager"});
    for (auto role : vocab::roles) {
        const toml::node* n = t.get(role);
        if (!n) r.error_at(t.source(), fmt::format("'authority.{}' is missing (yuan, -1 = unlimited)", role));
        const double v = r.number(*n, role);
        if (v != -1)
            if (auto why = yuan_problem(v))
                r.error_at(*n, fmt::format("'authority.{}': {} (0 or more yuan with at most two decimals, or -1 for "
                                           "unlimited)",
                                           role, *why));
        p.authority[std::string(role)] = v;
    }
}

// A phrase or pattern of [language]; a syntax error gets the node's position.
PhrasePattern pattern(const Reader& r, const toml::node& node, std::string_view key) {
    return r.parsed(node, key, [](const std::string& text) { return compile_pattern(text); });
}

void read_language(const Reader& r, const toml::table& t, Policy& p) {
    r.only_keys(t, "language.", {"avoid", "vague_time", "vague_instead"});
    if (const toml::node* a = t.get("avoid")) {
        const toml::array* arr = a->as_array();
        if (!arr) r.error_at(*a, "'avoid' must be a list of tables { phrase = …, instead = …, reason = … }");
        for (const toml::node& item : *arr) {
            const toml::table* it = item.as_table();
            if (!it) r.error_at(item, "each 'avoid' entry must be a table { phrase = …, instead = …, reason = … }");
            r.only_keys(*it, "language.avoid.", {"phrase", "instead", "reason"});
            const toml::node* phrase = it->get("phrase");
            const toml::node* instead = it->get("instead");
            if (!phrase || !instead) r.error_at(item, "an 'avoid' entry needs 'phrase' and 'instead'");
            AvoidRule rule;
            rule.phrase = pattern(r, *phrase, "phrase");
            for (const AvoidRule& other : p.language.avoid)
                if (other.phrase.text == rule.phrase.text)
                    r.error_at(*phrase, fmt::format("the phrase \"{}\" is listed twice", rule.phrase.text));
            rule.instead = r.string(*instead, "instead");
            if (rule.instead.find_first_not_of(" \t") == std::string::npos)
                r.error_at(*instead, "'instead' must say what to say instead");
            if (const toml::node* reason = it->get("reason")) rule.reason = r.string(*reason, "reason");
            p.language.avoid.push_back(std::move(rule));
        }
    }
    if (const toml::node* v = t.get("vague_time")) {
        const toml::array* arr = v->as_array();
        if (!arr) r.error_at(*v, "'vague_time' must be a list of phrases such as [\"尽快\", \"可能…[点天]\"]");
        for (const toml::node& item : *arr) p.language.vague_time.push_back(pattern(r, item, "vague_time"));
    }
    if (const toml::node* v = t.get("vague_instead")) p.language.vague_instead = r.string(*v, "vague_instead");
}

}  // namespace

Policy parse_policy(std::string_view text, std::string_view source) {
    const Reader r(source);
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        r.error_at(e.source(), std::string(e.description()));
    }
    r.only_keys(root, "",
                {"zone", "calendar", "duty", "sla", "sla_options", "escalation", "authority", "followup", "survey",
                 "risk", "kpi", "notify", "language", "intake", "routing"});
    Policy p;
    if (const toml::node* z = root.get("zone")) {
        p.zone_name = r.string(*z, "zone");
        p.zone = r.parsed(*z, "zone", [](const std::string& name) { return Zone::named(name); });
    } else {
        r.error_at(root.source(), "'zone' is missing (a tz database name such as \"Asia/Shanghai\")");
    }

    auto table = [&](std::string_view key) -> const toml::table* {
        const toml::node* n = root.get(key);
        if (!n) return nullptr;
        if (!n->as_table()) r.error_at(*n, fmt::format("'{}' must be a table [{}]", key, key));
        return n->as_table();
    };

    const toml::table* cal = table("calendar");
    if (!cal) r.error_at(root.source(), "the [calendar] table is missing");
    read_calendar(r, *cal, p);
    p.duty_calendar = p.calendar;
    if (const toml::table* duty = table("duty")) read_duty(r, *duty, p);

    if (const toml::node* sla = root.get("sla")) {
        const toml::array* arr = sla->as_array();
        if (!arr) r.error_at(*sla, "'sla' must be a list of [[sla]] tables");
        for (const toml::node& rule : *arr) read_sla_rule(r, rule, p);
    }
    if (const toml::table* o = table("sla_options")) {
        r.only_keys(*o, "sla_options.", {"warn_at"});
        if (const toml::node* w = o->get("warn_at")) {
            p.warn_at = r.number(*w, "warn_at");
            if (!(p.warn_at > 0 && p.warn_at < 1))
                r.error_at(*w, "'warn_at' must be a fraction between 0 and 1, such as 0.8");
        }
    }
    const toml::table* esc = table("escalation");
    if (!esc) r.error_at(root.source(), "the [escalation] table is missing");
    read_escalation(r, *esc, p);
    const toml::table* auth = table("authority");
    if (!auth) r.error_at(root.source(), "the [authority] table is missing");
    read_authority(r, *auth, p);

    if (const toml::table* f = table("followup")) {
        r.only_keys(*f, "followup.", {"revisit_after", "revisit_kinds"});
        if (const toml::node* v = f->get("revisit_after")) {
            p.revisit_after = r.span(*v, "revisit_after");
            warn_long_hours(r, *v, p, SlaClock::business, "followup revisit_after", false);
        }
        if (const toml::node* v = f->get("revisit_kinds"))
            p.revisit_kinds = r.word_list(*v, "revisit_kinds", &vocab::kinds);
    }
    if (const toml::table* s = table("survey")) {
        r.only_keys(*s, "survey.", {"window", "suppress_days", "expire_days"});
        if (const toml::node* w = s->get("window")) {
            const toml::array* arr = w->as_array();
            if (!arr || arr->size() != 2) r.error_at(*w, "'window' must be two durations, such as [\"24h\", \"48h\"]");
            p.survey_window_start = r.duration(*arr->get(0), "window");
            p.survey_window_end = r.duration(*arr->get(1), "window");
            if (p.survey_window_end <= p.survey_window_start) r.error_at(*w, "'window' must end after it starts");
        }
        if (const toml::node* v = s->get("suppress_days"))
            p.survey_suppress_days = static_cast<int>(r.integer(*v, "suppress_days", 0, 3650));
        if (const toml::node* v = s->get("expire_days"))
            p.survey_expire_days = static_cast<int>(r.integer(*v, "expire_days", 1, 3650));
    }
    if (const toml::table* k = table("risk")) {
        r.only_keys(*k, "risk.", {"repeat_complaints", "repeat_window"});
        if (const toml::node* v = k->get("repeat_complaints"))
            p.repeat_complaints = static_cast<int>(r.integer(*v, "repeat_complaints", 2, 1000));
        if (const toml::node* v = k->get("repeat_window")) p.repeat_window = r.duration(*v, "repeat_window");
    }
    if (const toml::table* k = table("kpi")) {
        r.only_keys(*k, "kpi.", {"stars_min_answers", "contact_gap", "targets"});
        if (const toml::node* v = k->get("stars_min_answers"))
            p.stars_min_answers = static_cast<int>(r.integer(*v, "stars_min_answers", 1, 100000));
        if (const toml::node* v = k->get("contact_gap")) p.contact_gap = r.duration(*v, "contact_gap");
        if (const toml::node* v = k->get("targets")) {
            const toml::table* targets = v->as_table();
            if (!targets) r.error_at(*v, "'targets' must be a table such as { frt_sla = 90, csat = 85 }");
            for (const auto& [key, value] : *targets) {
                const std::string name(key.str());
                if (!vocab::contains(k_kpi_target_names, name))
                    r.error_at(value, fmt::format("'kpi.targets.{}' is not a metric with a target (one of {})", name,
                                                  fmt::join(k_kpi_target_names, ", ")));
                const double percent = r.number(value, name);
                if (percent < 0 || percent > 100)
                    r.error_at(value, fmt::format("'kpi.targets.{}' must be a percentage from 0 to 100, got {}", name,
                                                  percent));
                p.kpi_targets[name] = percent;
            }
        }
    }
    if (const toml::table* n = table("notify")) {
        r.only_keys(*n, "notify.", {"command"});
        if (const toml::node* v = n->get("command")) p.notify_command = read_notify_command(r, *v);
    }
    if (const toml::table* l = table("language")) read_language(r, *l, p);
    if (const toml::table* rt = table("routing")) read_routing(r, *rt, p);
    if (const toml::table* in = table("intake")) {
        r.only_keys(*in, "intake.", {"own_addresses"});
        if (const toml::node* v = in->get("own_addresses")) {
            for (std::string address : r.strings(*v, "own_addresses")) {
                address = text::ascii_lower(address);
                const std::size_t at = address.find('@');
                if (at == std::string::npos || at == 0 || at + 1 == address.size() ||
                    address.find_first_of(" <>\t") != std::string::npos)
                    r.error_at(*v, fmt::format("'intake.own_addresses': \"{}\" is not a mail address", address));
                p.own_addresses.push_back(address);
            }
        }
    }
    return p;
}

std::optional<std::string> find_risk_keyword(const Policy& policy, std::string_view text) {
    const std::string lower = text::ascii_lower(text);
    auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    for (const std::string& word : policy.risk_keywords) {
        const std::string w = text::ascii_lower(word);
        // A number ("315", "12315") counts only standing alone, not inside an order number.
        const bool numeric = std::all_of(w.begin(), w.end(), is_digit);
        for (std::size_t at = lower.find(w); at != std::string::npos; at = lower.find(w, at + 1)) {
            const std::size_t end = at + w.size();
            if (!numeric || ((at == 0 || !is_digit(lower[at - 1])) && (end >= lower.size() || !is_digit(lower[end]))))
                return word;
        }
    }
    return std::nullopt;
}

}  // namespace svc
