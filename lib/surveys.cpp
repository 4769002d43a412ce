#include "surveys.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

#include "agents.hpp"
#include "audit.hpp"
#include "customers.hpp"
#include "error.hpp"
#include "text.hpp"
#include "tickets.hpp"

namespace svc {

namespace {

constexpr std::size_t k_max_comment = 2000;

Seconds expire_after(const Policy& p) {
    return static_cast<Seconds>(p.survey_expire_days) * k_day;
}
Seconds suppress_for(const Policy& p) {
    return static_cast<Seconds>(p.survey_suppress_days) * k_day;
}

Customer customer_of(Context& ctx, const Ticket& t) {
    auto c = ctx.store().people().find_customer_by_id(t.customer_id);
    if (!c) fail(ErrorKind::internal, "ticket {} has no customer {}", t.id, t.customer_id);
    return *c;
}

// The rules that hold for every send and every phone survey.
std::optional<std::string> standing_obstacle(const Ticket& t, const Customer& c) {
    if (!is_finished(t.status))
        return fmt::format("ticket {} is {}: a survey waits until the problem is resolved", t.id, t.status);
    if (c.no_survey) return fmt::format("customer {} ({}) opted out of surveys", c.id, c.name);
    return std::nullopt;
}

json::Value survey_json(const Survey& s) {
    json::Object o{{"survey", s.id}, {"agent", s.agent}, {"channel", s.channel}};
    if (s.csat) o.emplace_back("csat", *s.csat);
    if (s.nps) o.emplace_back("nps", *s.nps);
    if (s.comment) o.emplace_back("comment", *s.comment);
    if (s.answered_at) o.emplace_back("answered_at", *s.answered_at);
    return json::Value(std::move(o));
}

Survey new_send(Context& ctx, const Ticket& t) {
    Survey s;
    s.ticket_id = t.id;
    s.customer_id = t.customer_id;
    s.agent = t.owner;  // first-contact ownership: the owner answers for the ticket
    s.channel = t.channel;
    s.sent_at = ctx.now();
    s.sent_by = ctx.actor();
    return s;
}

void record_send(Context& ctx, Survey& s) {
    s.id = ctx.store().surveys().insert_survey(s);
    record_audit(ctx, EventKind::ticket_survey_send, s.ticket_id, survey_json(s));
}

// The survey row an answer produces, checked against the store but not written.
// `prefix` is "--" for flags and "" for file columns, so errors name what the user wrote.
Survey plan_answer(Context& ctx, const SurveyAnswer& a, std::string_view prefix) {
    if (a.csat < 1 || a.csat > 5) fail(ErrorKind::usage, "{}csat: {} is not between 1 and 5", prefix, a.csat);
    if (a.nps && (*a.nps < 0 || *a.nps > 10))
        fail(ErrorKind::usage, "{}nps: {} is not between 0 and 10", prefix, *a.nps);
    std::optional<std::string> comment;
    if (a.comment) comment = text::checked(std::string(prefix) + "comment", *a.comment, k_max_comment);
    const Instant now = ctx.now();
    const Zone& zone = ctx.policy().zone;
    const Instant at = a.answered_at.value_or(now);
    const std::string at_name = prefix.empty() ? "answered_at" : "--at";
    if (at > now) fail(ErrorKind::usage, "{}: {} is in the future", at_name, format_instant(at, zone));

    const Ticket t = get_ticket(ctx, a.ticket);
    std::optional<Survey> current = ctx.store().surveys().current_survey(t.id);
    Survey s;
    if (current) {
        s = *current;
        if (s.state == SurveyState::answered)
            fail(ErrorKind::conflict, "ticket {}: its survey was already answered at {}", t.id,
                 format_instant(*s.answered_at, zone));
        if (at < s.sent_at)
            fail(ErrorKind::usage, "{}: {} is before the survey went out at {}", at_name, format_instant(at, zone),
                 format_instant(s.sent_at, zone));
        const Instant expired = s.sent_at + expire_after(ctx.policy());
        if (at > expired)
            fail(ErrorKind::conflict, "ticket {}: its survey expired at {} (survey.expire_days = {})", t.id,
                 format_instant(expired, zone), ctx.policy().survey_expire_days);
    } else {
        // A phone survey: asked and answered in one call.
        if (auto why = standing_obstacle(t, customer_of(ctx, t))) fail(ErrorKind::refused, "{}", *why);
        if (t.resolved_at && at < *t.resolved_at)
            fail(ErrorKind::usage, "{}: {} is before the ticket was resolved at {}", at_name, format_instant(at, zone),
                 format_instant(*t.resolved_at, zone));
        s = new_send(ctx, t);
        s.channel = "phone";
        s.sent_at = at;
    }
    s.state = SurveyState::answered;
    s.answered_at = at;
    s.csat = static_cast<int>(a.csat);
    if (a.nps) s.nps = static_cast<int>(*a.nps);
    s.comment = comment;
    s.recorded_by = ctx.actor();
    return s;
}

void write_answer(Context& ctx, Survey& s) {
    if (s.id)
        ctx.store().surveys().update_survey(s);
    else
        s.id = ctx.store().surveys().insert_survey(s);
    record_audit(ctx, EventKind::ticket_survey_answer, s.ticket_id, survey_json(s));
}

}  // namespace

std::optional<std::string> survey_obstacle(Context& ctx, const Ticket& t, const Customer& c, bool check_timing) {
    if (auto why = standing_obstacle(t, c)) return why;
    if (!check_timing) return std::nullopt;
    const Policy& p = ctx.policy();
    const Instant now = ctx.now();
    const Instant opens = *t.resolved_at + p.survey_window_start, closes = *t.resolved_at + p.survey_window_end;
    if (now < opens)
        return fmt::format("ticket {}: its survey window opens at {}", t.id, format_instant(opens, p.zone));
    if (now > closes)
        return fmt::format("ticket {}: its survey window closed at {}", t.id, format_instant(closes, p.zone));
    if (p.survey_suppress_days > 0 && ctx.store().surveys().surveys_sent_to(c.id, now - suppress_for(p)) > 0)
        return fmt::format("customer {} ({}) was surveyed within the last {} days (survey.suppress_days)", c.id, c.name,
                           p.survey_suppress_days);
    // Asking how satisfied a customer is while another complaint of theirs is open only
    // angers them; the survey waits (within its window) until that one is resolved too.
    TicketQuery open_complaints;
    open_complaints.customer_id = c.id;
    open_complaints.statuses = {"open", "pending"};
    open_complaints.kinds = {"complaint"};
    open_complaints.limit = 1;
    open_complaints.now = now;
    if (const auto open = ctx.store().tickets().list_tickets(open_complaints); !open.empty())
        return fmt::format("customer {} ({}) has complaint ticket {} still open: the survey waits until it is resolved",
                           c.id, c.name, open.front().ticket.id);
    return std::nullopt;
}

std::vector<SurveyDue> due_surveys(Context& ctx) {
    const Policy& p = ctx.policy();
    const Instant now = ctx.now();
    // now in [resolved + start, resolved + end] ⇔ resolved in [now − end, now − start].
    const std::vector<Ticket> candidates =
        ctx.store().surveys().survey_candidates(now - p.survey_window_end, now - p.survey_window_start + 1);
    std::vector<SurveyDue> out;
    std::set<std::int64_t> chosen;  // one survey per customer per run
    for (const Ticket& t : candidates) {
        if (chosen.count(t.customer_id)) continue;
        Customer c = customer_of(ctx, t);
        if (survey_obstacle(ctx, t, c, true)) continue;
        chosen.insert(c.id);
        out.push_back({t, std::move(c), *t.resolved_at + p.survey_window_end});
    }
    return out;
}

std::vector<SurveySent> send_surveys(Context& ctx, const std::vector<std::int64_t>& tickets, bool force) {
    const UnitOfWork unit(ctx);
    // Check them all before writing any: the command is all or nothing.
    std::vector<SurveySent> out;
    std::vector<std::string> refusals;
    std::set<std::int64_t> customers;
    for (std::int64_t id : tickets) {
        const Ticket t = get_ticket(ctx, id);
        if (auto current = ctx.store().surveys().current_survey(id)) {
            out.push_back({*current, true});
            continue;
        }
        const Customer c = customer_of(ctx, t);
        if (auto why = standing_obstacle(t, c)) {
            refusals.push_back(*why);
            continue;
        }
        if (!force) {
            auto why = survey_obstacle(ctx, t, c, true);
            if (!why && customers.count(c.id))
                why = fmt::format("customer {} ({}) would get two surveys at once (ticket {} too)", c.id, c.name, id);
            if (why) {
                refusals.push_back(*why + "; --force sends anyway");
                continue;
            }
        }
        customers.insert(c.id);
        out.push_back({new_send(ctx, t), false});
    }
    if (!refusals.empty()) {
        std::string list;
        for (const auto& r : refusals) list += "\n  " + r;
        fail(ErrorKind::refused, "nothing recorded:{}", list);
    }
    for (SurveySent& s : out)
        if (!s.already) record_send(ctx, s.survey);
    return out;
}

std::vector<SurveyDue> send_due_surveys(Context& ctx) {
    const UnitOfWork unit(ctx);
    std::vector<SurveyDue> due = due_surveys(ctx);
    for (const SurveyDue& d : due) {
        Survey s = new_send(ctx, d.ticket);
        record_send(ctx, s);
    }
    return due;
}

SurveyDeliveryRun deliver_due_surveys(Context& ctx, Notifier& notifier,
                                      const std::function<std::string(const SurveyDue&)>& payload_of) {
    Store& store = ctx.store();
    struct Claimed {
        std::int64_t survey;
        SurveyDue due;
    };
    std::vector<Claimed> claimed;
    const std::string holder = lease_holder(ctx);
    {
        WriteTransaction tx(store);
        current_actor(ctx);
        const Instant until = ctx.now() + k_delivery_lease;
        // First those a run that died left behind, then the new ones.
        for (const std::int64_t id : store.surveys().surveys_lease_over(ctx.now())) {
            const auto s = store.surveys().find_survey(id);
            if (!s || !store.surveys().claim_survey_delivery(id, ctx.now(), holder, until)) continue;
            const Ticket t = get_ticket(ctx, s->ticket_id);
            Customer c = customer_of(ctx, t);
            claimed.push_back({id, {t, std::move(c), *t.resolved_at + ctx.policy().survey_window_end}});
        }
        for (SurveyDue& due : due_surveys(ctx)) {
            Survey s = new_send(ctx, due.ticket);
            record_send(ctx, s);
            store.surveys().claim_survey_delivery(s.id, ctx.now(), holder, until);
            claimed.push_back({s.id, std::move(due)});
        }
        // The notify command is how surveys reach the customer: it gets the real contact.
        if (!claimed.empty()) {
            record_reveal(ctx, "survey due --notify", std::nullopt);
            for (Claimed& c : claimed) c.due.customer = customer_of(ctx, c.due.ticket);  // revealed
        }
        tx.commit();
    }
    SurveyDeliveryRun run;
    for (const Claimed& c : claimed) {
        // The lease is renewed just before each delivery: the ones before it may have taken
        // their whole time limit. One that ran out and went to another run is left to it.
        {
            WriteTransaction tx(store);
            const bool mine =
                store.surveys().claim_survey_delivery(c.survey, ctx.now(), holder, ctx.now() + k_delivery_lease);
            tx.commit();
            if (!mine) continue;
        }
        std::string error;
        const bool ok =
            notifier.deliver(with_delivery_id(payload_of(c.due), fmt::format("survey-{}", c.survey)), error);
        WriteTransaction tx(store);
        if (ok) {
            store.surveys().record_survey_delivered(c.survey, ctx.now(), holder);
            run.delivered.push_back(c.due);
        } else {
            // Taken back: a survey the customer never got is not counted as sent.
            if (store.surveys().take_back_survey(c.survey, holder))
                record_audit(ctx, EventKind::ticket_survey_unsend, c.due.ticket.id,
                             json::Object{{"survey", c.survey}, {"error", error}});
            run.failures.push_back(fmt::format("ticket {}: {}", c.due.ticket.id, error));
        }
        tx.commit();
    }
    return run;
}

Survey record_answer(Context& ctx, const SurveyAnswer& answer) {
    const UnitOfWork unit(ctx);
    Survey s = plan_answer(ctx, answer, "--");
    write_answer(ctx, s);
    return s;
}

SurveyImportReport import_answers(Context& ctx, io::Input& input, ImportFormat format, bool skip_invalid,
                                  const std::vector<std::string>& ignored_columns) {
    const UnitOfWork unit(ctx);
    const io::Columns columns{{"ticket", "csat", "nps", "comment", "answered_at"}, ignored_columns};
    require_role(ctx, "supervisor", "import survey answers");
    SurveyImportReport report;
    // An answer touches its own ticket's survey only, and a ticket answered twice in the
    // file is a bad line: each line can be checked and written at once, with nothing held.
    std::map<std::int64_t, std::size_t> seen;  // ticket → its line
    const Zone& zone = ctx.policy().zone;
    auto take = [&](std::size_t line, const io::Row& row) {
        std::optional<Survey> planned;
        try {
            SurveyAnswer a;
            const auto ticket = row.integer("ticket");
            if (!ticket) fail(ErrorKind::usage, "ticket: missing");
            a.ticket = *ticket;
            const auto csat = row.integer("csat");
            if (!csat) fail(ErrorKind::usage, "csat: missing");
            a.csat = *csat;
            a.nps = row.integer("nps");
            a.comment = row.text("comment");
            a.answered_at = row.instant("answered_at", zone, ctx.now());
            if (auto [it, fresh] = seen.emplace(a.ticket, line); !fresh)
                fail(ErrorKind::usage, "ticket: {} was already answered on line {}", a.ticket, it->second);
            planned = plan_answer(ctx, a, "");
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::storage || e.kind() == ErrorKind::internal) throw;
            report.problems.push_back({line, e.what()});
            return;
        }
        // A line that was checked is written whole or the import fails; once the file is
        // refused, the remaining lines are only checked.
        if (report.problems.empty() || skip_invalid) {
            write_answer(ctx, *planned);
            ++report.imported;
        }
    };
    if (!io::read_rows(input, format, columns, take, report.problems)) skip_invalid = false;
    if (!report.problems.empty() && !skip_invalid) io::refuse_file(report.problems, input.name());
    return report;
}

std::string survey_state(const Survey& s, Instant now, int expire_days) {
    if (s.state == SurveyState::sent && now > s.sent_at + static_cast<Seconds>(expire_days) * k_day) return "expired";
    return std::string(to_string(s.state));
}

std::vector<Survey> list_surveys(Context& ctx, SurveyFilter f) {
    if (f.agent && *f.agent == "me") f.agent = current_actor(ctx).login;
    SurveyQuery q;
    q.ticket_id = f.ticket;
    q.agent = f.agent;
    q.detractors = f.detractors;
    q.limit = f.limit;
    if (f.sent) {
        q.since = f.sent->start;
        q.until = f.sent->end;
    }
    if (f.answered) {
        q.answered_since = f.answered->start;
        q.answered_until = f.answered->end;
    }
    if (f.state) {
        // Expired is "sent" with its answer time over; sent means still answerable.
        const Instant cutoff = ctx.now() - expire_after(ctx.policy());
        if (*f.state == "expired") {
            q.state = "sent";
            q.until = std::min(q.until.value_or(cutoff), cutoff);
        } else if (*f.state == "sent") {
            q.state = "sent";
            q.since = std::max(q.since.value_or(cutoff), cutoff);
        } else if (*f.state == "answered" || *f.state == "cancelled") {
            q.state = f.state;
        } else {
            fail(ErrorKind::usage, "--state: unknown value '{}' (expected sent|answered|expired|cancelled)", *f.state);
        }
    }
    return ctx.store().surveys().list_surveys(q);
}

SurveyGroup parse_survey_group(std::string_view flag, std::string_view name) {
    static const std::map<std::string_view, SurveyGroup> groups{
        {"agent", SurveyGroup::agent}, {"team", SurveyGroup::team},         {"channel", SurveyGroup::channel},
        {"kind", SurveyGroup::kind},   {"category", SurveyGroup::category}, {"tier", SurveyGroup::tier}};
    if (name.empty()) return SurveyGroup::none;
    auto it = groups.find(name);
    if (it == groups.end())
        fail(ErrorKind::usage, "{}: unknown value '{}' (expected agent|team|channel|kind|category|tier)", flag, name);
    return it->second;
}

std::vector<SatisfactionCounts> survey_stats(Context& ctx, const Period& period, SurveyGroup by) {
    std::vector<SatisfactionCounts> counts =
        ctx.store().kpis().satisfaction(period.start, period.end, k_every_answer, by);
    // Without groups there is always one row: nothing sent is a figure too.
    if (by == SurveyGroup::none && counts.empty()) counts.emplace_back();
    return counts;
}

}  // namespace svc
