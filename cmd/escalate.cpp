// svc escalate: raise a ticket's level, list escalations, and the cron sweep.
#include <fmt/format.h>

#include "cli.hpp"
#include "error.hpp"
#include "escalation.hpp"
#include "notify.hpp"
#include "render/views.hpp"
#include "sweep.hpp"
#include "tickets.hpp"

namespace svc::cli {

namespace {

struct EscalateOptions {
    std::string ticket;
    std::optional<std::string> reason, to;
    std::optional<int> level;
};

struct EscalateListOptions {
    std::optional<int> level;
    bool open = false, overdue = false;
    std::optional<std::string> period;
};

struct SweepCommandOptions {
    bool dry_run = false, notify = false;
};

int run_escalate(const EscalateOptions& o, Session& s) {
    if (!o.reason) fail(ErrorKind::usage, "--reason is required: say why the ticket goes up a level");
    EscalateRequest r;
    r.ticket = parse_ticket_id(o.ticket);
    r.reason = *o.reason;
    r.level = o.level;
    r.to = o.to;
    const Escalation e = escalate_ticket(s.context(), r);
    const EscalationLevel& level = s.policy().level(e.to_level);
    s.info(trf("ticket {} escalated to level {} ({}, for a {}){}{}", e.ticket_id, e.to_level, level.name, e.role,
               e.handler ? ", handled by " + *e.handler : std::string(),
               e.solution_due ? "; solution due " + format_instant(*e.solution_due, s.policy().zone) : ""));
    s.print_id(e.id);
    return 0;
}

int run_escalate_list(const EscalateListOptions& o, Session& s) {
    EscalationFilter f;
    f.level = o.level;
    f.open = o.open;
    f.overdue = o.overdue;
    if (o.period) f.period = s.period_flag("--period", *o.period);
    s.print(render::escalation_rows(list_escalations(s.context(), f), s.policy().levels, s.now()));
    return 0;
}

int run_sweep_command(const SweepCommandOptions& o, Session& s) {
    std::optional<ProgramNotifier> notifier;
    if (o.notify) notifier.emplace(notifier_for(s));
    SweepOptions options;
    options.dry_run = o.dry_run;
    options.notifier = notifier ? &*notifier : nullptr;
    render::RowStream out(s.out(), s.cron_spec(), render::sweep_action_fields());
    options.on_action = [&](const SweepAction& a) { out.add(render::sweep_action_cells(a)); };
    const SweepResult r = run_sweep(s.context(), options);
    if (r.actions) out.finish();  // a sweep with nothing to do prints nothing, not even a header
    if (r.held) s.info(trf("{} notification{} held until working or duty time", r.held, r.held == 1 ? "" : "s"));
    for (const auto& f : r.failures) s.warn(trf("{} (tried again by the next sweep)", f));
    if (!r.failures.empty())
        fail(ErrorKind::internal, "{} problem{} during the sweep", r.failures.size(),
             r.failures.size() == 1 ? "" : "s");
    return 0;
}

}  // namespace

void add_escalate_commands(CLI::App& app, Dispatch& d) {
    auto esc_o = std::make_shared<EscalateOptions>();
    CLI::App* noun =
        app.add_subcommand("escalate", "Tiered complaint handling: raise a ticket's level, list, sweep (cron)");
    noun->group(N_("Nouns"));
    noun->add_option("TICKET", esc_o->ticket, "The ticket to raise a level");
    optional_flag(noun, "--reason", esc_o->reason, "Why it goes up (kept with the escalation)");
    noun->add_option_function<int>(
        "--level", [o = esc_o.get()](int v) { o->level = v; },
        "Raise to this level (default: the next one; never lower)");
    optional_flag(noun, "--to", esc_o->to, "Hand it to this agent (must have the level's role or higher)");
    examples(noun,
             "  svc escalate 42 --reason '顾客要求主管处理'\n"
             "  svc escalate 42 --level 2 --to li.manager --reason '顾客提到媒体曝光'\n"
             "  svc escalate list --open --overdue\n"
             "  svc escalate sweep --notify   # from cron every 5 minutes");
    noun->callback([&d, noun, esc_o] {
        if (!noun->get_subcommands().empty()) return;  // a verb was given
        if (esc_o->ticket.empty()) return;             // bare noun: help is shown
        d.action = [esc_o](Session& s) { return run_escalate(*esc_o, s); };
    });

    auto list_o = std::make_shared<EscalateListOptions>();
    CLI::App* list = noun->add_subcommand("list", "List escalations with their solution target and outcome");
    list->add_option_function<int>(
        "--level", [o = list_o.get()](int v) { o->level = v; }, "Escalations to this level");
    list->add_flag("--open", list_o->open, "Only the current escalation of tickets not yet resolved");
    list->add_flag("--overdue", list_o->overdue, "Open escalations past their solution target");
    optional_flag(list, "--period", list_o->period, "Escalated in this period (2026-W47, last-week…)");
    examples(list, "  svc escalate list --period last-week --level 2");
    d.on(list, [list_o](Session& s) { return run_escalate_list(*list_o, s); });

    auto sweep_o = std::make_shared<SweepCommandOptions>();
    CLI::App* sweep =
        noun->add_subcommand("sweep", "Apply the SLA rules at now: breach events, escalations, at-risk warnings");
    sweep->add_flag("--dry-run", sweep_o->dry_run, "Show what would be done; change nothing");
    sweep->add_flag("--notify", sweep_o->notify,
                    "Pipe each event as one JSON line to the policy's notify.command (business-clock events wait "
                    "for working time; failures are retried by the next sweep, exit 1)");
    examples(sweep, "  */5 * * * * svc escalate sweep --notify --quiet\n  svc escalate sweep --dry-run");
    d.on(sweep, [sweep_o](Session& s) { return run_sweep_command(*sweep_o, s); });
}

}  // namespace svc::cli
