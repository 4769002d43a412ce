#include "review.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "agents.hpp"
#include "audit.hpp"
#include "error.hpp"
#include "followups.hpp"
#include "measures.hpp"
#include "random.hpp"
#include "text.hpp"
#include "tickets.hpp"

namespace svc {

namespace {

bool is_week_label(std::string_view l) {
    return l.size() == 8 && l[4] == '-' && l[5] == 'W';
}

std::int64_t local_day(Instant t, const Zone& zone) {
    return floor_div(zone.to_local(t), k_day);
}

// Rows of both weeks for one dimension, biggest risers first; ties by count, then name.
std::vector<CountChange> compare(const std::vector<ComplaintRow>& now, const std::vector<ComplaintRow>& before,
                                 std::optional<std::string> ComplaintRow::*field) {
    std::map<std::string, CountChange> rows;
    for (const ComplaintRow& r : now) {
        const std::string key = (r.*field).value_or("");
        rows[key].key = key;
        ++rows[key].count;
    }
    for (const ComplaintRow& r : before) {
        const std::string key = (r.*field).value_or("");
        rows[key].key = key;
        ++rows[key].previous;
    }
    std::vector<CountChange> out;
    for (auto& [key, row] : rows) out.push_back(row);
    std::stable_sort(out.begin(), out.end(), [](const CountChange& a, const CountChange& b) {
        if (a.change() != b.change()) return a.change() > b.change();
        return a.count > b.count;
    });
    return out;
}

// A UTF-8 code point and where it starts.
struct Glyph {
    char32_t code;
    std::string_view bytes;
};

std::vector<Glyph> glyphs(std::string_view s) {
    std::vector<Glyph> out;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = text::utf8_sequence_length(s, i);
        if (n == 0) {  // invalid byte: a separator
            out.push_back({U' ', s.substr(i, 1)});
            ++i;
            continue;
        }
        char32_t c = static_cast<unsigned char>(s[i]);
        if (n > 1) {
            c &= (0x7F >> n);
            for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        }
        out.push_back({c, s.substr(i, n)});
        i += n;
    }
    return out;
}

bool is_cjk(char32_t c) {
    return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x20000 && c <= 0x2FA1F);
}
bool is_word_char(char32_t c) {
    if (c < 0x80) return std::isalnum(static_cast<int>(c)) != 0;
    // Letters of other scripts (accented Latin, Cyrillic…): anything above ASCII that is
    // neither CJK nor in the punctuation and symbol blocks.
    return !is_cjk(c) && !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x3000 && c <= 0x303F) &&
           !(c >= 0xFF00 && c <= 0xFF20) && !(c >= 0xFF3B && c <= 0xFF40) && !(c >= 0xFF5B && c <= 0xFF65);
}

// The CJK runs of a text, each as its glyphs' bytes.
std::vector<std::vector<std::string_view>> cjk_runs(std::string_view text) {
    std::vector<std::vector<std::string_view>> runs(1);
    for (const Glyph& g : glyphs(text)) {
        if (is_cjk(g.code))
            runs.back().push_back(g.bytes);
        else if (!runs.back().empty())
            runs.emplace_back();
    }
    if (runs.back().empty()) runs.pop_back();
    return runs;
}

bool is_cjk_word(std::string_view w) {
    const auto g = glyphs(w);
    return !g.empty() && is_cjk(g.front().code);
}

// FNV-1a: a stable hash of a label, for default seeds.
std::uint64_t stable_hash(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

std::vector<QaCandidate> shuffled_take(std::vector<QaCandidate> items, std::size_t count, std::uint64_t seed) {
    Random rng(seed);
    const std::size_t n = std::min(count, items.size());
    for (std::size_t i = 0; i < n; ++i)
        std::swap(items[i],
                  items[i + static_cast<std::size_t>(rng.below(static_cast<std::int64_t>(items.size() - i)))]);
    items.resize(n);
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.ticket_id < b.ticket_id; });
    return items;
}

json::Value action_json(const ReviewAction& a) {
    json::Array tickets;
    for (std::int64_t t : a.tickets) tickets.emplace_back(t);
    return json::Object{{"text", a.text},
                        {"owner", a.owner},
                        {"week", a.week},
                        {"due", a.due},
                        {"tickets", json::Value(std::move(tickets))}};
}

}  // namespace

Period last_complete_week(const Zone& zone, Instant now) {
    return previous_period(iso_week_of(now, zone), zone);
}

const Period& require_week(std::string_view flag, const Period& period) {
    if (!is_week_label(period.label))
        fail(ErrorKind::usage, "{}: '{}' is not an ISO week (expected a week like 2026-W47, last-week or this-week)",
             flag, period.label);
    return period;
}

// ---------------------------------------------------------------------------------------
// Shared words

std::vector<std::string> summary_words(std::string_view text) {
    std::vector<std::string> out;
    std::string word;
    auto flush = [&] {
        if (text::display_width(word) >= 2) out.push_back(word);
        word.clear();
    };
    const std::vector<Glyph> gs = glyphs(text);
    for (std::size_t i = 0; i < gs.size(); ++i) {
        const Glyph& g = gs[i];
        if (is_cjk(g.code)) {
            flush();
            if (i + 1 < gs.size() && is_cjk(gs[i + 1].code))
                out.push_back(std::string(g.bytes) + std::string(gs[i + 1].bytes));
        } else if (is_word_char(g.code)) {
            word += g.code < 0x80 ? std::string(1, static_cast<char>(std::tolower(static_cast<int>(g.code))))
                                  : std::string(g.bytes);
        } else {
            flush();
        }
    }
    flush();
    return out;
}

std::vector<std::string> shared_words(const std::vector<std::string>& texts, std::size_t min_texts) {
    min_texts = std::max<std::size_t>(min_texts, 1);
    // In how many texts each word occurs, and the order words were first seen.
    std::map<std::string, std::size_t> texts_with;
    std::vector<std::string> order;
    for (const std::string& t : texts) {
        std::set<std::string> seen;
        for (std::string& w : summary_words(t)) {
            if (!seen.insert(w).second) continue;
            if (texts_with[w]++ == 0) order.push_back(w);
        }
    }
    std::set<std::string> shared_bigrams;
    for (const auto& [w, n] : texts_with)
        if (n >= min_texts) shared_bigrams.insert(w);
    // Chains of shared bigrams inside a CJK run become one phrase: 取件 + 件码 → 取件码.
    std::vector<std::string> phrases;
    for (const std::string& w : order)
        if (shared_bigrams.count(w) && !is_cjk_word(w)) phrases.push_back(w);  // non-CJK words
    for (const std::string& t : texts) {
        for (const auto& run : cjk_runs(t)) {
            std::size_t i = 0;
            while (i + 1 < run.size()) {
                std::size_t j = i;
                while (j + 1 < run.size() && shared_bigrams.count(std::string(run[j]) + std::string(run[j + 1]))) ++j;
                if (j > i) {
                    std::string phrase;
                    for (std::size_t k = i; k <= j; ++k) phrase += run[k];
                    if (std::find(phrases.begin(), phrases.end(), phrase) == phrases.end()) phrases.push_back(phrase);
                    i = j;
                } else {
                    ++i;
                }
            }
        }
    }
    // A phrase counts only where it is itself shared; a shorter one inside a longer phrase
    // shared as widely says nothing more.
    auto count_in = [&](const std::string& p) {
        return static_cast<std::size_t>(std::count_if(texts.begin(), texts.end(), [&](const std::string& t) {
            if (!is_cjk_word(p)) {
                const auto ws = summary_words(t);
                return std::find(ws.begin(), ws.end(), p) != ws.end();
            }
            return t.find(p) != std::string::npos;
        }));
    };
    std::vector<std::pair<std::string, std::size_t>> kept;
    for (const std::string& p : phrases)
        if (const std::size_t n = count_in(p); n >= min_texts) kept.emplace_back(p, n);
    std::vector<std::pair<std::string, std::size_t>> out;
    for (const auto& [p, n] : kept) {
        const bool inside = std::any_of(kept.begin(), kept.end(), [&](const auto& o) {
            return o.first != p && o.second >= n && o.first.find(p) != std::string::npos;
        });
        if (!inside) out.emplace_back(p, n);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::string> words;
    for (auto& [p, n] : out) words.push_back(p);
    return words;
}

// ---------------------------------------------------------------------------------------
// The weekly review

WeeklyReview build_weekly_review(Context& ctx, const Period& week) {
    current_actor(ctx);
    require_week("--week", week);
    Store& store = ctx.store();
    const Policy& policy = ctx.policy();
    const Zone& zone = policy.zone;
    WeeklyReview r;
    r.week = week;
    r.previous = previous_period(week, zone);
    r.zone = zone.name();

    // 1. Headline, and the 8-week trend whose weeks 1..4 back (those with tickets) are the average.
    std::vector<Period> weeks{week};
    while (weeks.size() < 8) weeks.push_back(previous_period(weeks.back(), zone));
    for (auto it = weeks.rbegin(); it != weeks.rend(); ++it)
        r.trend.push_back({it->label, store.reviews().count_complaints(it->start, it->end)});
    const std::vector<ComplaintRow> complaints = store.reviews().complaints_created(week.start, week.end);
    const std::vector<ComplaintRow> before = store.reviews().complaints_created(r.previous.start, r.previous.end);
    r.complaints = static_cast<std::int64_t>(complaints.size());
    r.complaints_previous = static_cast<std::int64_t>(before.size());
    std::int64_t four = 0;
    for (std::size_t i = 1; i <= 4; ++i) {
        if (!store.reviews().any_tickets(weeks[i].start, weeks[i].end)) continue;
        four += r.trend[7 - i].count;
        ++r.average_weeks;
    }
    if (r.average_weeks > 0) r.complaints_average4 = rounded(static_cast<double>(four) / r.average_weeks, 1);
    r.resolved = store.reviews().complaints_resolved(week.start, week.end);
    r.resolved_previous = store.reviews().complaints_resolved(r.previous.start, r.previous.end);
    r.backlog = store.reviews().complaint_backlog(week.end);
    r.backlog_previous = store.reviews().complaint_backlog(r.previous.end);
    auto satisfaction = [&](const Period& p) {
        auto rows = store.kpis().satisfaction(p.start, p.end, k_every_answer, SurveyGroup::none);
        return rows.empty() ? SatisfactionCounts{} : rows.front();
    };
    const SatisfactionCounts sat = satisfaction(week), sat_before = satisfaction(r.previous);
    r.csat = csat_score(sat);
    r.csat_previous = csat_score(sat_before);
    r.nps = nps_score(sat);
    r.nps_previous = nps_score(sat_before);
    r.survey_answers = sat.answered;
    r.survey_answers_previous = sat_before.answered;
    r.complaint_list = complaints;
    const std::int64_t first_day = local_day(week.start, zone);
    for (std::int64_t d = first_day; d < first_day + 7; ++d) r.per_day.push_back({format_date(d), 0});
    for (const ComplaintRow& c : complaints) {
        const std::int64_t d = local_day(c.created_at, zone) - first_day;
        if (d >= 0 && d < 7) ++r.per_day[static_cast<std::size_t>(d)].count;
    }

    // 2. Breakdowns.
    r.breakdowns.push_back({"category", compare(complaints, before, &ComplaintRow::category)});
    r.breakdowns.push_back({"cause", compare(complaints, before, &ComplaintRow::cause)});
    r.breakdowns.push_back({"need", compare(complaints, before, &ComplaintRow::need)});
    r.breakdowns.push_back({"mood", compare(complaints, before, &ComplaintRow::mood)});

    // 3. Recurring issues: same category and cause, k_recurring_min or more in the week.
    std::map<std::pair<std::string, std::string>, std::vector<const ComplaintRow*>> groups;
    for (const ComplaintRow& c : complaints) groups[{c.category.value_or(""), c.cause.value_or("")}].push_back(&c);
    for (const auto& [key, rows] : groups) {
        if (rows.size() < k_recurring_min) continue;
        RecurringIssue issue;
        issue.category = key.first;
        issue.cause = key.second;
        std::set<std::int64_t> customers;
        for (const ComplaintRow* c : rows) {
            issue.tickets.push_back(c->id);
            issue.summaries.push_back(c->summary);
            customers.insert(c->customer_id);
        }
        issue.customers = static_cast<std::int64_t>(customers.size());
        // Shared by at least half of the group (and two summaries at the least).
        issue.shared_words = shared_words(issue.summaries, std::max<std::size_t>(2, (rows.size() + 1) / 2));
        r.recurring.push_back(std::move(issue));
    }
    std::stable_sort(r.recurring.begin(), r.recurring.end(),
                     [](const auto& a, const auto& b) { return a.tickets.size() > b.tickets.size(); });

    // 4. Churn warning over the policy's repeat window ending with the week.
    std::map<std::int64_t, std::int64_t> in_week;
    for (const ComplaintRow& c : complaints) ++in_week[c.customer_id];
    Period window{std::max<Instant>(week.end - policy.repeat_window, 0), week.end, "window"};
    for (AtRiskCustomer& a : customers_at_risk(ctx, window)) {
        const auto n = in_week.find(a.customer.id);
        r.customers.push_back({std::move(a.customer), n == in_week.end() ? 0 : n->second, std::move(a.reasons)});
    }
    std::stable_sort(r.customers.begin(), r.customers.end(),
                     [](const auto& a, const auto& b) { return a.complaints_in_week > b.complaints_in_week; });

    // 5. Breaches, escalations raised in the week (their outcome as of its end), broken promises.
    r.sla_breaches = store.reviews().sla_breaches(week.start, week.end);
    EscalationQuery eq;
    eq.since = week.start;
    eq.until = week.end;
    std::map<int, LevelSummary> levels;
    for (Escalation& e : store.escalations().list_escalations(eq)) {
        std::string state;
        if (e.outcome && e.ended_at && *e.ended_at < week.end)
            state = *e.outcome;
        else
            state = e.solution_due && *e.solution_due < week.end ? "overdue" : "open";
        LevelSummary& l = levels[e.to_level];
        l.level = e.to_level;
        ++l.total;
        if (state == "met")
            ++l.met;
        else if (state == "breached")
            ++l.breached;
        else if (state == "superseded")
            ++l.superseded;
        else
            ++l.open;
        r.escalations.push_back({std::move(e), std::move(state)});
    }
    for (auto& [level, l] : levels) r.escalation_levels.push_back(l);
    FollowupQuery fq;
    fq.broken = true;
    fq.now = week.end;
    fq.since = week.start;
    fq.until = week.end;
    r.broken_promises = store.followups().list_followups(fq);

    // 6. Compensation by kind and level; the exceptions over authority, to discuss.
    std::map<std::pair<std::string, int>, CompensationGroup> comp;
    for (Compensation& c : store.escalations().compensations_between(week.start, week.end)) {
        CompensationGroup& g = comp[{c.kind, c.level}];
        g.kind = c.kind;
        g.level = c.level;
        ++g.count;
        g.fen += c.amount_fen;
        if (c.exception) r.exceptions.push_back(std::move(c));
    }
    for (auto& [key, g] : comp) r.compensation.push_back(g);

    // 7. Detractors' own words.
    SurveyQuery sq;
    sq.answered_since = week.start;
    sq.answered_until = week.end;
    sq.detractors = true;
    r.detractors = store.surveys().list_surveys(sq);

    // 8. Action items agreed before the week's end: overdue, then open, then those done in
    // the week; those done before it are settled and left out.
    ReviewActionQuery aq;
    aq.created_before = week.end;
    std::vector<ActionState> overdue, open, done;
    for (ReviewAction& a : store.reviews().list_review_actions(aq)) {
        std::string state = action_state(a, week.end);
        if (state == "done" && *a.done_at < week.start) continue;
        if (state != "done") {  // done after the week: not yet, as far as its report goes
            a.done_at.reset();
            a.done_by.reset();
            a.done_note.reset();
        }
        auto& into = state == "overdue" ? overdue : state == "open" ? open : done;
        into.push_back({std::move(a), std::move(state)});
    }
    auto by_due = [](const ActionState& a, const ActionState& b) {
        const Instant da = a.action.due.value_or(INT64_MAX), db = b.action.due.value_or(INT64_MAX);
        return da != db ? da < db : a.action.id < b.action.id;
    };
    std::sort(overdue.begin(), overdue.end(), by_due);
    std::sort(open.begin(), open.end(), by_due);
    std::sort(done.begin(), done.end(), [](const auto& a, const auto& b) {
        return *a.action.done_at != *b.action.done_at ? *a.action.done_at < *b.action.done_at
                                                      : a.action.id < b.action.id;
    });
    for (auto* part : {&overdue, &open, &done})
        for (ActionState& a : *part) r.actions.push_back(std::move(a));

    // 9. The week's inspections.
    r.qa = store.reviews().list_qa_scores(week.start, week.end);
    if (!r.qa.empty()) {
        const std::int64_t sum = std::accumulate(r.qa.begin(), r.qa.end(), std::int64_t{0},
                                                 [](std::int64_t s, const QaScore& q) { return s + q.score; });
        r.qa_average = rounded(static_cast<double>(sum) / static_cast<double>(r.qa.size()), 1);
    }
    // ... and the week's replies against the wording rules, counted as the KPIs count them.
    for (const KpiFigures& f :
         store.kpis().kpi_figures(week.start, week.end, week.end, SurveyGroup::agent, kpi_family::replies))
        if (f.forced_replies + f.vague_replies > 0)
            r.reply_language.push_back({f.group, f.forced_replies, f.vague_replies});
    return r;
}

// ---------------------------------------------------------------------------------------
// Action items

std::string action_state(const ReviewAction& a, Instant at) {
    if (a.done_at && *a.done_at < at) return "done";
    if (a.due && *a.due < at) return "overdue";
    return "open";
}

std::int64_t add_review_action(Context& ctx, const NewReviewAction& n) {
    const UnitOfWork unit(ctx);
    const Actor actor = require_role(ctx, "supervisor", "record review action items");
    ReviewAction a;
    a.text = text::checked("--text", n.text, text::k_max_summary);
    a.owner = n.owner.value_or(actor.login);
    // Once agents are registered, an action item belongs to one of them.
    if (n.owner && ctx.store().people().count_agents() > 0 && !ctx.store().people().find_agent(*n.owner))
        fail(ErrorKind::not_found, "--owner: agent '{}' not found", *n.owner);
    a.week = n.week ? require_week("--week", *n.week).label : last_complete_week(ctx.policy().zone, ctx.now()).label;
    a.due = n.due;
    a.created_by = actor.login;
    a.created_at = ctx.now();
    for (std::int64_t t : n.tickets) {
        if (!ctx.store().tickets().find_ticket(t)) fail(ErrorKind::not_found, "--ticket: ticket {} not found", t);
        if (std::find(a.tickets.begin(), a.tickets.end(), t) == a.tickets.end()) a.tickets.push_back(t);
    }
    std::sort(a.tickets.begin(), a.tickets.end());
    const std::int64_t id = ctx.store().reviews().insert_review_action(a);
    record_audit(ctx, EventKind::review_action_add, id, action_json(a));
    return id;
}

void complete_review_action(Context& ctx, std::int64_t id, const std::optional<std::string>& note) {
    const UnitOfWork unit(ctx);
    const Actor actor = current_actor(ctx);
    auto a = ctx.store().reviews().find_review_action(id);
    if (!a) fail(ErrorKind::not_found, "action item {} not found", id);
    // Its owner closes it, or a supervisor who saw it done.
    if (actor.login != a->owner) require_role(ctx, "supervisor", "close someone else's review action item");
    if (a->done_at)
        fail(ErrorKind::conflict, "action item {} is already done ({} by {})", id,
             format_instant(*a->done_at, ctx.policy().zone), a->done_by.value_or(""));
    if (note) a->done_note = text::checked("--note", *note, text::k_max_summary);
    a->done_at = ctx.now();
    a->done_by = actor.login;
    ctx.store().reviews().update_review_action(*a);
    record_audit(ctx, EventKind::review_action_done, id, json::Object{{"note", a->done_note}});
}

std::vector<ActionState> list_review_actions(Context& ctx, const ActionFilter& f) {
    current_actor(ctx);
    ReviewActionQuery q;
    if (f.open || f.overdue) q.open_at = ctx.now() + 1;
    std::vector<ActionState> out;
    for (ReviewAction& a : ctx.store().reviews().list_review_actions(q)) {
        std::string state = action_state(a, ctx.now() + 1);
        if (f.overdue && state != "overdue") continue;
        out.push_back({std::move(a), std::move(state)});
    }
    return out;
}

// ---------------------------------------------------------------------------------------
// Quality inspection

std::vector<QaCandidate> draw_sample(const std::vector<QaCandidate>& candidates, std::int64_t count, std::uint64_t seed,
                                     bool per_agent) {
    const std::size_t n = count < 0 ? 0 : static_cast<std::size_t>(count);
    std::vector<QaCandidate> sorted = candidates;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.ticket_id < b.ticket_id; });
    if (!per_agent) return shuffled_take(std::move(sorted), n, seed);
    // Each owner's draw has its own stream, so one agent's tickets never change another's.
    std::map<std::string, std::vector<QaCandidate>> by_owner;
    for (QaCandidate& c : sorted) by_owner[c.owner].push_back(std::move(c));
    std::vector<QaCandidate> out;
    for (auto& [owner, items] : by_owner)
        for (QaCandidate& c : shuffled_take(std::move(items), n, seed ^ stable_hash(owner)))
            out.push_back(std::move(c));
    return out;
}

Sample draw_qa_sample(Context& ctx, const SampleRequest& r) {
    require_role(ctx, "supervisor", "draw the quality-inspection sample");
    if (r.count < 1 || r.count > 10000) fail(ErrorKind::usage, "--count: {} is not between 1 and 10000", r.count);
    Sample s;
    s.seed = r.seed.value_or(stable_hash(r.period.label));
    const std::vector<QaCandidate> candidates = ctx.store().reviews().qa_candidates(r.period.start, r.period.end);
    s.candidates = static_cast<std::int64_t>(candidates.size());
    s.tickets = draw_sample(candidates, r.count, s.seed, r.per_agent);
    return s;
}

QaScore score_ticket(Context& ctx, std::int64_t ticket, int score, const std::optional<std::string>& note) {
    const UnitOfWork unit(ctx);
    const Actor actor = require_role(ctx, "supervisor", "score quality inspections");
    if (score < 0 || score > 100) fail(ErrorKind::usage, "--score: {} is not between 0 and 100", score);
    const Ticket t = get_ticket(ctx, ticket);
    if (t.status != TicketStatus::resolved && t.status != TicketStatus::closed)
        fail(ErrorKind::refused, "ticket {} is {}: only resolved or closed tickets are inspected", t.id, t.status);
    if (auto done = ctx.store().reviews().find_qa_score(t.id))
        fail(ErrorKind::conflict, "ticket {} was already inspected ({} by {}, score {})", t.id,
             format_instant(done->at, ctx.policy().zone), done->inspector, done->score);
    QaScore q;
    q.ticket_id = t.id;
    q.agent = t.owner;  // first-contact ownership: the owner answers for the whole ticket
    q.score = score;
    if (note) q.note = text::checked("--note", *note, text::k_max_body);
    q.inspector = actor.login;
    q.at = ctx.now();
    q.id = ctx.store().reviews().insert_qa_score(q);
    record_audit(ctx, EventKind::qa_score, q.id,
                 json::Object{{"ticket", t.id}, {"agent", q.agent}, {"score", q.score}, {"note", q.note}});
    return q;
}

}  // namespace svc
