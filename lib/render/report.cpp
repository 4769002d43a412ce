#include "render/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <variant>

#include "compensation.hpp"
#include "i18n.hpp"

namespace svc::render {

namespace {

// The report as a small document — sections of paragraphs, tables, quotes and charts — so
// Markdown and HTML say the same thing in the same order.
struct Table {
    Table(std::vector<std::string> h, std::vector<std::vector<std::string>> r, std::vector<bool> n)
        : header(std::move(h)), rows(std::move(r)), numeric(std::move(n)) {}
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> numeric;  // right-aligned columns
    std::string more;           // under the table: how many rows were left out, and where they are
};
struct Paragraph {
    std::string text;
};
struct Quote {
    std::string text, source;
};
struct Bar {
    std::string label;
    std::int64_t value = 0;
};
struct Chart {
    std::string title;
    std::vector<Bar> bars;
    bool horizontal = false;  // long labels (categories) read better across
};
using Block = std::variant<Paragraph, Table, Quote, Chart>;
struct Section {
    std::string id, title;
    std::vector<Block> blocks;
    bool appendix = false;  // HTML folds it away (<details>), so it is not printed
};
struct Document {
    std::string title, subtitle;
    std::vector<Section> sections;
};

std::string signed_int(std::int64_t v) {
    return v > 0 ? fmt::format("+{}", v) : fmt::format("{}", v);
}
std::string one_decimal(double v) {
    return fmt::format("{:.1f}", v);
}
std::string opt_percent(const std::optional<double>& v) {
    return v ? one_decimal(*v) + "%" : "–";
}
std::string opt_number(const std::optional<double>& v) {
    return v ? one_decimal(*v) : "–";
}
std::string change_of(const std::optional<double>& now, const std::optional<double>& before) {
    if (!now || !before) return "–";
    const double d = *now - *before;
    return (d > 0 ? "+" : "") + one_decimal(d);
}
std::string or_unset(const std::string& s) {
    return s.empty() ? tr("(unset)") : s;
}
std::string when(Instant t, const Zone& zone) {
    return format_instant_short(t, zone);
}
std::string opt_when(const std::optional<Instant>& t, const Zone& zone) {
    return t ? when(*t, zone) : "–";
}
// A printed meeting paper lists the first few tickets; the JSON report carries them all.
std::string ticket_list(const std::vector<std::int64_t>& ids) {
    constexpr std::size_t k_shown = 4;
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < k_shown; ++i)
        out += (out.empty() ? "#" : ", #") + std::to_string(ids[i]);
    if (ids.size() > k_shown) out += trf(" … ({} in all)", ids.size());
    return out.empty() ? "–" : out;
}

// A broken promise as it stood at the week's end, in English: the JSON report's value, and
// the catalogue's key for the printed one (tr).
const char* promise_state(const Followup& f, Instant end) {
    if (f.state == FollowupState::done && f.done_at && *f.done_at < end) return N_("done late");
    if (f.state == FollowupState::cancelled && f.cancelled_at && *f.cancelled_at < end) return N_("cancelled late");
    return N_("open at week end");
}

// A printed meeting paper shows the first rows of a long table and says how many more there
// are and where they are; the JSON report (and the appendix) carries them all.
constexpr std::size_t k_top_rows = 6;

// Cuts `t` to its first `n` rows, saying under it how many more there are and where.
void cut_to(Table& t, std::size_t n, std::string_view where) {
    if (t.rows.size() <= n) return;
    t.more = trf("… and {} more ({}).", t.rows.size() - n, where);
    t.rows.resize(n);
}
// The detail of a process gap: the few worst cases, to discuss one or two.
constexpr std::size_t k_cases_shown = 4;

void add_top(Section& s, Table t, std::size_t n = k_top_rows) {
    cut_to(t, n, tr("all of them in svc review weekly --format json"));
    s.blocks.emplace_back(std::move(t));
}

std::string ticket_ref(std::int64_t id) {
    return "#" + std::to_string(id);
}

Section headline(const WeeklyReview& r) {
    Section s{"headline", tr("1. Headline"), {}};
    Table h{{tr("figure"), r.week.label, r.previous.label, tr("change")}, {}, {false, true, true, true}};
    h.rows.push_back({tr("complaints"), std::to_string(r.complaints), std::to_string(r.complaints_previous),
                      signed_int(r.complaints - r.complaints_previous)});
    if (r.complaints_average4)
        h.rows.push_back({trf("complaints vs the average of the {} week(s) before with tickets", r.average_weeks),
                          std::to_string(r.complaints), one_decimal(*r.complaints_average4),
                          (r.complaints - *r.complaints_average4 > 0 ? "+" : "") +
                              one_decimal(static_cast<double>(r.complaints) - *r.complaints_average4)});
    h.rows.push_back({tr("complaints resolved"), std::to_string(r.resolved), std::to_string(r.resolved_previous),
                      signed_int(r.resolved - r.resolved_previous)});
    h.rows.push_back({tr("backlog at week end (open or pending)"), std::to_string(r.backlog),
                      std::to_string(r.backlog_previous), signed_int(r.backlog - r.backlog_previous)});
    h.rows.push_back({tr("CSAT (share of 4–5)"), opt_percent(r.csat), opt_percent(r.csat_previous),
                      change_of(r.csat, r.csat_previous)});
    h.rows.push_back({"NPS", opt_number(r.nps), opt_number(r.nps_previous), change_of(r.nps, r.nps_previous)});
    h.rows.push_back({tr("survey answers"), std::to_string(r.survey_answers), std::to_string(r.survey_answers_previous),
                      signed_int(r.survey_answers - r.survey_answers_previous)});
    s.blocks.emplace_back(std::move(h));
    if (!r.complaints_average4)
        s.blocks.emplace_back(Paragraph{tr("No ticket in the 4 weeks before: no average to compare with.")});
    Chart per_day{tr("Complaints per day"), {}, false};
    for (const DayCount& d : r.per_day) per_day.bars.push_back({d.date.substr(5), d.count});
    s.blocks.emplace_back(std::move(per_day));
    Chart trend{tr("Complaints per week, 8 weeks"), {}, false};
    for (const WeekCount& w : r.trend) trend.bars.push_back({w.week.substr(5), w.count});
    s.blocks.emplace_back(std::move(trend));
    return s;
}

Section recurring(const WeeklyReview& r) {
    Section s{"recurring", tr("2. Recurring issues (process-fix candidates)"), {}};
    s.blocks.emplace_back(Paragraph{
        trf("Complaints of the same category and cause, {} or more in the week. Shared words: character pairs "
            "(for Chinese) or words found in at least half of the group's summaries.",
            k_recurring_min)});
    if (r.recurring.empty()) {
        s.blocks.emplace_back(Paragraph{tr("None this week.")});
        return s;
    }
    Table t{{tr("category"), tr("cause"), tr("complaints"), tr("customers"), tr("shared words"), tr("tickets")},
            {},
            {false, false, true, true, false, false}};
    for (const RecurringIssue& i : r.recurring) {
        std::string words;
        for (const std::string& w : i.shared_words) words += (words.empty() ? "" : " · ") + w;
        t.rows.push_back({or_unset(i.category), or_unset(i.cause), std::to_string(i.tickets.size()),
                          std::to_string(i.customers), words.empty() ? "–" : words, ticket_list(i.tickets)});
    }
    add_top(s, std::move(t));
    // What the customers said in the biggest groups, each distinct summary once with how often
    // it came, the most said first.
    constexpr std::size_t k_groups_quoted = 3, k_summaries_quoted = 4;
    for (std::size_t g = 0; g < r.recurring.size() && g < k_groups_quoted; ++g) {
        const RecurringIssue& i = r.recurring[g];
        std::vector<std::pair<std::string, int>> said;
        for (const std::string& sum : i.summaries) {
            auto it = std::find_if(said.begin(), said.end(), [&](const auto& p) { return p.first == sum; });
            if (it == said.end())
                said.emplace_back(sum, 1);
            else
                ++it->second;
        }
        std::stable_sort(said.begin(), said.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        std::string text;
        for (std::size_t k = 0; k < said.size() && k < k_summaries_quoted; ++k)
            text += (text.empty() ? "" : "; ") + said[k].first +
                    (said[k].second > 1 ? fmt::format(" ×{}", said[k].second) : "");
        if (said.size() > k_summaries_quoted) text += trf("; … {} more", said.size() - k_summaries_quoted);
        s.blocks.emplace_back(Quote{text, or_unset(i.category) + " / " + or_unset(i.cause)});
    }
    return s;
}

// Where the process let the customer down: deadlines missed, escalations, promises broken,
// and what agents had to do beyond their authority (容错机制: to discuss, not to punish).
Section process_gaps(const WeeklyReview& r, const Zone& zone) {
    Section s{"gaps", tr("3. Process gaps: missed deadlines, escalations, broken promises, exceptions"), {}};
    s.blocks.emplace_back(Paragraph{trf("SLA targets due in the week and missed: {}.", r.sla_breaches.size())});
    if (!r.sla_breaches.empty()) {
        // Which targets of which kinds of ticket are missed says more than who missed them.
        std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::int64_t>> by_kind;
        for (const SlaBreach& b : r.sla_breaches) {
            auto& [missed, unmet] = by_kind[{b.kind, b.target}];
            ++missed;
            if (!b.met_at) ++unmet;
        }
        Table k{{tr("kind"), tr("target"), tr("missed"), tr("not met at week end")}, {}, {false, false, true, true}};
        for (const auto& [key, n] : by_kind)
            k.rows.push_back({key.first, key.second, std::to_string(n.first), std::to_string(n.second)});
        s.blocks.emplace_back(std::move(k));
        // The latest first: how late, to the second (a target missed by 40 seconds reads as such).
        std::vector<const SlaBreach*> latest;
        for (const SlaBreach& b : r.sla_breaches) latest.push_back(&b);
        const auto late_by = [&](const SlaBreach* b) { return (b->met_at ? *b->met_at : r.week.end) - b->due; };
        std::stable_sort(latest.begin(), latest.end(),
                         [&](const SlaBreach* a, const SlaBreach* b) { return late_by(a) > late_by(b); });
        Table t{{tr("ticket"), tr("kind"), tr("owner"), tr("target"), tr("due"), tr("met at"), tr("late by")},
                {},
                {true, false, false, false, false, false, true}};
        for (const SlaBreach* b : latest)
            t.rows.push_back({ticket_ref(b->ticket_id), b->kind, b->owner, b->target, when(b->due, zone),
                              b->met_at ? when(*b->met_at, zone) : tr("not met"),
                              b->met_at ? format_duration(*b->met_at - b->due)
                                        : trf("{} (at week end)", format_duration(r.week.end - b->due))});
        add_top(s, std::move(t), k_cases_shown);
    }
    s.blocks.emplace_back(Paragraph{trf("Escalations raised in the week: {}.", r.escalations.size())});
    if (!r.escalations.empty()) {
        Table l{{tr("level"), tr("raised"), tr("solution met"), tr("breached"), tr("superseded"), tr("open")},
                {},
                {true, true, true, true, true, true}};
        for (const LevelSummary& e : r.escalation_levels)
            l.rows.push_back({std::to_string(e.level), std::to_string(e.total), std::to_string(e.met),
                              std::to_string(e.breached), std::to_string(e.superseded), std::to_string(e.open)});
        s.blocks.emplace_back(std::move(l));
        // Those the meeting should look at first: breached and overdue, then the highest level.
        std::vector<const ReviewEscalation*> order;
        for (const ReviewEscalation& e : r.escalations) order.push_back(&e);
        const auto weight = [](const ReviewEscalation* e) {
            return e->state == "breached" || e->state == "overdue" ? 0 : e->state == "open" ? 1 : 2;
        };
        std::stable_sort(order.begin(), order.end(), [&](const ReviewEscalation* a, const ReviewEscalation* b) {
            return weight(a) != weight(b) ? weight(a) < weight(b) : a->escalation.to_level > b->escalation.to_level;
        });
        Table t{{tr("ticket"), tr("level"), tr("trigger"), tr("reason"), tr("at"), tr("solution due"), tr("outcome")},
                {},
                {true, true, false, false, false, false, false}};
        for (const ReviewEscalation* e : order)
            t.rows.push_back({ticket_ref(e->escalation.ticket_id), std::to_string(e->escalation.to_level),
                              e->escalation.trigger, e->escalation.reason, when(e->escalation.at, zone),
                              opt_when(e->escalation.solution_due, zone), e->state});
        add_top(s, std::move(t), k_cases_shown);
    }
    s.blocks.emplace_back(
        Paragraph{trf("Promises and callbacks due in the week and not kept: {}.", r.broken_promises.size())});
    if (!r.broken_promises.empty()) {
        Table t{{tr("follow-up"), tr("ticket"), tr("kind"), tr("assignee"), tr("due"), tr("state"), tr("promise")},
                {},
                {true, true, false, false, false, false, false}};
        for (const Followup& f : r.broken_promises)
            t.rows.push_back({std::to_string(f.id), f.ticket_id ? ticket_ref(*f.ticket_id) : "–", f.kind, f.assignee,
                              when(f.due, zone), tr(promise_state(f, r.week.end)), f.note});
        add_top(s, std::move(t), k_cases_shown);
    }
    s.blocks.emplace_back(Paragraph{
        trf("Exceptions over authority (容错机制: to discuss what the rules should allow, not to punish): {}.",
            r.exceptions.size())});
    if (!r.exceptions.empty()) {
        Table t{{tr("ticket"), tr("agent"), tr("role"), tr("amount"), tr("limit"), tr("kind"), tr("reason")},
                {},
                {true, false, false, true, true, false, false}};
        for (const Compensation& c : r.exceptions)
            t.rows.push_back({ticket_ref(c.ticket_id), c.agent, c.role, format_yuan(c.amount_fen),
                              c.limit_fen ? format_yuan(*c.limit_fen) : "–", c.kind, c.exception.value_or("")});
        add_top(s, std::move(t), k_cases_shown);
    }
    return s;
}

Section breakdowns(const WeeklyReview& r) {
    Section s{"breakdown", tr("4. Complaints by category, cause, need and mood"), {}};
    constexpr std::size_t k_keys_shown = 6;
    for (const Breakdown& b : r.breakdowns) {
        if (b.dimension == "category") {
            Chart c{tr("Complaints by category"), {}, true};
            for (const CountChange& row : b.rows)
                if (row.count > 0) c.bars.push_back({or_unset(row.key), row.count});
            std::stable_sort(c.bars.begin(), c.bars.end(),
                             [](const Bar& a, const Bar& b) { return a.value > b.value; });
            if (c.bars.size() > k_keys_shown) c.bars.resize(k_keys_shown);
            if (!c.bars.empty()) s.blocks.emplace_back(std::move(c));
        }
        const char* dimension = tr_in("heading", b.dimension.c_str());
        Table t{{dimension, r.week.label, r.previous.label, tr("change")}, {}, {false, true, true, true}};
        for (const CountChange& row : b.rows)
            t.rows.push_back(
                {or_unset(row.key), std::to_string(row.count), std::to_string(row.previous), signed_int(row.change())});
        if (t.rows.empty())
            s.blocks.emplace_back(Paragraph{trf("No complaints in either week ({}).", dimension)});
        else
            add_top(s, std::move(t), k_keys_shown);
    }
    return s;
}

Section customers(const WeeklyReview& r) {
    Section s{"customers", tr("5. Repeat complainers and customers at risk"), {}};
    if (r.customers.empty()) {
        s.blocks.emplace_back(Paragraph{tr("No customer at risk.")});
        return s;
    }
    Table t{{tr("customer"), tr("name"), tr("tier"), tr("complaints in week"), tr("reasons")},
            {},
            {true, false, false, true, false}};
    for (const ReviewCustomer& c : r.customers) {
        std::string reasons;
        for (const std::string& w : c.reasons) reasons += (reasons.empty() ? "" : "; ") + w;
        t.rows.push_back({std::to_string(c.customer.id), c.customer.name, c.customer.tier,
                          std::to_string(c.complaints_in_week), reasons});
    }
    cut_to(t, k_top_rows, tr("all of them in svc customer at-risk"));
    s.blocks.emplace_back(std::move(t));
    return s;
}

Section compensation(const WeeklyReview& r) {
    Section s{"compensation", tr("6. Compensation"), {}};
    if (r.compensation.empty()) {
        s.blocks.emplace_back(Paragraph{tr("No compensation granted in the week.")});
        return s;
    }
    Table t{{tr("kind"), tr("level"), tr("count"), tr("amount (yuan)")}, {}, {false, true, true, true}};
    for (const CompensationGroup& g : r.compensation)
        t.rows.push_back({g.kind, std::to_string(g.level), std::to_string(g.count), format_yuan(g.fen)});
    add_top(s, std::move(t));
    return s;
}

Section detractors(const WeeklyReview& r, const Zone& zone) {
    Section s{"detractors", tr("7. Detractor comments"), {}};
    s.blocks.emplace_back(Paragraph{trf("Answers in the week with CSAT 1–2 or NPS 0–6: {}.", r.detractors.size())});
    // Those who wrote something first: a comment is what the meeting can learn from.
    std::vector<const Survey*> order;
    for (const Survey& v : r.detractors) order.push_back(&v);
    std::stable_sort(order.begin(), order.end(), [](const Survey* a, const Survey* b) {
        return (a->comment && !a->comment->empty()) > (b->comment && !b->comment->empty());
    });
    constexpr std::size_t k_quoted = 3;
    for (std::size_t i = 0; i < order.size() && i < k_quoted; ++i) {
        const Survey& v = *order[i];
        s.blocks.emplace_back(
            Quote{v.comment && !v.comment->empty() ? *v.comment : tr("(no comment)"),
                  trf("ticket #{}, CSAT {}, NPS {}, {}, {}", v.ticket_id, v.csat ? std::to_string(*v.csat) : "–",
                      v.nps ? std::to_string(*v.nps) : "–", v.agent, opt_when(v.answered_at, zone))});
    }
    if (order.size() > k_quoted)
        s.blocks.emplace_back(Paragraph{
            trf("… and {} more ({}).", order.size() - k_quoted, tr("all of them in svc review weekly --format json"))});
    return s;
}

Section actions(const WeeklyReview& r, const Zone& zone) {
    Section s{"actions", tr("8. Action items"), {}};
    const auto count_state = [&](std::string_view st) {
        return std::count_if(r.actions.begin(), r.actions.end(), [&](const ActionState& a) { return a.state == st; });
    };
    s.blocks.emplace_back(Paragraph{trf("At the week's end: {} overdue, {} open, {} done in the week.",
                                        count_state("overdue"), count_state("open"), count_state("done"))});
    if (r.actions.empty()) return s;
    Table t{{tr("id"), tr("state"), tr("action"), tr("owner"), tr("due"), tr("agreed"), tr("tickets"), tr("done")},
            {},
            {true, false, false, false, false, false, false, false}};
    for (const ActionState& a : r.actions) {
        std::string done = "–";
        if (a.state == "done")
            done = when(*a.action.done_at, zone) + (a.action.done_note ? ": " + *a.action.done_note : "");
        t.rows.push_back({std::to_string(a.action.id), a.state, a.action.text, a.action.owner,
                          opt_when(a.action.due, zone), a.action.week, ticket_list(a.action.tickets), done});
    }
    // Overdue and open items come first and are the meeting's agenda: all of them are shown.
    const std::size_t agenda = static_cast<std::size_t>(count_state("overdue") + count_state("open"));
    cut_to(t, std::max(agenda, k_top_rows), tr("all of them in svc review action list"));
    s.blocks.emplace_back(std::move(t));
    return s;
}

Section quality(const WeeklyReview& r, const Zone& zone) {
    Section s{"qa", tr("9. Quality inspection (质检)"), {}};
    s.blocks.emplace_back(
        Paragraph{trf("Tickets inspected in the week: {}; average score: {}.", r.qa.size(), opt_number(r.qa_average))});
    if (!r.qa.empty()) {
        // The lowest scores first: those are what the meeting discusses.
        std::vector<const QaScore*> order;
        for (const QaScore& q : r.qa) order.push_back(&q);
        std::stable_sort(order.begin(), order.end(),
                         [](const QaScore* a, const QaScore* b) { return a->score < b->score; });
        Table t{{tr("ticket"), tr("agent"), tr("score"), tr("inspector"), tr("at"), tr("note")},
                {},
                {true, false, true, false, false, false}};
        for (const QaScore* q : order)
            t.rows.push_back({ticket_ref(q->ticket_id), q->agent, std::to_string(q->score), q->inspector,
                              when(q->at, zone), q->note.value_or("")});
        add_top(s, std::move(t));
    }
    std::int64_t forced = 0, vague = 0;
    for (const ReplyLanguage& l : r.reply_language) {
        forced += l.forced;
        vague += l.vague;
    }
    s.blocks.emplace_back(Paragraph{
        trf("Replies against the team's wording (统一话术): {} sent with an avoided phrase (--force), {} with a vague "
            "time commitment.",
            forced, vague)});
    if (!r.reply_language.empty()) {
        Table t{{tr("agent"), tr("forced"), tr("vague")}, {}, {false, true, true}};
        for (const ReplyLanguage& l : r.reply_language)
            t.rows.push_back({l.agent, std::to_string(l.forced), std::to_string(l.vague)});
        add_top(s, std::move(t));
    }
    return s;
}

// The week's complaints, every one: folded away in HTML (so the printed paper stays short)
// and in Markdown at the end; only a pointer when they went to a file of their own.
Section appendix(const WeeklyReview& r, const Zone& zone, const std::optional<std::string>& file) {
    Section s{"appendix", trf("Appendix: the week's {} complaints", r.complaint_list.size()), {}};
    s.appendix = true;
    if (file) {
        s.blocks.emplace_back(Paragraph{trf("Written to {} (CSV, one complaint a line).", *file)});
        return s;
    }
    if (r.complaint_list.empty()) {
        s.blocks.emplace_back(Paragraph{tr("None this week.")});
        return s;
    }
    Table t{{tr("ticket"), tr("created"), tr("customer"), tr("owner"), tr("category"), tr("cause"), tr("summary")},
            {},
            {true, false, true, false, false, false, false}};
    for (const ComplaintRow& c : r.complaint_list)
        t.rows.push_back({ticket_ref(c.id), when(c.created_at, zone), std::to_string(c.customer_id), c.owner,
                          or_unset(c.category.value_or("")), or_unset(c.cause.value_or("")), c.summary});
    s.blocks.emplace_back(std::move(t));
    return s;
}

// The meeting's order: what happened, what keeps happening, where the process failed, then
// the detail; the full list last.
Document build_document(const WeeklyReview& r, const Zone& zone, const std::optional<std::string>& appendix_file) {
    Document doc;
    doc.title = trf("Weekly complaint review {}", r.week.label);
    doc.subtitle = trf(
        "{} to {} ({}); figures as of the week's end {}", format_date(floor_div(zone.to_local(r.week.start), k_day)),
        format_date(floor_div(zone.to_local(r.week.end - 1), k_day)), zone.name(), format_instant(r.week.end, zone));
    doc.sections.push_back(headline(r));
    doc.sections.push_back(recurring(r));
    doc.sections.push_back(process_gaps(r, zone));
    doc.sections.push_back(breakdowns(r));
    doc.sections.push_back(customers(r));
    doc.sections.push_back(compensation(r));
    doc.sections.push_back(detractors(r, zone));
    doc.sections.push_back(actions(r, zone));
    doc.sections.push_back(quality(r, zone));
    doc.sections.push_back(appendix(r, zone, appendix_file));
    return doc;
}

// ---------------------------------------------------------------------------------------
// Markdown

// One line, with what would break a table or turn into HTML escaped; the rest stays as typed
// so it reads well pasted into chat.
std::string md_text(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '\n' || c == '\r' || c == '\t')
            out += ' ';
        else if (c == '|' || c == '\\' || c == '<' || c == '>')
            out += std::string("\\") + c;
        else
            out += c;
    }
    return out;
}

std::string markdown(const Document& doc) {
    std::ostringstream o;
    o << "# " << md_text(doc.title) << "\n\n" << md_text(doc.subtitle) << "\n";
    for (const Section& s : doc.sections) {
        o << "\n## " << md_text(s.title) << "\n";
        for (const Block& b : s.blocks) {
            if (const auto* p = std::get_if<Paragraph>(&b))
                o << "\n" << md_text(p->text) << "\n";
            else if (const auto* q = std::get_if<Quote>(&b))
                o << "\n> " << md_text(q->text) << "\n> — " << md_text(q->source) << "\n";
            else if (const auto* c = std::get_if<Chart>(&b)) {
                // Charts are for the HTML page; in chat the figures go on one line.
                std::string line;
                for (const Bar& bar : c->bars)
                    line += fmt::format("{}{} {}", line.empty() ? "" : " · ", bar.label, bar.value);
                o << "\n" << md_text(c->title) << ": " << md_text(line) << "\n";
            } else if (const auto* t = std::get_if<Table>(&b)) {
                o << "\n|";
                for (const auto& h : t->header) o << ' ' << md_text(h) << " |";
                o << "\n|";
                for (std::size_t i = 0; i < t->header.size(); ++i)
                    o << (i < t->numeric.size() && t->numeric[i] ? "---:|" : "---|");
                o << "\n";
                for (const auto& row : t->rows) {
                    o << "|";
                    for (const auto& cell : row) o << ' ' << md_text(cell) << " |";
                    o << "\n";
                }
                if (!t->more.empty()) o << "\n" << md_text(t->more) << "\n";
            }
        }
    }
    return o.str();
}

// ---------------------------------------------------------------------------------------
// HTML

constexpr std::string_view k_css = R"css(
@page { size: A4; margin: 15mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei",
       "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif;
       font-size: 9.5pt; line-height: 1.35; color: #1a1a1a; max-width: 182mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
.sub { color: #555; margin: 0 0 6mm; }
h2 { font-size: 12pt; border-bottom: 1.5px solid #2f5d8a; padding-bottom: 1mm; margin: 5mm 0 2mm;
     break-after: avoid; page-break-after: avoid; }
p { margin: 2mm 0; }
table { border-collapse: collapse; width: 100%; margin: 1.5mm 0 3mm; font-size: 8.5pt; }
td { overflow-wrap: anywhere; }
caption { caption-side: bottom; text-align: left; color: #555; font-size: 8.5pt; padding-top: 0.5mm; }
/* Small tables side by side: the two charts of the headline, the four breakdowns. */
#headline figure { display: inline-block; width: 49%; vertical-align: top; }
#breakdown table { display: inline-table; width: 49%; vertical-align: top; }
#breakdown table:nth-of-type(odd) { margin-right: 2%; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #c9d3dd; padding: 0.6mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
blockquote { margin: 2mm 0 3mm; padding: 1.5mm 3mm; border-left: 3px solid #c0504d; background: #faf4f4;
             break-inside: avoid; page-break-inside: avoid; }
blockquote .src { display: block; color: #666; font-size: 9pt; margin-top: 1mm; }
figure { margin: 2mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 9.5pt; color: #444; margin-bottom: 1mm; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: inherit; font-size: 10px; fill: #333; }
summary h2 { display: inline; border: 0; }
details > summary { margin: 7mm 0 3mm; cursor: pointer; }
@media print { body { padding: 0; max-width: none; } section { break-before: auto; } }
)css";

std::string column_chart(const Chart& c) {
    const int w = 640, h = 180, top = 18, bottom = 22, left = 8;
    const std::int64_t max = std::max<std::int64_t>(
        1, std::max_element(c.bars.begin(), c.bars.end(), [](auto& a, auto& b) { return a.value < b.value; })->value);
    const double slot = static_cast<double>(w - 2 * left) / static_cast<double>(c.bars.size());
    std::string out = fmt::format(R"(<svg viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">)", w,
                                  h, w, h, html_escape(c.title));
    out +=
        fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>)", left, h - bottom, w - left, h - bottom);
    for (std::size_t i = 0; i < c.bars.size(); ++i) {
        const Bar& b = c.bars[i];
        const double bh =
            static_cast<double>(h - top - bottom) * static_cast<double>(b.value) / static_cast<double>(max);
        const double x = left + slot * static_cast<double>(i) + slot * 0.15;
        const double y = h - bottom - bh;
        out += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"/>)", x, y,
                           slot * 0.7, bh, i + 1 == c.bars.size() ? "#2f5d8a" : "#7fa7cc");
        out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text>)", x + slot * 0.35, y - 3,
                           b.value);
        out += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle">{}</text>)", x + slot * 0.35, h - 7,
                           html_escape(b.label));
    }
    return out + "</svg>";
}

std::string bar_chart(const Chart& c) {
    const int w = 640, row = 20, label = 150, right = 40;
    const int h = static_cast<int>(c.bars.size()) * row + 6;
    const std::int64_t max = std::max<std::int64_t>(
        1, std::max_element(c.bars.begin(), c.bars.end(), [](auto& a, auto& b) { return a.value < b.value; })->value);
    std::string out = fmt::format(R"(<svg viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}">)", w,
                                  h, w, h, html_escape(c.title));
    for (std::size_t i = 0; i < c.bars.size(); ++i) {
        const Bar& b = c.bars[i];
        const double y = 3 + static_cast<double>(i) * row;
        const double bw =
            static_cast<double>(w - label - right) * static_cast<double>(b.value) / static_cast<double>(max);
        out += fmt::format(R"(<text x="{}" y="{:.1f}" text-anchor="end">{}</text>)", label - 6, y + 13,
                           html_escape(b.label));
        out += fmt::format(R"(<rect x="{}" y="{:.1f}" width="{:.1f}" height="{}" fill="#7fa7cc"/>)", label, y + 2, bw,
                           row - 6);
        out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}">{}</text>)", label + bw + 4, y + 13, b.value);
    }
    return out + "</svg>";
}

std::string html(const Document& doc) {
    std::ostringstream o;
    o << "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << html_escape(doc.title) << "</title>\n<style>" << k_css << "</style>\n</head>\n<body>\n"
      << "<h1>" << html_escape(doc.title) << "</h1>\n<p class=\"sub\">" << html_escape(doc.subtitle) << "</p>\n";
    for (const Section& s : doc.sections) {
        o << "<section id=\"" << html_escape(s.id) << "\">\n";
        if (s.appendix)
            o << "<details><summary><h2>" << html_escape(s.title) << "</h2></summary>\n";
        else
            o << "<h2>" << html_escape(s.title) << "</h2>\n";
        for (const Block& b : s.blocks) {
            if (const auto* p = std::get_if<Paragraph>(&b))
                o << "<p>" << html_escape(p->text) << "</p>\n";
            else if (const auto* q = std::get_if<Quote>(&b))
                o << "<blockquote>" << html_escape(q->text) << "<span class=\"src\">— " << html_escape(q->source)
                  << "</span></blockquote>\n";
            else if (const auto* c = std::get_if<Chart>(&b)) {
                if (c->bars.empty()) continue;
                o << "<figure><figcaption>" << html_escape(c->title) << "</figcaption>"
                  << (c->horizontal ? bar_chart(*c) : column_chart(*c)) << "</figure>\n";
            } else if (const auto* t = std::get_if<Table>(&b)) {
                const auto cls = [&](std::size_t i) {
                    return i < t->numeric.size() && t->numeric[i] ? " class=\"n\"" : "";
                };
                o << "<table>\n";
                if (!t->more.empty()) o << "<caption>" << html_escape(t->more) << "</caption>\n";
                o << "<thead><tr>";
                for (std::size_t i = 0; i < t->header.size(); ++i)
                    o << "<th" << cls(i) << ">" << html_escape(t->header[i]) << "</th>";
                o << "</tr></thead>\n<tbody>\n";
                for (const auto& row : t->rows) {
                    o << "<tr>";
                    for (std::size_t i = 0; i < row.size(); ++i)
                        o << "<td" << cls(i) << ">" << html_escape(row[i]) << "</td>";
                    o << "</tr>\n";
                }
                o << "</tbody>\n</table>\n";
            }
        }
        o << (s.appendix ? "</details>\n</section>\n" : "</section>\n");
    }
    o << "</body>\n</html>\n";
    return o.str();
}

// ---------------------------------------------------------------------------------------
// JSON

json::Value key_or_null(const std::string& s) {
    return s.empty() ? json::Value() : json::Value(s);
}
json::Value at(const std::optional<Instant>& t, const Zone& zone) {
    return t ? json::Value(format_instant(*t, zone)) : json::Value();
}
json::Value yuan(std::int64_t fen) {
    return static_cast<double>(fen) / 100;
}

}  // namespace

std::optional<ReportFormat> parse_report_format(std::string_view name) {
    if (name == "md" || name == "markdown") return ReportFormat::md;
    if (name == "html") return ReportFormat::html;
    if (name == "json") return ReportFormat::json;
    return std::nullopt;
}

json::Value review_json(const WeeklyReview& r, const Zone& zone) {
    using json::Array;
    using json::Object;
    Object o;
    o.emplace_back("week", r.week.label);
    o.emplace_back("start", format_instant(r.week.start, zone));
    o.emplace_back("end", format_instant(r.week.end, zone));
    o.emplace_back("previous_week", r.previous.label);
    o.emplace_back("zone", r.zone);
    o.emplace_back("headline", Object{{"complaints", r.complaints},
                                      {"complaints_previous", r.complaints_previous},
                                      {"complaints_average_4_weeks", r.complaints_average4},
                                      {"average_weeks", r.average_weeks},
                                      {"resolved", r.resolved},
                                      {"resolved_previous", r.resolved_previous},
                                      {"backlog", r.backlog},
                                      {"backlog_previous", r.backlog_previous},
                                      {"csat", r.csat},
                                      {"csat_previous", r.csat_previous},
                                      {"nps", r.nps},
                                      {"nps_previous", r.nps_previous},
                                      {"survey_answers", r.survey_answers},
                                      {"survey_answers_previous", r.survey_answers_previous}});
    Array days, trend;
    for (const DayCount& d : r.per_day) days.emplace_back(Object{{"date", d.date}, {"complaints", d.count}});
    for (const WeekCount& w : r.trend) trend.emplace_back(Object{{"week", w.week}, {"complaints", w.count}});
    o.emplace_back("per_day", std::move(days));
    o.emplace_back("trend", std::move(trend));
    Array complaint_tickets;
    for (const ComplaintRow& c : r.complaint_list) complaint_tickets.emplace_back(c.id);
    o.emplace_back("complaint_tickets", std::move(complaint_tickets));
    Object breakdowns;
    for (const Breakdown& b : r.breakdowns) {
        Array rows;
        for (const CountChange& c : b.rows)
            rows.emplace_back(Object{{"value", key_or_null(c.key)},
                                     {"complaints", c.count},
                                     {"previous", c.previous},
                                     {"change", c.change()}});
        breakdowns.emplace_back(b.dimension, std::move(rows));
    }
    o.emplace_back("breakdown", std::move(breakdowns));
    Array recurring;
    for (const RecurringIssue& i : r.recurring) {
        Array tickets, words, summaries;
        for (auto t : i.tickets) tickets.emplace_back(t);
        for (auto& w : i.shared_words) words.emplace_back(w);
        for (auto& s : i.summaries) summaries.emplace_back(s);
        recurring.emplace_back(Object{{"category", key_or_null(i.category)},
                                      {"cause", key_or_null(i.cause)},
                                      {"complaints", static_cast<std::int64_t>(i.tickets.size())},
                                      {"customers", i.customers},
                                      {"shared_words", std::move(words)},
                                      {"tickets", std::move(tickets)},
                                      {"summaries", std::move(summaries)}});
    }
    o.emplace_back("recurring", std::move(recurring));
    Array customers;
    for (const ReviewCustomer& c : r.customers) {
        Array reasons;
        for (auto& w : c.reasons) reasons.emplace_back(w);
        customers.emplace_back(Object{{"customer_id", c.customer.id},
                                      {"name", c.customer.name},
                                      {"tier", c.customer.tier},
                                      {"complaints_in_week", c.complaints_in_week},
                                      {"reasons", std::move(reasons)}});
    }
    o.emplace_back("customers_at_risk", std::move(customers));
    Array breaches;
    for (const SlaBreach& b : r.sla_breaches)
        breaches.emplace_back(Object{{"ticket", b.ticket_id},
                                     {"kind", b.kind},
                                     {"owner", b.owner},
                                     {"target", b.target},
                                     {"due", format_instant(b.due, zone)},
                                     {"met_at", at(b.met_at, zone)},
                                     {"late", (b.met_at ? *b.met_at : r.week.end) - b.due}});
    o.emplace_back("sla_breaches", std::move(breaches));
    Array levels, escalations;
    for (const LevelSummary& l : r.escalation_levels)
        levels.emplace_back(Object{{"level", l.level},
                                   {"raised", l.total},
                                   {"met", l.met},
                                   {"breached", l.breached},
                                   {"superseded", l.superseded},
                                   {"open", l.open}});
    for (const ReviewEscalation& e : r.escalations)
        escalations.emplace_back(Object{{"ticket", e.escalation.ticket_id},
                                        {"from_level", e.escalation.from_level},
                                        {"level", e.escalation.to_level},
                                        {"trigger", e.escalation.trigger},
                                        {"reason", e.escalation.reason},
                                        {"at", format_instant(e.escalation.at, zone)},
                                        {"solution_due", at(e.escalation.solution_due, zone)},
                                        {"outcome", e.state}});
    o.emplace_back("escalation_levels", std::move(levels));
    o.emplace_back("escalations", std::move(escalations));
    Array promises;
    for (const Followup& f : r.broken_promises)
        promises.emplace_back(Object{{"id", f.id},
                                     {"ticket", f.ticket_id},
                                     {"customer_id", f.customer_id},
                                     {"kind", f.kind},
                                     {"assignee", f.assignee},
                                     {"due", format_instant(f.due, zone)},
                                     {"state", promise_state(f, r.week.end)},
                                     {"note", f.note}});
    o.emplace_back("broken_promises", std::move(promises));
    Array comp, exceptions;
    for (const CompensationGroup& g : r.compensation)
        comp.emplace_back(Object{{"kind", g.kind}, {"level", g.level}, {"count", g.count}, {"amount", yuan(g.fen)}});
    for (const Compensation& c : r.exceptions)
        exceptions.emplace_back(Object{{"ticket", c.ticket_id},
                                       {"agent", c.agent},
                                       {"role", c.role},
                                       {"amount", yuan(c.amount_fen)},
                                       {"limit", c.limit_fen ? yuan(*c.limit_fen) : json::Value()},
                                       {"kind", c.kind},
                                       {"level", c.level},
                                       {"reason", c.exception},
                                       {"at", format_instant(c.at, zone)}});
    o.emplace_back("compensation", std::move(comp));
    o.emplace_back("exceptions", std::move(exceptions));
    Array detractors;
    for (const Survey& v : r.detractors)
        detractors.emplace_back(Object{{"survey", v.id},
                                       {"ticket", v.ticket_id},
                                       {"agent", v.agent},
                                       {"csat", v.csat},
                                       {"nps", v.nps},
                                       {"comment", v.comment},
                                       {"answered_at", at(v.answered_at, zone)}});
    o.emplace_back("detractors", std::move(detractors));
    Array actions;
    for (const ActionState& a : r.actions) {
        Array tickets;
        for (auto t : a.action.tickets) tickets.emplace_back(t);
        actions.emplace_back(Object{{"id", a.action.id},
                                    {"state", a.state},
                                    {"text", a.action.text},
                                    {"owner", a.action.owner},
                                    {"week", a.action.week},
                                    {"due", at(a.action.due, zone)},
                                    {"tickets", std::move(tickets)},
                                    {"done_at", at(a.action.done_at, zone)},
                                    {"done_note", a.action.done_note}});
    }
    o.emplace_back("actions", std::move(actions));
    Array qa;
    for (const QaScore& q : r.qa)
        qa.emplace_back(Object{{"ticket", q.ticket_id},
                               {"agent", q.agent},
                               {"score", q.score},
                               {"inspector", q.inspector},
                               {"at", format_instant(q.at, zone)},
                               {"note", q.note}});
    o.emplace_back("qa", Object{{"inspected", static_cast<std::int64_t>(r.qa.size())},
                                {"average", r.qa_average},
                                {"scores", std::move(qa)}});
    Array language;
    for (const ReplyLanguage& l : r.reply_language)
        language.emplace_back(Object{{"agent", l.agent}, {"forced", l.forced}, {"vague", l.vague}});
    o.emplace_back("reply_language", std::move(language));
    return o;
}

std::string review_report(const WeeklyReview& review, ReportFormat format, const Zone& zone,
                          const std::optional<std::string>& appendix_file) {
    switch (format) {
        case ReportFormat::md:
            return markdown(build_document(review, zone, appendix_file));
        case ReportFormat::html:
            return html(build_document(review, zone, appendix_file));
        case ReportFormat::json:
            return json::dump(review_json(review, zone)) + "\n";
    }
    return {};
}

RowSet review_complaint_rows(const WeeklyReview& review) {
    RowSet r;
    r.fields = {{"id", FieldType::integer},
                {"created_at", FieldType::instant},
                {"customer_id", FieldType::integer},
                {"owner"},
                {"category"},
                {"cause"},
                {"need"},
                {"mood"},
                {"summary", FieldType::text, 40}};
    for (const ComplaintRow& c : review.complaint_list)
        r.rows.push_back({c.id, c.created_at, c.customer_id, c.owner, c.category, c.cause, c.need, c.mood, c.summary});
    return r;
}

RowSet review_action_rows(const std::vector<ActionState>& actions) {
    RowSet r;
    r.fields = {{"id", FieldType::integer},
                {"state"},
                {"text", FieldType::text, 40},
                {"owner"},
                {"due", FieldType::instant},
                {"week"},
                {"tickets"},
                {"created_by", FieldType::text, 0, true},
                {"created_at", FieldType::instant, 0, true},
                {"done_at", FieldType::instant},
                {"done_by", FieldType::text, 0, true},
                {"done_note", FieldType::text, 30}};
    for (const ActionState& s : actions) {
        const ReviewAction& a = s.action;
        std::string tickets;
        for (std::int64_t t : a.tickets) tickets += (tickets.empty() ? "" : ",") + std::to_string(t);
        r.rows.push_back({a.id, s.state, a.text, a.owner, a.due, a.week, tickets, a.created_by, a.created_at, a.done_at,
                          a.done_by, a.done_note});
    }
    return r;
}

RowSet qa_sample_rows(const std::vector<QaCandidate>& tickets) {
    RowSet r;
    r.fields = {{"ticket", FieldType::integer},  {"owner"}, {"kind"}, {"category"}, {"closed_at", FieldType::instant},
                {"summary", FieldType::text, 40}};
    for (const QaCandidate& c : tickets)
        r.rows.push_back({c.ticket_id, c.owner, c.kind, c.category, c.closed_at, c.summary});
    return r;
}

}  // namespace svc::render
