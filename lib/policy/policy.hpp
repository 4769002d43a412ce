#pragma once
// The team policy: SLA rules, business calendar, escalation levels, compensation authority,
// follow-up, survey and churn-warning settings. Parsed from TOML and validated as a whole;
// a file with any mistake is refused with its line and column.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reply_check.hpp"
#include "time/calendar.hpp"
#include "time/instant.hpp"

namespace svc {

// Which clock a deadline runs on: working time, working plus duty time (值班), or all time.
enum class SlaClock { business, duty, around_the_clock };
std::string_view to_string(SlaClock clock);  // "business" / "duty" / "24x7"
// "business", "duty" or "24x7"; nullopt for anything else.
std::optional<SlaClock> parse_clock(std::string_view text);

// solution: the time an escalation level has to come up with a solution.
enum class SlaTarget { first_response, next_response, resolution, solution };
std::string_view to_string(SlaTarget target);

struct SlaSubject;
// What a rule (of [[sla]], of [routing]) applies to: each list empty = any.
struct SlaMatch {
    std::vector<std::string> channel, kind, priority, tier, category;
    bool covers(const SlaSubject& subject) const;
};

enum class RoutingMethod { least_loaded, round_robin };
inline constexpr std::array<std::string_view, 2> k_routing_method_names{"least-loaded", "round-robin"};

struct RoutingRule {
    SlaMatch match;
    std::optional<std::string> team;  // unset: any team
    std::vector<std::string> skills;  // every one of them (sorted)
    std::string describe() const;     // "team complaints, skills vip" for messages
};

struct SlaRule {
    std::string name;
    SlaMatch match;
    std::optional<Span> first_response, next_response, resolution;
    SlaClock clock = SlaClock::business;

    std::optional<Span> target(SlaTarget t) const;
};

// What an SLA rule is matched against.
struct SlaSubject {
    std::string channel, kind, priority, tier, category;
};

// The deadline rule chosen for one target.
struct SlaChoice {
    std::string rule;
    Span duration;
    SlaClock clock;
};

struct EscalationLevel {
    std::string name;
    std::string role;
    std::optional<Span> solution;
    SlaClock clock = SlaClock::business;  // the clock of the solution target
    // Notify the on-duty people of this level as soon as a ticket reaches it (a crisis).
    bool notify_at_once = false;
};

// The metrics [kpi] targets may name: percentages where higher is better.
inline constexpr std::array<std::string_view, 6> k_kpi_target_names{"frt_sla", "res_sla",       "fcr",
                                                                    "csat",    "response_rate", "complaint_res_sla"};

struct Policy {
    std::string zone_name = "UTC";
    Zone zone;
    BusinessCalendar calendar;
    // Working time plus duty time ([duty]); the calendar itself when the policy has no duty.
    BusinessCalendar duty_calendar;
    // The calendar a working clock runs on; Error(internal) for the 24x7 clock.
    const BusinessCalendar& calendar_of(SlaClock clock) const;
    std::vector<SlaRule> sla;
    double warn_at = 0.8;
    std::vector<EscalationLevel> levels;
    // Level n of the escalation ladder (0 = the front line); Error(internal) outside it.
    const EscalationLevel& level(int n) const;
    std::vector<std::string> risk_keywords;
    int risk_level = 0;
    std::map<std::string, double> authority;  // role → yuan; negative = unlimited
    // The compensation limit of a role in fen; nullopt = unlimited.
    std::optional<std::int64_t> authority_fen(const std::string& role) const;
    // The limits as the store keeps them beside the policy text, for a database that checks
    // compensation itself: {"agent":5000,...} in fen, -1 = unlimited.
    std::string authority_record() const;
    Span revisit_after{1, 0};  // on the business clock
    std::vector<std::string> revisit_kinds;
    Seconds survey_window_start = k_day, survey_window_end = 2 * k_day;
    int survey_suppress_days = 30, survey_expire_days = 7;
    int repeat_complaints = 2;
    Seconds repeat_window = 30 * k_day;
    int stars_min_answers = 5;
    // [kpi] targets: the least percentage the centre aims for, by metric (frt_sla = 90);
    // the wallboard sets today's figures against them. Only k_kpi_target_names.
    std::map<std::string, double> kpi_targets;
    // Messages with a customer less than this apart are one contact (session); FCR of chat
    // and phone counts contacts, not replies.
    Seconds contact_gap = 30 * k_minute;
    // The program and its arguments that --notify hands each payload to; run without a shell.
    std::vector<std::string> notify_command;
    // [language]: phrases replies avoid and vague time commitments; none when absent.
    LanguageRules language;
    // [intake] own_addresses: the centre's own mail addresses, lower case. A mail from one of
    // them, or with a Message-ID of their domains, is the centre's own coming back (a loop).
    std::vector<std::string> own_addresses;
    // [routing]: the first rule that matches a new ticket names the team and skills of the
    // agents it may go to; among those working or on duty, the least-loaded one or the one
    // whose turn it is (round-robin) takes it.
    std::vector<RoutingRule> routing;
    RoutingMethod routing_method = RoutingMethod::least_loaded;
    const RoutingRule* route_for(const SlaSubject& subject) const;

    // What `svc policy check` warns about: valid, but probably not what was meant
    // ("policy.toml:12:5: …").
    std::vector<std::string> warnings;

    // Per target, the first rule that matches the subject and sets that target.
    std::optional<SlaChoice> choose(SlaTarget target, const SlaSubject& subject) const;
    // start + d on the given clock.
    Instant deadline(SlaClock clock, Instant start, Seconds d) const;
    Instant deadline(SlaClock clock, Instant start, const Span& d) const;
    // Time counted on the given clock between a and b.
    Seconds elapsed(SlaClock clock, Instant a, Instant b) const;
};

// Parses and validates; `source` names the file in errors ("policy.toml:12:5: …").
// Throws Error(usage) on the first mistake.
Policy parse_policy(std::string_view text, std::string_view source);

// The shipped default (share/svc/policy.toml, compiled in).
std::string_view default_policy_text();

// The first risk keyword of the policy that the text contains (ASCII case-insensitive); a
// number ("315", "12315") counts only standing alone, not inside an order number.
std::optional<std::string> find_risk_keyword(const Policy& policy, std::string_view text);

}  // namespace svc
