// The team policy: parsing, validation with file:line:col, and SLA rule choice
// (lib/policy/policy.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>

#include "error.hpp"
#include "policy/policy.hpp"
#include "support.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

Instant sh(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
    return utc(y, mo, d, h, mi, s) - 8 * k_hour;
}

const Policy& shipped() {
    static const Policy p = parse_policy(default_policy_text(), "default");
    return p;
}

// The message of the usage error parse_policy gives for `text` (named test.toml).
std::string policy_error(const std::string& text) {
    try {
        parse_policy(text, "test.toml");
    } catch (const Error& e) {
        CHECK(static_cast<int>(e.kind()) == static_cast<int>(ErrorKind::usage));
        return e.what();
    }
    FAIL("the policy was accepted:\n" << text);
    return {};
}

// A small valid policy; line numbers matter to the tests below:
//  1 zone            5 [[sla]]       9 [escalation]        13 supervisor
//  2 [calendar]      6 name          10 levels              14 manager
//  3 mon             7 resolution    11 [authority]
//  4 tue             8 clock         12 agent
std::string base_policy() {
    return "zone = \"Asia/Shanghai\"\n"
           "[calendar]\n"
           "mon = \"09:00-18:00\"\n"
           "tue = \"09:00-18:00\"\n"
           "[[sla]]\n"
           "name = \"all\"\n"
           "resolution = \"1d\"\n"
           "clock = \"business\"\n"
           "[escalation]\n"
           "levels = [{ name = \"frontline\", role = \"agent\" }, { name = \"boss\", role = \"manager\", solution = "
           "\"2h\" }]\n"
           "[authority]\n"
           "agent = 50\n"
           "supervisor = 500\n"
           "manager = -1\n";
}

// base_policy() with line `line` (1-based) replaced by `text` (which may hold several lines).
std::string with_line(int line, const std::string& text) {
    std::string out;
    int n = 1;
    const std::string base = base_policy();
    std::size_t pos = 0;
    while (pos < base.size()) {
        const std::size_t end = base.find('\n', pos);
        const std::string current = base.substr(pos, end - pos);
        out += (n == line ? text : current) + "\n";
        pos = end + 1;
        ++n;
    }
    return out;
}

SlaSubject subject(std::string channel, std::string kind = "inquiry", std::string priority = "normal",
                   std::string tier = "standard", std::string category = "") {
    return {std::move(channel), std::move(kind), std::move(priority), std::move(tier), std::move(category)};
}

}  // namespace

// ---------------------------------------------------------------------------------------
// The shipped default

TEST_CASE("the shipped default policy parses") {
    CHECK_NOTHROW(parse_policy(default_policy_text(), "default"));
    CHECK_FALSE(default_policy_text().empty());
}

TEST_CASE("the shipped default runs on Shanghai time with four escalation levels") {
    const Policy& p = shipped();
    CHECK(p.zone_name == "Asia/Shanghai");
    CHECK(p.zone.name() == "Asia/Shanghai");
    CHECK(p.calendar.zone().name() == "Asia/Shanghai");
    REQUIRE(p.levels.size() == 4);
    CHECK(p.levels[0].name == "frontline");
    CHECK(p.levels[0].role == "agent");
    CHECK_FALSE(p.levels[0].solution.has_value());
    CHECK(p.levels[1].role == "supervisor");
    CHECK(p.levels[1].solution == Span{0, 2 * k_hour});
    CHECK(p.levels[1].clock == SlaClock::duty);
    CHECK(p.levels[2].solution == Span{1, 0});
    CHECK(p.levels[3].name == "crisis");
    CHECK(p.levels[3].solution == Span{0, 4 * k_hour});
    CHECK(p.levels[3].clock == SlaClock::around_the_clock);
    CHECK(p.levels[3].notify_at_once);
    CHECK(p.risk_level == 3);
    CHECK(std::find(p.risk_keywords.begin(), p.risk_keywords.end(), "12315") != p.risk_keywords.end());
    CHECK(std::find(p.risk_keywords.begin(), p.risk_keywords.end(), "律师") != p.risk_keywords.end());
}

TEST_CASE("the shipped default sets authority, follow-up, survey and churn settings") {
    const Policy& p = shipped();
    CHECK(p.authority.at("agent") == doctest::Approx(50));
    CHECK(p.authority.at("supervisor") == doctest::Approx(500));
    CHECK(p.authority.at("manager") == doctest::Approx(-1));
    CHECK(p.warn_at == doctest::Approx(0.8));
    CHECK(p.revisit_after == Span{1, 0});
    CHECK(p.revisit_kinds == std::vector<std::string>{"complaint", "after-sales"});
    CHECK(p.survey_window_start == 24 * k_hour);
    CHECK(p.survey_window_end == 48 * k_hour);
    CHECK(p.survey_suppress_days == 30);
    CHECK(p.survey_expire_days == 7);
    CHECK(p.repeat_complaints == 2);
    CHECK(p.repeat_window == 30 * k_day);
    CHECK(p.stars_min_answers == 5);
    CHECK(p.kpi_targets == std::map<std::string, double>{{"csat", 85}, {"frt_sla", 90}, {"res_sla", 85}});
    CHECK(p.notify_command.empty());
    CHECK(p.sla.size() == 12);
}

TEST_CASE("the shipped calendar knows National Day and its make-up Saturday") {
    const BusinessCalendar& c = shipped().calendar;
    CHECK(c.hours_on(days_from_civil(2026, 10, 1)).empty());
    CHECK(c.hours_on(days_from_civil(2026, 9, 25)).empty());  // 中秋节, a Friday
    CHECK(c.hours_on(days_from_civil(2026, 10, 10)) == parse_day_hours("09:00-12:00,13:30-18:30"));
    CHECK(format_instant(c.add(sh(2026, 9, 30, 17), 4 * k_hour), shipped().zone) == "2026-10-08T11:30:00+08:00");
    CHECK(format_instant(c.add(sh(2026, 10, 9, 18), 4 * k_hour), shipped().zone) == "2026-10-10T14:00:00+08:00");
}

// ---------------------------------------------------------------------------------------
// Choosing rules

TEST_CASE("a chat ticket's first response comes from rule chat: 60 seconds") {
    const auto c = shipped().choose(SlaTarget::first_response, subject("chat"));
    REQUIRE(c.has_value());
    CHECK(c->rule == "chat");
    CHECK(c->duration == Span{0, 30});
    CHECK(c->clock == SlaClock::duty);
    const auto next = shipped().choose(SlaTarget::next_response, subject("chat"));
    REQUIRE(next.has_value());
    CHECK(next->rule == "chat");
    CHECK(next->duration == Span{0, 2 * k_minute});
}

TEST_CASE("each target takes the first rule that sets it: chat resolution falls to default") {
    const auto c = shipped().choose(SlaTarget::resolution, subject("chat"));
    REQUIRE(c.has_value());
    CHECK(c->rule == "default");
    CHECK(c->duration == Span{3, 0});
}

TEST_CASE("an email inquiry is answered by rule email within 4 duty hours, resolved by default in 3 days") {
    const auto c = shipped().choose(SlaTarget::resolution, subject("email"));
    REQUIRE(c.has_value());
    CHECK(c->rule == "default");
    CHECK(c->duration == Span{3, 0});
    CHECK(c->clock == SlaClock::business);
    const auto f = shipped().choose(SlaTarget::first_response, subject("email"));
    REQUIRE(f.has_value());
    CHECK(f->rule == "email");
    CHECK(f->clock == SlaClock::duty);
    CHECK(f->duration == Span{0, 4 * k_hour});
}

TEST_CASE("a platinum email: first response from vip-written, resolution from vip-platinum") {
    const SlaSubject s = subject("email", "inquiry", "normal", "platinum");
    const auto f = shipped().choose(SlaTarget::first_response, s);
    REQUIRE(f.has_value());
    CHECK(f->rule == "vip-written");
    CHECK(f->duration == Span{0, k_hour});
    const auto r = shipped().choose(SlaTarget::resolution, s);
    REQUIRE(r.has_value());
    CHECK(r->rule == "vip-platinum");
    CHECK(r->duration == Span{1, 0});
    const auto n = shipped().choose(SlaTarget::next_response, s);
    REQUIRE(n.has_value());
    CHECK(n->rule == "vip-platinum");
    CHECK(n->duration == Span{0, k_hour});
}

TEST_CASE("a gold chat is resolved within 12h but answered like any chat") {
    const SlaSubject s = subject("chat", "inquiry", "normal", "gold");
    CHECK(shipped().choose(SlaTarget::resolution, s)->rule == "vip-gold");
    CHECK(shipped().choose(SlaTarget::resolution, s)->duration == Span{1, 4 * k_hour});
    CHECK(shipped().choose(SlaTarget::first_response, s)->rule == "chat");
}

TEST_CASE("an urgent ticket is resolved within 4h around the clock, even for VIPs") {
    for (const char* tier : {"standard", "platinum"}) {
        CAPTURE(tier);
        const auto r = shipped().choose(SlaTarget::resolution, subject("email", "complaint", "urgent", tier));
        REQUIRE(r.has_value());
        CHECK(r->rule == "urgent");
        CHECK(r->duration == Span{0, 4 * k_hour});
        CHECK(r->clock == SlaClock::around_the_clock);
    }
}

TEST_CASE("an inquiry by phone from a standard customer is resolved by the default rule in 3d") {
    const auto r = shipped().choose(SlaTarget::resolution, subject("phone"));
    REQUIRE(r.has_value());
    CHECK(r->rule == "default");
    CHECK(r->duration == Span{3, 0});
    CHECK(shipped().choose(SlaTarget::first_response, subject("phone"))->duration == Span{0, 15});
}

TEST_CASE("a web form is answered like an email: rule email matches channel web") {
    const auto r = shipped().choose(SlaTarget::first_response, subject("web"));
    REQUIRE(r.has_value());
    CHECK(r->rule == "email");
    CHECK(r->duration == Span{0, 4 * k_hour});
}

TEST_CASE("complaints and after-sales have their own resolution targets") {
    CHECK(shipped().choose(SlaTarget::resolution, subject("phone", "complaint"))->rule == "complaint");
    CHECK(shipped().choose(SlaTarget::resolution, subject("chat", "after-sales"))->rule == "after-sales");
    CHECK(shipped().choose(SlaTarget::resolution, subject("store", "after-sales"))->duration == Span{1, 0});
}

TEST_CASE("social media answers around the clock") {
    const auto f = shipped().choose(SlaTarget::first_response, subject("social"));
    REQUIRE(f.has_value());
    CHECK(f->rule == "social");
    CHECK(f->clock == SlaClock::around_the_clock);
    CHECK(f->duration == Span{0, 2 * k_hour});
}

TEST_CASE("no rule matches: no target") {
    const Policy p = parse_policy(
        with_line(7, "resolution = \"1d\"\nmatch = { channel = \"chat\", category = [\"billing\", \"refund\"] }"),
        "test.toml");
    CHECK_FALSE(p.choose(SlaTarget::resolution, subject("email")).has_value());
    CHECK_FALSE(
        p.choose(SlaTarget::resolution, subject("chat", "inquiry", "normal", "standard", "delivery")).has_value());
    CHECK(p.choose(SlaTarget::resolution, subject("chat", "inquiry", "normal", "standard", "refund")).has_value());
    CHECK_FALSE(
        p.choose(SlaTarget::first_response, subject("chat", "inquiry", "normal", "standard", "refund")).has_value());
}

TEST_CASE("deadline and elapsed follow the rule's clock") {
    const Policy& p = shipped();
    const Instant friday_evening = sh(2026, 11, 27, 18);
    CHECK(p.deadline(SlaClock::around_the_clock, friday_evening, 4 * k_hour) == friday_evening + 4 * k_hour);
    // half an hour on Friday, 09:00-12:00 on Monday, then half an hour after lunch
    CHECK(p.deadline(SlaClock::business, friday_evening, 4 * k_hour) == sh(2026, 11, 30, 14));
    CHECK(p.elapsed(SlaClock::around_the_clock, friday_evening, sh(2026, 11, 30, 14)) == 2 * k_day + 20 * k_hour);
    CHECK(p.elapsed(SlaClock::business, friday_evening, sh(2026, 11, 30, 14)) == 4 * k_hour);
    CHECK(p.elapsed(SlaClock::business, friday_evening, sh(2026, 11, 30, 12)) == 3 * k_hour + 30 * k_minute);
}

TEST_CASE("clocks and targets have stable names") {
    CHECK(to_string(SlaClock::business) == "business");
    CHECK(to_string(SlaClock::around_the_clock) == "24x7");
    CHECK(to_string(SlaTarget::first_response) == "first_response");
    CHECK(to_string(SlaTarget::next_response) == "next_response");
    CHECK(to_string(SlaTarget::resolution) == "resolution");
}

// ---------------------------------------------------------------------------------------
// Valid variations

TEST_CASE("the small test policy parses with defaults for what it leaves out") {
    const Policy p = parse_policy(base_policy(), "test.toml");
    CHECK(p.zone_name == "Asia/Shanghai");
    REQUIRE(p.sla.size() == 1);
    CHECK(p.sla[0].resolution == Span{1, 0});
    CHECK_FALSE(p.sla[0].first_response.has_value());
    CHECK(p.risk_level == 1);  // the last level when not set
    CHECK(p.warn_at == doctest::Approx(0.8));
    CHECK(p.calendar.hours_on(days_from_civil(2026, 11, 25)).empty());  // no Wednesday hours
    CHECK(p.calendar.hours_on(days_from_civil(2026, 11, 24)) == parse_day_hours("09:00-18:00"));
}

TEST_CASE("make-up workdays take Monday's hours unless workday_hours is set") {
    const Policy p = parse_policy(with_line(4, "tue = \"09:00-18:00\"\nworkdays = [\"2026-10-10\"]"), "test.toml");
    CHECK(p.calendar.hours_on(days_from_civil(2026, 10, 10)) == parse_day_hours("09:00-18:00"));
    const Policy q = parse_policy(
        with_line(4, "tue = \"09:00-18:00\"\nworkdays = [\"2026-10-10\"]\nworkday_hours = \"10:00-12:00\""),
        "test.toml");
    CHECK(q.calendar.hours_on(days_from_civil(2026, 10, 10)) == parse_day_hours("10:00-12:00"));
}

TEST_CASE("holiday ranges include both ends") {
    const Policy p =
        parse_policy(with_line(4, "tue = \"09:00-18:00\"\nholidays = [\"2026-12-28..2027-01-05\"]"), "test.toml");
    CHECK(p.calendar.hours_on(days_from_civil(2026, 12, 28)).empty());  // a Monday
    CHECK(p.calendar.hours_on(days_from_civil(2027, 1, 5)).empty());    // a Tuesday
    CHECK_FALSE(p.calendar.hours_on(days_from_civil(2027, 1, 11)).empty());
}

TEST_CASE("the zone of the policy is the zone of its calendar") {
    const Policy p = parse_policy(with_line(1, "zone = \"UTC\""), "test.toml");
    CHECK(p.zone.is_utc());
    // Monday 17:30 UTC + 1h: half an hour until 18:00 UTC, then Tuesday from 09:00 UTC
    CHECK(p.calendar.add(utc(2026, 11, 23, 17, 30), k_hour) == utc(2026, 11, 24, 9, 30));
}

// ---------------------------------------------------------------------------------------
// Mistakes, with the file, line and column

TEST_CASE("a TOML syntax error names its line") {
    const std::string msg = policy_error(with_line(3, "mon = \"09:00-18:00"));
    CHECK(contains(msg, "test.toml:3:"));
    const std::string msg2 = policy_error(with_line(12, "agent = = 50"));
    CHECK(contains(msg2, "test.toml:12:"));
}

TEST_CASE("an unknown top-level key is refused with its line") {
    const std::string msg = policy_error(with_line(1, "zone = \"Asia/Shanghai\"\ncolour = \"red\""));
    CHECK(contains(msg, "test.toml:2:1:"));
    CHECK(contains(msg, "colour"));
    CHECK_THROWS_AS(parse_policy(with_line(1, "zone = \"Asia/Shanghai\"\ncolour = \"red\""), "test.toml"), Error);
}

TEST_CASE("an unknown key inside [[sla]] is refused with its line") {
    const std::string msg = policy_error(with_line(7, "resolutoin = \"1d\""));
    CHECK(contains(msg, "test.toml:7:"));
    CHECK(contains(msg, "resolutoin"));
}

TEST_CASE("an unknown key in [calendar] is refused with its line") {
    const std::string msg = policy_error(with_line(4, "tues = \"09:00-18:00\""));
    CHECK(contains(msg, "test.toml:4:"));
    CHECK(contains(msg, "calendar.tues"));
}

TEST_CASE("a duration written in words is refused with its line and column") {
    const std::string msg = policy_error(with_line(7, "resolution = \"4 hours\""));
    CHECK(contains(msg, "test.toml:7:14:"));
    CHECK(contains(msg, "4 hours"));
    CHECK(contains(msg, "resolution"));
}

TEST_CASE("a zero or negative target is refused") {
    CHECK(contains(policy_error(with_line(7, "resolution = \"0s\"")), "test.toml:7:"));
    CHECK(contains(policy_error(with_line(7, "resolution = \"-1h\"")), "test.toml:7:"));
    CHECK(contains(policy_error(with_line(7, "resolution = 4")), "test.toml:7:"));
}

TEST_CASE("a clock other than business or 24x7 is refused") {
    const std::string msg = policy_error(with_line(8, "clock = \"weekly\""));
    CHECK(contains(msg, "test.toml:8:"));
    CHECK(contains(msg, "weekly"));
}

TEST_CASE("an unknown channel in match is refused naming it") {
    const std::string msg = policy_error(with_line(8, "match = { channel = [\"email\", \"fax\"] }"));
    CHECK(contains(msg, "test.toml:8:"));
    CHECK(contains(msg, "fax"));
    CHECK(contains(policy_error(with_line(8, "match = { tier = \"diamond\" }")), "diamond"));
    CHECK(contains(policy_error(with_line(8, "match = { priority = \"asap\" }")), "asap"));
    CHECK(contains(policy_error(with_line(8, "match = { kind = \"praise\" }")), "praise"));
    CHECK(contains(policy_error(with_line(8, "match = { colour = \"red\" }")), "match.colour"));
}

TEST_CASE("an unknown zone is refused with its line") {
    const std::string msg = policy_error(with_line(1, "zone = \"Asia/Beijing\""));
    CHECK(contains(msg, "test.toml:1:"));
    CHECK(contains(msg, "Asia/Beijing"));
}

TEST_CASE("a missing zone or calendar is refused") {
    CHECK(contains(policy_error(with_line(1, "")), "zone"));
    CHECK(contains(policy_error(with_line(1, "zone = 8")), "test.toml:1:"));
}

TEST_CASE("a holiday that is not a calendar date is refused with its line") {
    const std::string msg = policy_error(with_line(4, "tue = \"09:00-18:00\"\nholidays = [\"2026-02-30\"]"));
    CHECK(contains(msg, "test.toml:5:"));
    CHECK(contains(msg, "2026-02-30"));
}

TEST_CASE("a holiday range that runs backwards or spans more than a year is refused") {
    CHECK(contains(policy_error(with_line(4, "tue = \"09:00-18:00\"\nholidays = [\"2026-10-07..2026-10-01\"]")),
                   "test.toml:5:"));
    CHECK(contains(policy_error(with_line(4, "tue = \"09:00-18:00\"\nholidays = [\"2026-01-01..2027-06-01\"]")),
                   "test.toml:5:"));
    CHECK(contains(policy_error(with_line(4, "tue = \"09:00-18:00\"\nholidays = \"2026-10-01\"")), "test.toml:5:"));
}

TEST_CASE("a date that is both a holiday and a make-up workday is refused") {
    const std::string msg = policy_error(
        with_line(4, "tue = \"09:00-18:00\"\nholidays = [\"2026-10-01..2026-10-07\"]\nworkdays = [\"2026-10-03\"]"));
    CHECK(contains(msg, "test.toml:6:"));
    CHECK(contains(msg, "2026-10-03"));
}

TEST_CASE("bad working hours in the calendar are refused with their line") {
    const std::string msg = policy_error(with_line(4, "tue = \"09:00-12:00,11:00-18:00\""));
    CHECK(contains(msg, "test.toml:4:"));
    CHECK(contains(msg, "overlap"));
    CHECK(contains(policy_error(with_line(3, "mon = \"9-5\"")), "test.toml:3:"));
}

TEST_CASE("a calendar with no working hours at all is refused") {
    std::string text = with_line(3, "mon = \"\"");
    text.replace(text.find("tue = \"09:00-18:00\""), 19, "tue = \"\"");
    const std::string msg = policy_error(text);
    CHECK(contains(msg, "no working hours"));
}

TEST_CASE("warn_at must be a fraction between 0 and 1") {
    const std::string msg = policy_error(with_line(8, "clock = \"business\"\n[sla_options]\nwarn_at = 1.5"));
    CHECK(contains(msg, "test.toml:10:"));
    CHECK(contains(msg, "warn_at"));
    CHECK(contains(policy_error(with_line(8, "clock = \"business\"\n[sla_options]\nwarn_at = 0")), "test.toml:10:"));
    const Policy p = parse_policy(with_line(8, "clock = \"business\"\n[sla_options]\nwarn_at = 0.5"), "test.toml");
    CHECK(p.warn_at == doctest::Approx(0.5));
}

TEST_CASE("authority must name every role") {
    const std::string base = base_policy();
    const std::string msg = policy_error(base.substr(0, base.find("manager = -1")));
    CHECK(contains(msg, "test.toml:11:"));  // the [authority] table
    CHECK(contains(msg, "authority.manager"));
    CHECK(contains(policy_error(with_line(12, "agent = -5")), "test.toml:12:"));
    CHECK(contains(policy_error(with_line(12, "agent = \"fifty\"")), "test.toml:12:"));
    CHECK(contains(policy_error(with_line(12, "agent = 50\nintern = 5")), "test.toml:13:"));
}

TEST_CASE("an sla rule that sets no target is refused naming it") {
    const std::string msg = policy_error(with_line(7, ""));
    CHECK(contains(msg, "test.toml:5:"));  // the [[sla]] header
    CHECK(contains(msg, "\"all\""));
}

TEST_CASE("an sla rule without a name is refused") {
    const std::string msg = policy_error(with_line(6, ""));
    CHECK(contains(msg, "test.toml:"));
    CHECK(contains(msg, "name"));
}

TEST_CASE("two sla rules with the same name are refused at the second name") {
    const std::string msg =
        policy_error(with_line(8, "clock = \"business\"\n[[sla]]\nname = \"all\"\nfirst_response = \"1h\""));
    CHECK(contains(msg, "test.toml:10:"));
    CHECK(contains(msg, "all"));
}

TEST_CASE("escalation levels are checked") {
    CHECK(contains(policy_error(with_line(10, "levels = []")), "test.toml:10:"));
    CHECK(contains(policy_error(with_line(10, "levels = [{ name = \"a\", role = \"boss\" }]")), "boss"));
    CHECK(contains(policy_error(with_line(
                       10, "levels = [{ name = \"a\", role = \"agent\" }, { name = \"b\", role = \"manager\" }]")),
                   "test.toml:10:"));
    CHECK(contains(policy_error(with_line(10,
                                          "levels = [{ name = \"frontline\", role = \"agent\" }, { name = \"boss\", "
                                          "role = \"manager\", solution = \"2h\" }]\nrisk_level = 2")),
                   "test.toml:11:"));
}

TEST_CASE("the survey window must end after it starts") {
    const std::string msg = policy_error(with_line(14, "manager = -1\n[survey]\nwindow = [\"48h\", \"24h\"]"));
    CHECK(contains(msg, "test.toml:16:"));
}

TEST_CASE("errors name the source given by the caller") {
    try {
        parse_policy(with_line(1, "zone = \"Nowhere/Land\""), "/etc/svc/policy.toml");
        FAIL("accepted");
    } catch (const Error& e) {
        CHECK(contains(e.what(), "/etc/svc/policy.toml:1:"));
    }
}

TEST_CASE("an authority that is not an amount of yuan is refused with its line") {
    for (const char* bad : {"agent = nan", "agent = inf", "agent = -0.5", "agent = 12.345", "agent = 1e12"}) {
        CAPTURE(bad);
        const std::string msg = policy_error(with_line(12, bad));
        CHECK(contains(msg, "test.toml:12:"));
        CHECK(contains(msg, "authority.agent"));
    }
    CHECK(parse_policy(with_line(12, "agent = 49.9"), "test.toml").authority_fen("agent") == 4990);
    CHECK_FALSE(parse_policy(base_policy(), "test.toml").authority_fen("manager"));
}

TEST_CASE("notify.command is a program and its words, run without a shell") {
    const std::string base = base_policy() + "[notify]\n";
    CHECK(parse_policy(base + "command = [\"/usr/bin/pager\", \"--to\", \"$HOME\"]\n", "test.toml").notify_command ==
          std::vector<std::string>{"/usr/bin/pager", "--to", "$HOME"});
    CHECK(parse_policy(base + "command = \"/usr/bin/pager  --team east\"\n", "test.toml").notify_command ==
          std::vector<std::string>{"/usr/bin/pager", "--team", "east"});
    CHECK(parse_policy(base + "command = \"\"\n", "test.toml").notify_command.empty());
    for (const char* bad : {"command = \"/bin/pager | tee x\"", "command = \"/bin/pager $HOME\"", "command = \"pager\"",
                            "command = [\"pager\"]", "command = [\"/bin/pager\", \"\"]", "command = 5",
                            "command = \"/bin/pager 'a b'\""}) {
        CAPTURE(bad);
        const std::string msg = policy_error(base + bad + "\n");
        CHECK(contains(msg, "test.toml:16:"));
        CHECK(contains(msg, "command"));
    }
}

TEST_CASE("[kpi] targets: percentages of the metrics that have one, none by default") {
    CHECK(parse_policy(base_policy(), "test.toml").kpi_targets.empty());
    const Policy p = parse_policy(base_policy() + "[kpi]\ntargets = { fcr = 70, csat = 92.5 }\n", "test.toml");
    CHECK(p.kpi_targets == std::map<std::string, double>{{"csat", 92.5}, {"fcr", 70}});
    CHECK(contains(policy_error(base_policy() + "[kpi]\ntargets = { frt_p50 = 60 }\n"),
                   "test.toml:16:23: 'kpi.targets.frt_p50' is not a metric with a target"));
    CHECK(contains(policy_error(base_policy() + "[kpi]\ntargets = { csat = 120 }\n"),
                   "'kpi.targets.csat' must be a percentage from 0 to 100, got 120"));
    CHECK(contains(policy_error(base_policy() + "[kpi]\ntargets = { csat = \"high\" }\n"), "'csat' must be a number"));
    CHECK(contains(policy_error(base_policy() + "[kpi]\ntargets = 90\n"), "'targets' must be a table"));
}
