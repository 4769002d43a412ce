// svc followup: add, list, done, cancel, due (cron).
#include <fmt/format.h>

#include "cli.hpp"
#include "error.hpp"
#include "followups.hpp"
#include "notify.hpp"
#include "render/views.hpp"
#include "sweep.hpp"
#include "text.hpp"
#include "tickets.hpp"

namespace svc::cli {

namespace {

struct AddOptions {
    std::optional<std::string> ticket, customer, assignee, every;
    std::string kind, due, note;
};
struct ListOptions {
    std::optional<std::string> ticket, customer, assignee, kind, period;
    bool open = false, overdue = false, broken = false;
};
struct DoneOptions {
    std::int64_t id = 0;
    std::string text;
    bool unsatisfied = false;
    bool stop = false;
};
struct DueOptions {
    std::optional<std::string> within, assignee;
    bool remind_again = false, notify = false;
};

int run_add(const AddOptions& o, Session& s) {
    NewFollowup f;
    if (o.ticket) f.ticket = parse_ticket_id(*o.ticket);
    f.customer = o.customer;
    f.kind = o.kind;
    f.note = o.note;
    f.assignee = o.assignee;
    f.due = s.instant_flag("--due", o.due);
    if (o.every) f.every = s.duration_flag("--every", *o.every);
    const std::int64_t id = add_followup(s.context(), f);
    s.info(trf("{} {} due {}", o.kind, id, format_instant(f.due, s.policy().zone)));
    s.print_id(id);
    return 0;
}

int run_list(const ListOptions& o, Session& s) {
    FollowupFilter f;
    if (o.ticket) f.ticket = parse_ticket_id(*o.ticket);
    f.customer = o.customer;
    f.assignee = o.assignee;
    f.kind = o.kind;
    f.open = o.open;
    f.overdue = o.overdue;
    f.broken = o.broken;
    if (o.period) f.period = s.period_flag("--period", *o.period);
    s.print(render::followup_rows(list_followups(s.context(), f), s.now(), s.policy().zone));
    return 0;
}

int run_done(const DoneOptions& o, Session& s, bool cancel) {
    const FollowupClosed closed = cancel ? cancel_followup(s.context(), o.id, o.text, o.stop)
                                         : complete_followup(s.context(), o.id, o.text, o.unsatisfied);
    if (closed.unchanged) s.info(trf("{}; nothing changed", *closed.unchanged));
    if (closed.reopened) s.info(trf("follow-up {}: the customer is not satisfied, so its ticket is reopened", o.id));
    if (closed.next) s.info(trf("the next care reminder is {}", *closed.next));
    return 0;
}

int run_due(const DueOptions& o, Session& s) {
    DueReminders due;
    if (o.within) due.within = s.duration_flag("--within", *o.within);
    due.assignee = o.assignee;
    due.remind_again = o.remind_again;
    std::optional<ProgramNotifier> notifier;
    if (o.notify) notifier.emplace(notifier_for(s));
    const Zone zone = s.policy().zone;
    const ReminderRun run = remind_due_followups(
        s.context(), due, notifier ? &*notifier : nullptr,
        [&](const Followup& f) { return json_line(s, render::followup_rows({f}, s.now(), zone)); });
    if (!run.reminded.empty())
        render::write_rows(s.out(), render::followup_rows(run.reminded, s.now(), zone), s.cron_spec());
    for (const auto& f : run.failures) s.warn(trf("notify failed: {} (tried again by the next run)", f));
    if (!run.failures.empty())
        fail(ErrorKind::internal, "{} reminder{} could not be delivered", run.failures.size(),
             run.failures.size() == 1 ? "" : "s");
    return 0;
}

std::int64_t followup_id(const std::string& text) {
    return text::parse_number("", text, "follow-up number");
}

}  // namespace

void add_followup_commands(CLI::App& app, Dispatch& d) {
    CLI::App* noun = app.add_subcommand("followup", "Callbacks, promises, revisits (回访) and care reminders");
    noun->group(N_("Nouns"));

    auto add_o = std::make_shared<AddOptions>();
    CLI::App* add =
        noun->add_subcommand("add", "Record a promise the customer was given, or a reminder; prints its id");
    optional_flag(add, "TICKET", add_o->ticket, "The ticket it belongs to (care reminders may have none)");
    optional_flag(add, "--customer", add_o->customer, "For care reminders without a ticket: id, ref or phone");
    add->add_option("--kind", add_o->kind, "Kind: callback|promise|revisit|care")->required();
    add->add_option("--due", add_o->due,
                    "When: a duration from now (10m, 2h, 1d), a time (18:00, tomorrow 10:00) or an instant")
        ->required();
    add->add_option("--note", add_o->note, "What was promised, in words")->required();
    optional_flag(add, "--assignee", add_o->assignee, "Who keeps it (default: you)");
    optional_flag(add, "--every", add_o->every, "Care reminders only: repeat this often (30d, 1w…)");
    examples(
        add,
        "  svc followup add 42 --kind callback --due 10m --note '核实后回电'\n"
        "  svc followup add --customer 13800001234 --kind care --due 2026-12-20 --every 365d --note '会员到期提醒'");
    d.on(add, [add_o](Session& s) { return run_add(*add_o, s); });

    auto list_o = std::make_shared<ListOptions>();
    CLI::App* list =
        noun->add_subcommand("list", "List follow-ups with their state (open, due, overdue, done, cancelled)");
    optional_flag(list, "--ticket", list_o->ticket, "Of this ticket");
    optional_flag(list, "--customer", list_o->customer, "Of this customer (id, ref or phone)");
    optional_flag(list, "--assignee", list_o->assignee, "Kept by this agent (me = yourself)");
    optional_flag(list, "--kind", list_o->kind, "callback|promise|revisit|care");
    list->add_flag("--open", list_o->open, "Not yet done or cancelled");
    list->add_flag("--overdue", list_o->overdue, "Open and past due");
    list->add_flag("--broken", list_o->broken, "Promises and callbacks not kept by their due time");
    optional_flag(list, "--period", list_o->period, "Due in this period");
    examples(list, "  svc followup list --assignee me --open\n  svc followup list --broken --period last-week");
    d.on(list, [list_o](Session& s) { return run_list(*list_o, s); });

    auto done_o = std::make_shared<DoneOptions>();
    auto done_id = std::make_shared<std::string>();
    CLI::App* done =
        noun->add_subcommand("done", "Mark done with the outcome; an unsatisfied revisit reopens the ticket");
    done->add_option("ID", *done_id, "Follow-up id")->required();
    done->add_option("--outcome", done_o->text, "What happened")->required();
    done->add_flag("--unsatisfied", done_o->unsatisfied,
                   "Revisits: the customer is not satisfied (reopens the ticket)");
    examples(done,
             "  svc followup done 7 --outcome '已回电, 顾客确认收到退款'\n"
             "  svc followup done 9 --outcome '顾客说问题还在' --unsatisfied");
    d.on(done, [done_o, done_id](Session& s) {
        done_o->id = followup_id(*done_id);
        return run_done(*done_o, s, false);
    });

    auto cancel_o = std::make_shared<DoneOptions>();
    auto cancel_id = std::make_shared<std::string>();
    CLI::App* cancel =
        noun->add_subcommand("cancel", "Cancel with a reason (a repeating care reminder schedules its next)");
    cancel->add_option("ID", *cancel_id, "Follow-up id")->required();
    cancel->add_option("--reason", cancel_o->text, "Why")->required();
    cancel->add_flag("--stop", cancel_o->stop, "End a repeating care series (no next reminder)");
    examples(cancel,
             "  svc followup cancel 7 --reason '顾客已到店处理'\n"
             "  svc followup cancel 12 --reason '顾客已注销会员' --stop");
    d.on(cancel, [cancel_o, cancel_id](Session& s) {
        cancel_o->id = followup_id(*cancel_id);
        return run_done(*cancel_o, s, true);
    });

    auto due_o = std::make_shared<DueOptions>();
    CLI::App* due =
        noun->add_subcommand("due", "For cron: the open follow-ups due by now (+ --within), each reminded once");
    optional_flag(due, "--within", due_o->within, "Also those due within this duration");
    optional_flag(due, "--assignee", due_o->assignee, "Only this agent's (me = yourself)");
    due->add_flag("--remind-again", due_o->remind_again, "Include those already reminded");
    due->add_flag("--notify", due_o->notify, "Pipe each reminder as a JSON line to the policy's notify.command");
    examples(due, "  */10 * * * * svc followup due --within 15m --notify --quiet");
    d.on(due, [due_o](Session& s) { return run_due(*due_o, s); });
}

}  // namespace svc::cli
