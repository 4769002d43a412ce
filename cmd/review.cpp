// svc review: the weekly complaint review (weekly), its action items (action add/list/done)
// and quality inspection (sample, score).
#include "review.hpp"

#include <fmt/format.h>

#include <sstream>

#include "cli.hpp"
#include "error.hpp"
#include "io/files.hpp"
#include "render/report.hpp"
#include "text.hpp"
#include "tickets.hpp"

namespace svc::cli {

namespace {

struct WeeklyOptions {
    std::optional<std::string> week, format, output, appendix;
};
struct ActionAddOptions {
    std::string text;
    std::optional<std::string> owner, due, week;
    std::vector<std::string> tickets;
};
struct ActionListOptions {
    bool open = false, overdue = false;
};
struct ActionDoneOptions {
    std::string id;
    std::optional<std::string> note;
};
struct SampleOptions {
    std::string period = "last-week";
    std::int64_t count = 10;
    std::optional<std::uint64_t> seed;
    bool per_agent = false;
};
struct ScoreOptions {
    std::string ticket;
    int score = 0;
    std::optional<std::string> note;
};

std::int64_t number_flag(std::string_view flag, const std::string& text) {
    return text::parse_number(flag, text, "number");
}

int run_weekly(const WeeklyOptions& o, Session& s) {
    // The verb's own --format picks the report's form; a global --format json (the one
    // machine format both share) is honoured too, anything else there is for listings.
    render::ReportFormat format = render::ReportFormat::md;
    if (o.format) {
        const auto f = render::parse_report_format(*o.format);
        if (!f)
            fail(ErrorKind::usage, "--format: unknown report format '{}' (expected {})", *o.format,
                 render::k_report_format_names);
        format = *f;
    } else if (s.globals().format == "json") {
        format = render::ReportFormat::json;
    }
    const Zone& zone = s.policy().zone;
    const Period week =
        o.week ? require_week("--week", s.period_flag("--week", *o.week)) : last_complete_week(zone, s.now());
    if (o.appendix && (o.appendix->empty() || *o.appendix == "-"))
        fail(ErrorKind::usage, "--appendix: a file name is needed (the report itself goes to stdout or -o)");
    const WeeklyReview review = build_weekly_review(s.context(), week);
    const std::string text = render::review_report(review, format, zone, o.appendix);
    // Each file written whole or not at all: a half-written report is worse than none.
    if (o.appendix) {
        render::Spec csv{render::Format::csv, true, zone};
        std::ostringstream rows;
        render::write_rows(rows, render::review_complaint_rows(review), csv);
        if (auto why = io::write_atomically(*o.appendix, rows.str())) fail(ErrorKind::usage, "--appendix: {}", *why);
    }
    if (!o.output || *o.output == "-") {
        s.out() << text;
        return 0;
    }
    if (auto why = io::write_atomically(*o.output, text)) fail(ErrorKind::usage, "-o: {}", *why);
    s.info(trf("review of {} written to {}", week.label, *o.output));
    return 0;
}

int run_action_add(const ActionAddOptions& o, Session& s) {
    NewReviewAction a;
    a.text = o.text;
    a.owner = o.owner;
    if (o.due) a.due = s.instant_flag("--due", *o.due);
    if (o.week) a.week = s.period_flag("--week", *o.week);
    for (const std::string& t : o.tickets) a.tickets.push_back(text::parse_number("--ticket", t, "ticket number"));
    const std::int64_t id = add_review_action(s.context(), a);
    s.print_id(id);
    return 0;
}

int run_action_list(const ActionListOptions& o, Session& s) {
    s.print(render::review_action_rows(list_review_actions(s.context(), {o.open, o.overdue})));
    return 0;
}

int run_action_done(const ActionDoneOptions& o, Session& s) {
    const std::int64_t id = number_flag("ID", o.id);
    complete_review_action(s.context(), id, o.note);
    return 0;
}

int run_sample(const SampleOptions& o, Session& s) {
    SampleRequest r;
    r.period = s.period_flag("--period", o.period);
    r.count = o.count;
    r.seed = o.seed;
    r.per_agent = o.per_agent;
    const Sample sample = draw_qa_sample(s.context(), r);
    s.info(trf("{} of {} closed tickets not yet inspected in {} (seed {})", sample.tickets.size(), sample.candidates,
               r.period.label, sample.seed));
    s.print(render::qa_sample_rows(sample.tickets));
    return 0;
}

int run_score(const ScoreOptions& o, Session& s) {
    const std::int64_t ticket = text::parse_number("TICKET", o.ticket, "ticket number");
    const QaScore q = score_ticket(s.context(), ticket, o.score, o.note);
    s.info(trf("ticket {} scored {} for {}", q.ticket_id, q.score, q.agent));
    s.print_id(q.id);
    return 0;
}

}  // namespace

void add_review_commands(CLI::App& app, Dispatch& d) {
    CLI::App* noun = app.add_subcommand(
        "review", "The weekly complaint review (投诉分析会), its action items, and quality inspection (质检)");
    noun->group(N_("Nouns"));

    auto weekly_o = std::make_shared<WeeklyOptions>();
    CLI::App* weekly = noun->add_subcommand("weekly", "The week's complaint review report (Markdown, HTML or JSON)");
    optional_flag(weekly, "--week", weekly_o->week,
                  "ISO week (2026-W47, last-week, this-week); default: the last complete week");
    optional_flag(weekly, "--format", weekly_o->format, "Report format: md|html|json (default md)");
    optional_flag(weekly, "-o,--output", weekly_o->output, "Write the report to this file instead of stdout");
    optional_flag(weekly, "--appendix", weekly_o->appendix,
                  "Write the full list of the week's complaints to this CSV file instead of the report's appendix");
    examples(weekly,
             "  svc review weekly --week 2026-W47 --format html -o review-2026-W47.html\n"
             "  svc review weekly --format html -o review.html --appendix complaints.csv\n"
             "  svc review weekly | mail -s '投诉周报' team@example.com");
    d.on(weekly, [weekly_o](Session& s) { return run_weekly(*weekly_o, s); });

    CLI::App* action = noun->add_subcommand("action", "Action items agreed at a review, tracked until done");

    auto add_o = std::make_shared<ActionAddOptions>();
    CLI::App* add = action->add_subcommand("add", "Record an action item agreed at the review; prints its id");
    add->add_option("--text", add_o->text, "What is to change")->required();
    optional_flag(add, "--owner", add_o->owner, "Who sees it through (default: you)");
    optional_flag(add, "--due", add_o->due, "When it is due: an instant, or a duration from now (2w)");
    optional_flag(add, "--week", add_o->week, "The reviewed week it came from (default: the last complete week)");
    add->add_option("--ticket", add_o->tickets, "A complaint it came from (repeatable)");
    examples(add,
             "  svc review action add --text '取件码短信改为下单即发' --owner zhou.min --due 2026-12-04 --ticket 41 "
             "--ticket 57");
    d.on(add, [add_o](Session& s) { return run_action_add(*add_o, s); });

    auto list_o = std::make_shared<ActionListOptions>();
    CLI::App* list = action->add_subcommand("list", "List action items with their state (open, overdue, done)");
    list->add_flag("--open", list_o->open, "Not yet done");
    list->add_flag("--overdue", list_o->overdue, "Not done and past due");
    examples(list, "  svc review action list --open");
    d.on(list, [list_o](Session& s) { return run_action_list(*list_o, s); });

    auto done_o = std::make_shared<ActionDoneOptions>();
    CLI::App* done = action->add_subcommand("done", "Mark an action item done (its owner, or a supervisor)");
    done->add_option("ID", done_o->id, "Action item id")->required();
    optional_flag(done, "--note", done_o->note, "What was done");
    examples(done, "  svc review action done 3 --note '短信模板已上线'");
    d.on(done, [done_o](Session& s) { return run_action_done(*done_o, s); });

    auto sample_o = std::make_shared<SampleOptions>();
    CLI::App* sample = noun->add_subcommand("sample", "Draw a reproducible random sample of closed tickets to inspect");
    sample->add_option("--period", sample_o->period, "Closed in this period (default last-week)");
    sample->add_option("--count", sample_o->count, "How many (of each agent with --per-agent; default 10)");
    sample->add_option_function<std::uint64_t>(
        "--seed", [sample_o](const std::uint64_t& v) { sample_o->seed = v; },
        "Random seed (default: from the period, so a rerun draws the same)");
    sample->add_flag("--per-agent", sample_o->per_agent, "Draw --count of each ticket owner");
    examples(sample, "  svc review sample --period last-week --count 5 --per-agent");
    d.on(sample, [sample_o](Session& s) { return run_sample(*sample_o, s); });

    auto score_o = std::make_shared<ScoreOptions>();
    CLI::App* score =
        noun->add_subcommand("score", "Record the inspection of a resolved or closed ticket; prints its id");
    score->add_option("TICKET", score_o->ticket, "Ticket number")->required();
    score->add_option("--score", score_o->score, "Score 0..100")->required();
    optional_flag(score, "--note", score_o->note, "What was good or missing");
    examples(score, "  svc review score 42 --score 85 --note '安抚到位, 未主动告知补偿方案'");
    d.on(score, [score_o](Session& s) { return run_score(*score_o, s); });
}

}  // namespace svc::cli
