// svc survey: due (cron), send, record, import, list, stats.
#include <fmt/format.h>

#include "cli.hpp"
#include "customers.hpp"
#include "error.hpp"
#include "notify.hpp"
#include "render/views.hpp"
#include "surveys.hpp"
#include "tickets.hpp"

namespace svc::cli {

namespace {

struct DueOptions {
    bool notify = false, reveal = false;
};
struct SendOptions {
    std::vector<std::string> tickets;
    bool due = false, force = false, reveal = false;
};
struct RecordOptions {
    std::string ticket;
    std::int64_t csat = 0;
    std::optional<std::int64_t> nps;
    std::optional<std::string> comment, at;
};
struct ImportOptions {
    std::string file;
    bool skip_invalid = false;
    std::vector<std::string> ignored_columns;
};
struct ListOptions {
    std::optional<std::string> ticket, agent, state, period, answered;
    std::optional<std::int64_t> limit;
    bool detractors = false;
};
struct StatsOptions {
    std::string period = "this-month", by;
};

std::string plural(std::size_t n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

int run_due(const DueOptions& o, Session& s) {
    if (!o.notify) {
        if (o.reveal) record_reveal(s.context(), "survey due", std::nullopt);
        const std::vector<SurveyDue> due = due_surveys(s.context());
        render::write_rows(s.out(), render::survey_due_rows(due, o.reveal), s.cron_spec());
        return 0;
    }
    ProgramNotifier notifier = notifier_for(s);
    const SurveyDeliveryRun run = deliver_due_surveys(s.context(), notifier, [&](const SurveyDue& due) {
        return json_line(s, render::survey_due_rows({due}, true));
    });
    if (!run.delivered.empty())
        render::write_rows(s.out(), render::survey_due_rows(run.delivered, o.reveal), s.cron_spec());
    for (const auto& f : run.failures) s.warn(trf("notify failed: {} (tried again by the next run)", f));
    if (!run.failures.empty())
        fail(ErrorKind::internal, "{} could not be delivered", plural(run.failures.size(), "survey"));
    return 0;
}

int run_send(const SendOptions& o, Session& s) {
    if (o.due == !o.tickets.empty()) fail(ErrorKind::usage, "give TICKET numbers or --due (one of them)");
    if (o.due && o.force) fail(ErrorKind::usage, "--force: only with TICKET numbers (--due sends what is due)");
    if (o.due) {
        if (o.reveal) record_reveal(s.context(), "survey send", std::nullopt);
        const std::vector<SurveyDue> sent = send_due_surveys(s.context());
        render::write_rows(s.out(), render::survey_due_rows(sent, o.reveal), s.cron_spec());
        s.info(trf("recorded {} sent", plural(sent.size(), "survey")));
        return 0;
    }
    std::vector<std::int64_t> ids;
    for (const auto& t : o.tickets) ids.push_back(parse_ticket_id(t));
    const std::vector<SurveySent> result = send_surveys(s.context(), ids, o.force);
    std::vector<Survey> surveys;
    std::size_t already = 0;
    for (const SurveySent& r : result) {
        surveys.push_back(r.survey);
        if (r.already) ++already;
    }
    s.print(render::survey_rows(surveys, s.now(), s.policy().survey_expire_days));
    s.info(trf("recorded {} sent{}", plural(result.size() - already, "survey"),
               already ? fmt::format(", {} sent before", already) : ""));
    return 0;
}

int run_record(const RecordOptions& o, Session& s) {
    SurveyAnswer a;
    a.ticket = parse_ticket_id(o.ticket);
    a.csat = o.csat;
    a.nps = o.nps;
    a.comment = o.comment;
    if (o.at) a.answered_at = s.instant_flag("--at", *o.at);
    const Survey survey = record_answer(s.context(), a);
    s.info(trf("ticket {}: answer recorded (csat {}{}), credited to {}", a.ticket, o.csat,
               o.nps ? fmt::format(", nps {}", *o.nps) : "", survey.agent));
    s.print_id(survey.id);
    return 0;
}

int run_import(const ImportOptions& o, Session& s) {
    const std::string source = input_name(o.file);
    io::Input input(open_input("FILE", o.file), source);
    const ImportFormat format = detect_import_format(source, input.peek());
    input.drain();
    const SurveyImportReport r = import_answers(s.context(), input, format, o.skip_invalid, o.ignored_columns);
    for (const auto& p : r.problems) s.warn(trf("{}:{}: skipped: {}", source, p.line, p.message));
    s.info(trf("imported {}{}", plural(r.imported, "answer"),
               r.problems.empty() ? "" : fmt::format(", skipped {}", plural(r.problems.size(), "invalid line"))));
    return 0;
}

int run_list(const ListOptions& o, Session& s) {
    SurveyFilter f;
    if (o.ticket) f.ticket = parse_ticket_id(*o.ticket);
    f.agent = o.agent;
    f.state = o.state;
    if (o.period) f.sent = s.period_flag("--period", *o.period);
    if (o.answered) f.answered = s.period_flag("--answered", *o.answered);
    f.detractors = o.detractors;
    if (o.limit) {
        if (*o.limit < 1) fail(ErrorKind::usage, "--limit: {} is not a positive number", *o.limit);
        f.limit = o.limit;
    }
    s.print(render::survey_rows(list_surveys(s.context(), f), s.now(), s.policy().survey_expire_days));
    return 0;
}

int run_stats(const StatsOptions& o, Session& s) {
    const SurveyGroup by = parse_survey_group("--by", o.by);
    const Period period = s.period_flag("--period", o.period);
    s.print(render::survey_stats_rows(survey_stats(s.context(), period, by), o.by));
    return 0;
}

}  // namespace

void add_survey_commands(CLI::App& app, Dispatch& d) {
    CLI::App* noun =
        app.add_subcommand("survey", "Satisfaction surveys after resolution: who is due, answers, CSAT and NPS");
    noun->group(N_("Nouns"));

    auto due_o = std::make_shared<DueOptions>();
    CLI::App* due =
        noun->add_subcommand("due", "For cron: the tickets due for their survey now, with contact and channel");
    due->add_flag("--notify", due_o->notify,
                  "Pipe each as a JSON line (real contact) to the policy's notify.command and record it sent");
    due->add_flag("--reveal", due_o->reveal, "Show contact details unmasked (recorded in the audit trail)");
    examples(due, "  svc survey due\n  0 * * * * svc survey due --notify --quiet");
    d.on(due, [due_o](Session& s) { return run_due(*due_o, s); });

    auto send_o = std::make_shared<SendOptions>();
    CLI::App* send =
        noun->add_subcommand("send", "Record that surveys went out (a ticket already sent is left as it is)");
    send->add_option("TICKET", send_o->tickets, "Tickets whose survey went out");
    send->add_flag("--due", send_o->due,
                   "Every ticket due now; prints them with their contact, for a mail or SMS tool");
    send->add_flag("--force", send_o->force, "Outside the survey window or the suppression period too");
    send->add_flag("--reveal", send_o->reveal, "With --due: contact details unmasked (recorded in the audit trail)");
    examples(send, "  svc survey send 42 43\n  svc survey send --due --reveal | sms-send --template survey");
    d.on(send, [send_o](Session& s) { return run_send(*send_o, s); });

    auto rec_o = std::make_shared<RecordOptions>();
    CLI::App* rec =
        noun->add_subcommand("record", "Record a customer's answer (a phone survey needs no send); prints its id");
    rec->add_option("TICKET", rec_o->ticket, "The ticket surveyed")->required();
    rec->add_option("--csat", rec_o->csat, "Satisfaction, 1 (very unsatisfied) to 5 (very satisfied)")->required();
    rec->add_option("--nps", rec_o->nps, "Would recommend us, 0 to 10");
    optional_flag(rec, "--comment", rec_o->comment, "What the customer said, verbatim");
    optional_flag(rec, "--at", rec_o->at, "When they answered (default: now)");
    examples(rec,
             "  svc survey record 42 --csat 5 --nps 9\n  svc survey record 43 --csat 2 --nps 3 --comment '退款太慢了'");
    d.on(rec, [rec_o](Session& s) { return run_record(*rec_o, s); });

    auto imp_o = std::make_shared<ImportOptions>();
    CLI::App* imp = noun->add_subcommand("import", "Import answers from CSV or JSONL: all lines or none");
    imp->add_option("FILE", imp_o->file,
                    "CSV with a header or JSON Lines (ticket, csat, nps, comment, answered_at); - reads stdin")
        ->required();
    imp->add_flag("--skip-invalid", imp_o->skip_invalid, "Import the valid lines and report the others");
    imp->add_option(
        "--ignore-column", imp_o->ignored_columns,
        "Drop this column (or JSON key) of the file unread; repeat for several (else an unknown one refuses the file)");
    examples(imp,
             "  svc survey import answers.csv\n  sms-replies --since yesterday | svc survey import -\n"
             "  svc survey import export-from-crm.csv --ignore-column phone --ignore-column sent_by");
    d.on(imp, [imp_o](Session& s) { return run_import(*imp_o, s); });

    auto list_o = std::make_shared<ListOptions>();
    CLI::App* list = noun->add_subcommand("list", "List surveys with their state and answers");
    optional_flag(list, "--ticket", list_o->ticket, "Of this ticket");
    optional_flag(list, "--agent", list_o->agent, "Credited to this agent (me = yourself)");
    optional_flag(list, "--state", list_o->state, "sent|answered|expired|cancelled");
    optional_flag(list, "--period", list_o->period, "Sent in this period");
    optional_flag(list, "--answered", list_o->answered, "Answered in this period");
    list->add_flag("--detractors", list_o->detractors, "Answers with csat 1–2 or nps 0–6");
    list->add_option("--limit", list_o->limit, "At most this many");
    examples(list,
             "  svc survey list --answered last-week --detractors\n  svc survey list --agent me --state answered");
    d.on(list, [list_o](Session& s) { return run_list(*list_o, s); });

    auto stats_o = std::make_shared<StatsOptions>();
    CLI::App* stats = noun->add_subcommand("stats", "Sent, answered, response rate, CSAT, NPS and the distribution");
    stats->add_option("--period", stats_o->period, "Period (default this-month): 2026-11, 2026-W47, last-week…");
    stats->add_option("--by", stats_o->by, "One row per agent|team|channel|kind|category|tier");
    examples(stats, "  svc survey stats --period last-month\n  svc survey stats --period 2026-W47 --by agent");
    d.on(stats, [stats_o](Session& s) { return run_stats(*stats_o, s); });
}

}  // namespace svc::cli
