#include "render/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>
#include <variant>

#include "compensation.hpp"

namespace svc::render {

namespace {

// The report as a small document — sections of paragraphs, tables, quotes and charts — so
// Markdown and HTML say the same thing in the same order.
struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> numeric;  // right-aligned columns
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
    return s.empty() ? "(unset)" : s;
}
std::string when(Instant t, const Zone& zone) {
    return format_instant_short(t, zone);
}
std::string opt_when(const std::optional<Instant>& t, const Zone& zone) {
    return t ? when(*t, zone) : "–";
}
// A printed meeting paper lists the first few tickets; the JSON report carries them all.
std::string ticket_list(const std::vector<std::int64_t>& ids) {
    constexpr std::size_t k_shown = 12;
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < k_shown; ++i)
        out += (out.empty() ? "#" : ", #") + std::to_string(ids[i]);
    if (ids.size() > k_shown) out += fmt::format(" … ({} in all)", ids.size());
    return out.empty() ? "–" : out;
}

// A broken promise as it stood at the week's end.
std::string promise_state(const Followup& f, Instant end) {
    if (f.state == FollowupState::done && f.done_at && *f.done_at < end) return "done late";
    if (f.state == FollowupState::cancelled && f.cancelled_at && *f.cancelled_at < end) return "cancelled late";
    return "open at week end";
}

Document build_document(const WeeklyReview& r, const Zone& zone) {
    Document doc;
    doc.title = "Weekly complaint review " + r.week.label;
    doc.subtitle = fmt::format(
        "{} to {} ({}); figures as of the week's end {}", format_date(floor_div(zone.to_local(r.week.start), k_day)),
        format_date(floor_div(zone.to_local(r.week.end - 1), k_day)), zone.name(), format_instant(r.week.end, zone));

    // 1. Headline
    Section s1{"headline", "1. Headline", {}};
    Table h{{"figure", r.week.label, r.previous.label, "change"}, {}, {false, true, true, true}};
    h.rows.push_back({"complaints", std::to_string(r.complaints), std::to_string(r.complaints_previous),
                      signed_int(r.complaints - r.complaints_previous)});
    h.rows.push_back(
        {"complaints vs the 4 weeks before (average)", std::to_string(r.complaints), one_decimal(r.complaints_average4),
         (r.complaints - r.complaints_average4 > 0 ? "+" : "") + one_decimal(r.complaints - r.complaints_average4)});
    h.rows.push_back({"complaints resolved", std::to_string(r.resolved), std::to_string(r.resolved_previous),
                      signed_int(r.resolved - r.resolved_previous)});
    h.rows.push_back({"backlog at week end (open or pending)", std::to_string(r.backlog),
                      std::to_string(r.backlog_previous), signed_int(r.backlog - r.backlog_previous)});
    h.rows.push_back(
        {"CSAT (share of 4–5)", opt_percent(r.csat), opt_percent(r.csat_previous), change_of(r.csat, r.csat_previous)});
    h.rows.push_back({"NPS", opt_number(r.nps), opt_number(r.nps_previous), change_of(r.nps, r.nps_previous)});
    h.rows.push_back({"survey answers", std::to_string(r.survey_answers), std::to_string(r.survey_answers_previous),
                      signed_int(r.survey_answers - r.survey_answers_previous)});
    s1.blocks.emplace_back(std::move(h));
    Chart per_day{"Complaints per day", {}, false};
    for (const DayCount& d : r.per_day) per_day.bars.push_back({d.date.substr(5), d.count});
    s1.blocks.emplace_back(std::move(per_day));
    Chart trend{"Complaints per week, 8 weeks", {}, false};
    for (const WeekCount& w : r.trend) trend.bars.push_back({w.week.substr(5), w.count});
    s1.blocks.emplace_back(std::move(trend));
    doc.sections.push_back(std::move(s1));

    // 2. Breakdowns
    Section s2{"breakdown", "2. Complaints by category, cause, need and mood", {}};
    for (const Breakdown& b : r.breakdowns) {
        if (b.dimension == "category") {
            Chart c{"Complaints by category", {}, true};
            for (const CountChange& row : b.rows)
                if (row.count > 0) c.bars.push_back({or_unset(row.key), row.count});
            std::stable_sort(c.bars.begin(), c.bars.end(),
                             [](const Bar& a, const Bar& b) { return a.value > b.value; });
            if (!c.bars.empty()) s2.blocks.emplace_back(std::move(c));
        }
        Table t{{b.dimension, r.week.label, r.previous.label, "change"}, {}, {false, true, true, true}};
        for (const CountChange& row : b.rows)
            t.rows.push_back(
                {or_unset(row.key), std::to_string(row.count), std::to_string(row.previous), signed_int(row.change())});
        if (t.rows.empty())
            s2.blocks.emplace_back(Paragraph{"No complaints in either week (" + b.dimension + ")."});
        else
            s2.blocks.emplace_back(std::move(t));
    }
    doc.sections.push_back(std::move(s2));

    // 3. Recurring issues
    Section s3{"recurring", "3. Recurring issues (process-fix candidates)", {}};
    s3.blocks.emplace_back(Paragraph{
        fmt::format("Complaints of the same category and cause, {} or more in the week. Shared words: character pairs "
                    "(for Chinese) or words found in at least half of the group's summaries.",
                    k_recurring_min)});
    if (r.recurring.empty())
        s3.blocks.emplace_back(Paragraph{"None this week."});
    else {
        Table t{{"category", "cause", "complaints", "customers", "shared words", "tickets"},
                {},
                {false, false, true, true, false, false}};
        for (const RecurringIssue& i : r.recurring) {
            std::string words;
            for (const std::string& w : i.shared_words) words += (words.empty() ? "" : " · ") + w;
            t.rows.push_back({or_unset(i.category), or_unset(i.cause), std::to_string(i.tickets.size()),
                              std::to_string(i.customers), words.empty() ? "–" : words, ticket_list(i.tickets)});
        }
        s3.blocks.emplace_back(std::move(t));
        // What the customers said, each distinct summary once with how often it came.
        for (const RecurringIssue& i : r.recurring) {
            std::vector<std::pair<std::string, int>> said;
            for (const std::string& sum : i.summaries) {
                auto it = std::find_if(said.begin(), said.end(), [&](const auto& p) { return p.first == sum; });
                if (it == said.end())
                    said.emplace_back(sum, 1);
                else
                    ++it->second;
            }
            std::stable_sort(said.begin(), said.end(),
                             [](const auto& a, const auto& b) { return a.second > b.second; });
            std::string text;
            for (const auto& [sum, n] : said)
                text += (text.empty() ? "" : "; ") + sum + (n > 1 ? fmt::format(" ×{}", n) : "");
            s3.blocks.emplace_back(Quote{text, or_unset(i.category) + " / " + or_unset(i.cause)});
        }
    }
    doc.sections.push_back(std::move(s3));

    // 4. Customers
    Section s4{"customers", "4. Repeat complainers and customers at risk", {}};
    if (r.customers.empty())
        s4.blocks.emplace_back(Paragraph{"No customer at risk."});
    else {
        // The meeting discusses the customers who complained most this week; a long tail is
        // one command away (the JSON report carries every one).
        constexpr std::size_t k_shown = 30;
        Table t{{"customer", "name", "tier", "complaints in week", "reasons"}, {}, {true, false, false, true, false}};
        for (std::size_t i = 0; i < r.customers.size() && i < k_shown; ++i) {
            const ReviewCustomer& c = r.customers[i];
            std::string reasons;
            for (const std::string& w : c.reasons) reasons += (reasons.empty() ? "" : "; ") + w;
            t.rows.push_back({std::to_string(c.customer.id), c.customer.name, c.customer.tier,
                              std::to_string(c.complaints_in_week), reasons});
        }
        s4.blocks.emplace_back(std::move(t));
        if (r.customers.size() > k_shown)
            s4.blocks.emplace_back(Paragraph{
                fmt::format("… and {} more customers at risk (all in the JSON report, and in svc customer at-risk).",
                            r.customers.size() - k_shown)});
    }
    doc.sections.push_back(std::move(s4));

    // 5. Breaches, escalations, broken promises
    Section s5{"breaches", "5. SLA breaches, escalations and broken promises", {}};
    s5.blocks.emplace_back(
        Paragraph{fmt::format("SLA targets due in the week and missed: {}.", r.sla_breaches.size())});
    if (!r.sla_breaches.empty()) {
        // How late, to the second: a target missed by 40 seconds reads as such, not as a
        // due time and a met time in the same minute.
        Table t{{"ticket", "kind", "owner", "target", "due", "met at", "late by"},
                {},
                {true, false, false, false, false, false, true}};
        for (const SlaBreach& b : r.sla_breaches)
            t.rows.push_back({"#" + std::to_string(b.ticket_id), b.kind, b.owner, b.target, when(b.due, zone),
                              b.met_at ? when(*b.met_at, zone) : "not met",
                              b.met_at ? format_duration(*b.met_at - b.due)
                                       : format_duration(r.week.end - b.due) + " (at week end)"});
        s5.blocks.emplace_back(std::move(t));
    }
    s5.blocks.emplace_back(Paragraph{fmt::format("Escalations raised in the week: {}.", r.escalations.size())});
    if (!r.escalations.empty()) {
        Table l{{"level", "raised", "solution met", "breached", "superseded", "open"},
                {},
                {true, true, true, true, true, true}};
        for (const LevelSummary& s : r.escalation_levels)
            l.rows.push_back({std::to_string(s.level), std::to_string(s.total), std::to_string(s.met),
                              std::to_string(s.breached), std::to_string(s.superseded), std::to_string(s.open)});
        s5.blocks.emplace_back(std::move(l));
        Table t{{"ticket", "level", "trigger", "reason", "at", "solution due", "outcome"},
                {},
                {true, true, false, false, false, false, false}};
        for (const ReviewEscalation& e : r.escalations)
            t.rows.push_back({"#" + std::to_string(e.escalation.ticket_id), std::to_string(e.escalation.to_level),
                              e.escalation.trigger, e.escalation.reason, when(e.escalation.at, zone),
                              opt_when(e.escalation.solution_due, zone), e.state});
        s5.blocks.emplace_back(std::move(t));
    }
    s5.blocks.emplace_back(
        Paragraph{fmt::format("Promises and callbacks due in the week and not kept: {}.", r.broken_promises.size())});
    if (!r.broken_promises.empty()) {
        Table t{{"follow-up", "ticket", "kind", "assignee", "due", "state", "promise"},
                {},
                {true, true, false, false, false, false, false}};
        for (const Followup& f : r.broken_promises)
            t.rows.push_back({std::to_string(f.id), f.ticket_id ? "#" + std::to_string(*f.ticket_id) : "–", f.kind,
                              f.assignee, when(f.due, zone), promise_state(f, r.week.end), f.note});
        s5.blocks.emplace_back(std::move(t));
    }
    doc.sections.push_back(std::move(s5));

    // 6. Compensation
    Section s6{"compensation", "6. Compensation and exceptions over authority", {}};
    if (r.compensation.empty())
        s6.blocks.emplace_back(Paragraph{"No compensation granted in the week."});
    else {
        Table t{{"kind", "level", "count", "amount (yuan)"}, {}, {false, true, true, true}};
        for (const CompensationGroup& g : r.compensation)
            t.rows.push_back({g.kind, std::to_string(g.level), std::to_string(g.count), format_yuan(g.fen)});
        s6.blocks.emplace_back(std::move(t));
    }
    s6.blocks.emplace_back(Paragraph{
        fmt::format("Exceptions over authority (容错机制: to discuss what the rules should allow, not to punish): {}.",
                    r.exceptions.size())});
    if (!r.exceptions.empty()) {
        Table t{{"ticket", "agent", "role", "amount", "limit", "kind", "reason"},
                {},
                {true, false, false, true, true, false, false}};
        for (const Compensation& c : r.exceptions)
            t.rows.push_back({"#" + std::to_string(c.ticket_id), c.agent, c.role, format_yuan(c.amount_fen),
                              c.limit_fen ? format_yuan(*c.limit_fen) : "–", c.kind, c.exception.value_or("")});
        s6.blocks.emplace_back(std::move(t));
    }
    doc.sections.push_back(std::move(s6));

    // 7. Detractors
    Section s7{"detractors", "7. Detractor comments", {}};
    s7.blocks.emplace_back(
        Paragraph{fmt::format("Answers in the week with CSAT 1–2 or NPS 0–6: {}.", r.detractors.size())});
    for (const Survey& v : r.detractors)
        s7.blocks.emplace_back(Quote{
            v.comment && !v.comment->empty() ? *v.comment : "(no comment)",
            fmt::format("ticket #{}, CSAT {}, NPS {}, {}, {}", v.ticket_id, v.csat ? std::to_string(*v.csat) : "–",
                        v.nps ? std::to_string(*v.nps) : "–", v.agent, opt_when(v.answered_at, zone))});
    doc.sections.push_back(std::move(s7));

    // 8. Action items
    Section s8{"actions", "8. Action items", {}};
    const auto count_state = [&](std::string_view st) {
        return std::count_if(r.actions.begin(), r.actions.end(), [&](const ActionState& a) { return a.state == st; });
    };
    s8.blocks.emplace_back(Paragraph{fmt::format("At the week's end: {} overdue, {} open, {} done in the week.",
                                                 count_state("overdue"), count_state("open"), count_state("done"))});
    if (!r.actions.empty()) {
        Table t{{"id", "state", "action", "owner", "due", "agreed", "tickets", "done"},
                {},
                {true, false, false, false, false, false, false, false}};
        for (const ActionState& a : r.actions) {
            std::string done = "–";
            if (a.state == "done")
                done = when(*a.action.done_at, zone) + (a.action.done_note ? ": " + *a.action.done_note : "");
            t.rows.push_back({std::to_string(a.action.id), a.state, a.action.text, a.action.owner,
                              opt_when(a.action.due, zone), a.action.week, ticket_list(a.action.tickets), done});
        }
        s8.blocks.emplace_back(std::move(t));
    }
    doc.sections.push_back(std::move(s8));

    // 9. QA
    Section s9{"qa", "9. Quality inspection (质检)", {}};
    s9.blocks.emplace_back(Paragraph{
        fmt::format("Tickets inspected in the week: {}; average score: {}.", r.qa.size(), opt_number(r.qa_average))});
    if (!r.qa.empty()) {
        Table t{{"ticket", "agent", "score", "inspector", "at", "note"}, {}, {true, false, true, false, false, false}};
        for (const QaScore& q : r.qa)
            t.rows.push_back({"#" + std::to_string(q.ticket_id), q.agent, std::to_string(q.score), q.inspector,
                              when(q.at, zone), q.note.value_or("")});
        s9.blocks.emplace_back(std::move(t));
    }
    std::int64_t forced = 0, vague = 0;
    for (const ReplyLanguage& l : r.reply_language) {
        forced += l.forced;
        vague += l.vague;
    }
    s9.blocks.emplace_back(Paragraph{fmt::format(
        "Replies against the team's wording (统一话术): {} sent with an avoided phrase (--force), {} with a vague time "
        "commitment.",
        forced, vague)});
    if (!r.reply_language.empty()) {
        Table t{{"agent", "forced", "vague"}, {}, {false, true, true}};
        for (const ReplyLanguage& l : r.reply_language)
            t.rows.push_back({l.agent, std::to_string(l.forced), std::to_string(l.vague)});
        s9.blocks.emplace_back(std::move(t));
    }
    doc.sections.push_back(std::move(s9));
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
       font-size: 10.5pt; line-height: 1.45; color: #1a1a1a; max-width: 182mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 17pt; margin: 0 0 2mm; }
.sub { color: #555; margin: 0 0 6mm; }
h2 { font-size: 13pt; border-bottom: 1.5px solid #2f5d8a; padding-bottom: 1mm; margin: 7mm 0 3mm;
     break-after: avoid; page-break-after: avoid; }
p { margin: 2mm 0; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #c9d3dd; padding: 1mm 2mm; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
blockquote { margin: 2mm 0 3mm; padding: 1.5mm 3mm; border-left: 3px solid #c0504d; background: #faf4f4;
             break-inside: avoid; page-break-inside: avoid; }
blockquote .src { display: block; color: #666; font-size: 9pt; margin-top: 1mm; }
figure { margin: 2mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 9.5pt; color: #444; margin-bottom: 1mm; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: inherit; font-size: 10px; fill: #333; }
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
        o << "<section id=\"" << html_escape(s.id) << "\">\n<h2>" << html_escape(s.title) << "</h2>\n";
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
                o << "<table>\n<thead><tr>";
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
        o << "</section>\n";
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

std::string review_report(const WeeklyReview& review, ReportFormat format, const Zone& zone) {
    switch (format) {
        case ReportFormat::md:
            return markdown(build_document(review, zone));
        case ReportFormat::html:
            return html(build_document(review, zone));
        case ReportFormat::json:
            return json::dump(review_json(review, zone)) + "\n";
    }
    return {};
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
