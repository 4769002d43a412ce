// The three clocks: working days on the business and duty clocks (BusinessCalendar::add_days,
// Span), duty time (值班, [duty]), the policy check's warning about long working-hour targets,
// and the shipped policy across 国庆 2026.
#include <doctest/doctest.h>

#include <string>

#include "error.hpp"
#include "policy/policy.hpp"
#include "sla.hpp"
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

std::string at(Instant t) {
    return format_instant(t, shipped().zone);
}

// A policy with Monday-to-Friday hours and the given extra sections.
Policy small_policy(const std::string& extra, const std::string& sla_clock = "business",
                    const std::string& resolution = "1d") {
    return parse_policy(
        "zone = \"Asia/Shanghai\"\n"
        "[calendar]\n"
        "mon = \"09:00-12:00,13:30-18:30\"\ntue = \"09:00-12:00,13:30-18:30\"\n"
        "wed = \"09:00-12:00,13:30-18:30\"\nthu = \"09:00-12:00,13:30-18:30\"\n"
        "fri = \"09:00-12:00,13:30-18:30\"\n"
        "holidays = [\"2026-10-01..2026-10-07\"]\n"
        "workdays = [\"2026-10-10\"]\n" +
            extra + "\n[[sla]]\nname = \"all\"\nresolution = \"" + resolution + "\"\nclock = \"" + sla_clock +
            "\"\n"
            "[escalation]\nlevels = [{ name = \"frontline\", role = \"agent\" }, { name = \"boss\", "
            "role = \"manager\", solution = \"2h\" }]\n"
            "[authority]\nagent = 50\nsupervisor = 500\nmanager = -1\n",
        "test.toml");
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Spans

TEST_CASE("a span keeps days apart from hours: 1d4h is a day and four hours, 30h is thirty hours") {
    CHECK(parse_span("1d4h") == Span{1, 4 * k_hour});
    CHECK(parse_span("30h") == Span{0, 30 * k_hour});
    CHECK(parse_span("1w") == Span{7, 0});
    CHECK(parse_span("1w2d3m") == Span{9, 3 * k_minute});
    CHECK(parse_span("45s") == Span{0, 45});
    CHECK(parse_span("1d4h").calendar_seconds() == 28 * k_hour);
    CHECK(format_span({1, 4 * k_hour}) == "1d4h");
    CHECK(format_span({0, 30 * k_hour}) == "30h");  // never "1d6h": on a working clock that is not the same
    CHECK(format_span({3, 0}) == "3d");
    CHECK(format_span({0, 0}) == "0s");
    CHECK(format_span({0, 90 * k_minute + 5}) == "1h30m5s");
    for (const char* text : {"1d4h", "30h", "2d", "1h30m5s", "45s"}) CHECK(format_span(parse_span(text)) == text);
    CHECK_THROWS_AS(parse_span("-1d"), Error);
    CHECK_THROWS_AS(parse_span("4h1d"), Error);
    CHECK(parse_duration("1d4h") == 28 * k_hour);  // a plain duration stays calendar seconds
}

// ---------------------------------------------------------------------------------------
// Working days

TEST_CASE("one working day is the same clock time on the next working day") {
    const BusinessCalendar& cal = shipped().calendar;
    CHECK(at(cal.add_days(sh(2026, 11, 23, 10), 1)) == "2026-11-24T10:00:00+08:00");  // Monday → Tuesday
    CHECK(at(cal.add_days(sh(2026, 11, 27, 17), 1)) == "2026-11-30T17:00:00+08:00");  // Friday → Monday
    CHECK(at(cal.add_days(sh(2026, 11, 23, 10), 3)) == "2026-11-26T10:00:00+08:00");
    CHECK(at(cal.add_days(sh(2026, 11, 23, 10), 5)) == "2026-11-30T10:00:00+08:00");  // a working week
    // Outside working time the day starts when the clock does: lunch → 13:30, evening → 09:00.
    CHECK(at(cal.add_days(sh(2026, 11, 23, 12, 30), 1)) == "2026-11-24T13:30:00+08:00");
    CHECK(at(cal.add_days(sh(2026, 11, 23, 20), 1)) == "2026-11-25T09:00:00+08:00");
    CHECK(at(cal.add_days(sh(2026, 11, 28, 10), 1)) == "2026-12-01T09:00:00+08:00");  // Saturday
    // 国庆: 30 September → 8 October; 9 October (Friday) → the make-up Saturday 10 October.
    CHECK(at(cal.add_days(sh(2026, 9, 30, 15), 1)) == "2026-10-08T15:00:00+08:00");
    CHECK(at(cal.add_days(sh(2026, 10, 9, 15), 1)) == "2026-10-10T15:00:00+08:00");
    CHECK(cal.add_days(sh(2026, 11, 23, 10), 0) == sh(2026, 11, 23, 10));
}

TEST_CASE("a clock time the next working day does not have ends at its last working moment before it") {
    // Working days 09:00-12:00,13:30-18:30; duty days 09:00-18:00.
    const BusinessCalendar& duty = shipped().duty_calendar;
    // Monday 18:20 → Tuesday 18:20 (working).
    CHECK(at(duty.add_days(sh(2026, 11, 23, 18, 20), 1)) == "2026-11-24T18:20:00+08:00");
    // Friday 18:20 → Saturday duty ends at 18:00: the deadline is its close, not Sunday.
    CHECK(at(duty.add_days(sh(2026, 11, 27, 18, 20), 1)) == "2026-11-28T18:00:00+08:00");
    // Sunday 12:30 (duty has no lunch break) → Monday's lunch break: the morning's close.
    CHECK(at(duty.add_days(sh(2026, 11, 29, 12, 30), 1)) == "2026-11-30T12:00:00+08:00");
}

TEST_CASE("Policy::deadline adds the days first, then the working hours") {
    const Policy& p = shipped();
    CHECK(at(p.deadline(SlaClock::business, sh(2026, 11, 23, 10), Span{1, 4 * k_hour})) ==
          "2026-11-24T15:30:00+08:00");  // Tuesday 10:00 + 4 h across lunch
    CHECK(at(p.deadline(SlaClock::around_the_clock, sh(2026, 11, 23, 10), Span{1, 4 * k_hour})) ==
          "2026-11-24T14:00:00+08:00");
    CHECK(at(p.deadline(SlaClock::business, sh(2026, 11, 23, 10), Span{0, 24 * k_hour})) ==
          "2026-11-26T10:00:00+08:00");  // 24 working hours are three working days
}

// ---------------------------------------------------------------------------------------
// Duty time

TEST_CASE("the duty clock runs in working time and in the duty hours of weekends and holidays") {
    const Policy& p = shipped();
    const BusinessCalendar& duty = p.duty_calendar;
    CHECK(duty.hours_on(days_from_civil(2026, 11, 23)) == parse_day_hours("09:00-12:00,13:30-18:30"));
    CHECK(duty.hours_on(days_from_civil(2026, 11, 28)) == parse_day_hours("09:00-18:00"));              // Saturday
    CHECK(duty.hours_on(days_from_civil(2026, 10, 1)) == parse_day_hours("09:00-18:00"));               // 国庆
    CHECK(duty.hours_on(days_from_civil(2026, 10, 10)) == parse_day_hours("09:00-12:00,13:30-18:30"));  // 调休
    CHECK(p.calendar.hours_on(days_from_civil(2026, 10, 1)).empty());  // the business clock stays closed
    CHECK(duty.is_working(sh(2026, 10, 3, 10)));
    CHECK_FALSE(duty.is_working(sh(2026, 10, 3, 19)));
    // Four duty hours from 30 September 17:00: 1.5 h that evening, 2.5 h on 1 October.
    CHECK(at(p.deadline(SlaClock::duty, sh(2026, 9, 30, 17), Span{0, 4 * k_hour})) == "2026-10-01T11:30:00+08:00");
    CHECK(at(p.deadline(SlaClock::business, sh(2026, 9, 30, 17), Span{0, 4 * k_hour})) == "2026-10-08T11:30:00+08:00");
    CHECK(p.elapsed(SlaClock::duty, sh(2026, 10, 1, 0), sh(2026, 10, 2, 0)) == 9 * k_hour);
}

TEST_CASE("[duty] dates add hours to single days, joined with what the day already has") {
    const Policy p = small_policy(
        "[duty]\nholidays = \"10:00-16:00\"\n"
        "dates = [{ days = [\"2026-10-01..2026-10-02\"], hours = \"15:00-21:00\" }, { days = [\"2026-11-23\"], hours = "
        "\"18:30-22:00\" }]",
        "duty");
    const BusinessCalendar& duty = p.duty_calendar;
    CHECK(duty.hours_on(days_from_civil(2026, 10, 1)) == parse_day_hours("10:00-21:00"));
    CHECK(duty.hours_on(days_from_civil(2026, 10, 3)) == parse_day_hours("10:00-16:00"));
    CHECK(duty.hours_on(days_from_civil(2026, 11, 23)) == parse_day_hours("09:00-12:00,13:30-22:00"));
    CHECK(duty.hours_on(days_from_civil(2026, 11, 28)).empty());  // no weekend duty in this policy
    // Without [duty] the duty clock is the business clock.
    const Policy plain = small_policy("");
    CHECK(plain.duty_calendar.hours_on(days_from_civil(2026, 10, 1)).empty());
    CHECK(plain.deadline(SlaClock::duty, sh(2026, 9, 30, 17), Span{0, 4 * k_hour}) ==
          plain.deadline(SlaClock::business, sh(2026, 9, 30, 17), Span{0, 4 * k_hour}));
}

TEST_CASE("[duty] mistakes are refused with their line") {
    CHECK_THROWS_WITH_AS(small_policy("[duty]\nweekend = \"09:00-18:00\""),
                         doctest::Contains("unknown key 'duty.weekend'"), Error);
    CHECK_THROWS_WITH_AS(small_policy("[duty]\nholidays = \"18:00-09:00\""),
                         doctest::Contains("the end must be after the start"), Error);
    CHECK_THROWS_WITH_AS(small_policy("[duty]\ndates = [{ days = [\"2026-10-01\"] }]"),
                         doctest::Contains("needs 'days' and 'hours'"), Error);
    CHECK_THROWS_WITH_AS(small_policy("", "night"), doctest::Contains("\"business\", \"duty\" or \"24x7\""), Error);
}

// ---------------------------------------------------------------------------------------
// The policy check

TEST_CASE("policy check warns about working-hour targets longer than a working day, and says what to write") {
    const Policy p = small_policy("", "business", "24h");
    REQUIRE(p.warnings.size() == 1);
    const std::string& w = p.warnings[0];
    CHECK(doctest::String(w.c_str()) == doctest::Contains("test.toml:13:14: sla \"all\" resolution = \"24h\""));
    CHECK(doctest::String(w.c_str()) == doctest::Contains("3 working days of 8h"));
    CHECK(doctest::String(w.c_str()) ==
          doctest::Contains("started Monday 10:00, it is due Thursday 10:00, 72 calendar"));
    CHECK(doctest::String(w.c_str()) == doctest::Contains("Write \"3d\""));
    CHECK(doctest::String(w.c_str()) == doctest::Contains("clock = \"24x7\" for 24 calendar hours"));
    // Past the first week the example names the week; a target of years has no example.
    CHECK(doctest::String(small_policy("", "business", "100h").warnings.at(0).c_str()) ==
          doctest::Contains("it is due Wednesday of week 3 "));
    const std::vector<std::string> years = small_policy("", "business", "9000h").warnings;
    REQUIRE(years.size() == 1);
    CHECK(doctest::String(years[0].c_str()) == doctest::Contains("1125 working days of 8h. Write \"1125d\""));
    // A working day or less, days, and the 24x7 clock are what they say.
    CHECK(small_policy("", "business", "8h").warnings.empty());
    CHECK(small_policy("", "business", "3d").warnings.empty());
    CHECK(small_policy("", "24x7", "48h").warnings.empty());
    CHECK(small_policy("", "duty", "1d4h").warnings.empty());
    CHECK(shipped().warnings.empty());
}

// ---------------------------------------------------------------------------------------
// The shipped policy across 国庆 2026

TEST_CASE("across 国庆 2026 no complaint or after-sales first response or supervisor solution is due >24 h later") {
    const Policy& p = shipped();
    const EscalationLevel& supervisor = p.level(1);
    for (Instant start = sh(2026, 9, 29); start < sh(2026, 10, 10); start += 10 * k_minute) {
        for (const std::string kind : {"complaint", "after-sales"}) {
            for (const std::string channel : {"chat", "phone", "email", "social", "web", "store"}) {
                for (const std::string tier : {"standard", "gold", "platinum"}) {
                    const auto first = p.choose(SlaTarget::first_response, {channel, kind, "normal", tier, ""});
                    REQUIRE(first);
                    const Instant due = p.deadline(first->clock, start, first->duration);
                    if (due - start > 24 * k_hour)
                        FAIL_CHECK(kind << " by " << channel << " (" << tier << ") opened " << at(start)
                                        << ": first response due " << at(due));
                }
            }
        }
        const Instant solution = p.deadline(supervisor.clock, start, *supervisor.solution);
        if (solution - start > 24 * k_hour)
            FAIL_CHECK("supervisor raised " << at(start) << ": solution due " << at(solution));
    }
}

TEST_CASE("a risk word sends a ticket to the crisis level: four hours around the clock, on-duty notified") {
    const Policy& p = shipped();
    const EscalationLevel& crisis = p.level(p.risk_level);
    CHECK(crisis.name == "crisis");
    CHECK(crisis.clock == SlaClock::around_the_clock);
    CHECK(crisis.notify_at_once);
    CHECK(at(p.deadline(crisis.clock, sh(2026, 10, 2, 22), *crisis.solution)) == "2026-10-03T02:00:00+08:00");
}

TEST_CASE("a target in working days turns at risk at warn_at of the working time it spans") {
    const Policy& p = shipped();
    const SlaChoice complaint{"complaint", Span{1, 0}, SlaClock::duty};
    // Friday 17:00 → Saturday 17:00: 1.5 h on Friday and 8 h of Saturday duty, 9.5 h in all.
    CHECK(target_length(p, complaint, sh(2026, 11, 27, 17)) == 9 * k_hour + 30 * k_minute);
    CHECK(at(into_target(p, complaint, sh(2026, 11, 27, 17), 0.8)) == "2026-11-28T15:06:00+08:00");
    const SlaChoice chat{"chat", Span{0, 30}, SlaClock::duty};
    CHECK(target_length(p, chat, sh(2026, 11, 27, 17)) == 30);
}
