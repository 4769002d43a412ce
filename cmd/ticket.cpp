// svc ticket: the lifecycle verbs. Each parses into an options struct and calls lib/tickets.
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli.hpp"
#include "compensation.hpp"
#include "customers.hpp"
#include "duty.hpp"
#include "error.hpp"
#include "kb.hpp"
#include "render/views.hpp"
#include "ticket_io.hpp"
#include "tickets.hpp"
#include "vocabulary.hpp"

namespace svc::cli {

namespace {

struct TicketRef {
    std::string id;  // as typed: "42" or "#42"
    std::int64_t number() const { return parse_ticket_id(id); }
};

struct OpenOptions {
    OpenTicketRequest request;
    std::optional<std::string> waited;
    bool new_matter = false;  // --new: another ticket of the same matter is meant
};

struct ListOptions {
    std::vector<std::string> statuses, channels, kinds, priorities, categories;
    std::optional<std::string> owner, assignee, customer, search, tag, since, until, period, due_within, sort;
    std::optional<std::int64_t> level, limit;
    bool overdue = false, at_risk = false;
};

// An export is a list with contacts masked unless --reveal.
struct ExportOptions : ListOptions {
    bool reveal = false;
};

struct ShowOptions {
    TicketRef ticket;
    bool reveal = false;
};

struct RespondOptions {
    TicketRef ticket;
    std::optional<std::string> text, from_customer, kb, promise;
    bool force = false;
};

struct NoteOptions {
    TicketRef ticket;
    std::string text;
};

struct UpdateOptions {
    TicketRef ticket;
    TicketChanges changes;
};

struct AssignOptions {
    TicketRef ticket;
    std::string login;
    bool owner = false;
};

struct CompensateOptions {
    TicketRef ticket;
    CompensateRequest request;
};

struct ReasonOptions {
    TicketRef ticket;
    std::string text;  // --reason or --resolution
    std::optional<std::string> cause;
};

void warn_risk(Session& s, std::int64_t id, const std::string& word) {
    const Policy& p = s.policy();
    s.warn(trf("ticket {} mentions '{}', a risk keyword: the sweep escalates it to level {} ({})", id, word,
               p.risk_level, p.level(p.risk_level).name));
}

std::string due_summary(Session& s, const Ticket& t) {
    const Zone& zone = s.policy().zone;
    std::string out = fmt::format("ticket {} opened", t.id);
    if (t.first_response_due) out += "; first response due " + format_instant(*t.first_response_due, zone);
    if (t.resolve_due) out += "; resolution due " + format_instant(*t.resolve_due, zone);
    return out;
}

int run_open(OpenOptions o, Session& s) {
    if (o.waited) o.request.waited = s.duration_flag("--waited", *o.waited);
    const OpenTicketResult r = open_ticket(s.context(), o.request);
    const Ticket t = get_ticket(s.context(), r.id);
    if (r.customer_created) s.info(trf("registered customer {} ({})", r.customer_id, *o.request.name));
    s.info(due_summary(s, t));
    if (r.routed_to) s.info(trf("ticket {} routed to {}: {}", r.id, *r.routed_to, *r.route));
    if (!r.same_matter.empty() && !o.new_matter)
        s.warn(
            trf("customer {} has open ticket{} {} of category {} already: the same matter? "
                "(merge with svc ticket merge {} --into {}; --new opens without this warning)",
                r.customer_id, r.same_matter.size() > 1 ? "s" : "", fmt::join(r.same_matter, ", "), *t.category, r.id,
                r.same_matter.front()));
    if (r.risk_keyword) warn_risk(s, r.id, *r.risk_keyword);
    if (s.spec().format == render::Format::json) {
        s.print(render::ticket_record(show_ticket(s.context(), r.id), s.now(), false));
    } else {
        s.print_id(r.id);
    }
    return 0;
}

TicketSort parse_sort(const std::optional<std::string>& sort) {
    if (!sort || *sort == "created") return TicketSort::created;
    if (*sort == "due") return TicketSort::due;
    if (*sort == "updated") return TicketSort::updated;
    if (*sort == "priority") return TicketSort::priority;
    fail(ErrorKind::usage, "--sort: unknown order '{}' (expected due|created|updated|priority)", *sort);
}

// The filters of list and export, turned into a store query.
TicketQuery query_from(const ListOptions& o, Session& s) {
    TicketQuery q;
    q.statuses = o.statuses;
    q.channels = o.channels;
    q.kinds = o.kinds;
    q.priorities = o.priorities;
    q.categories = o.categories;
    q.owner = o.owner;
    q.assignee = o.assignee;
    q.search = o.search;
    q.tag = o.tag;
    q.level = o.level;
    q.overdue = o.overdue;
    q.at_risk = o.at_risk;
    q.sort = parse_sort(o.sort);
    if (o.overdue && !o.sort) q.sort = TicketSort::due;
    if (o.period && (o.since || o.until)) fail(ErrorKind::usage, "--period and --since/--until contradict each other");
    if (o.period) {
        const Period p = s.period_flag("--period", *o.period);
        q.since = p.start;
        q.until = p.end;
    }
    if (o.since) q.since = s.instant_flag("--since", *o.since);
    if (o.until) q.until = s.instant_flag("--until", *o.until);
    if (o.due_within) q.due_within = s.duration_flag("--due-within", *o.due_within);
    q.limit = o.limit;
    if (o.customer) q.customer_id = resolve_customer(s.context(), *o.customer).id;
    return q;
}

int run_list(const ListOptions& o, Session& s) {
    TicketQuery q = query_from(o, s);
    const bool capped = !q.limit && s.is_terminal();
    if (capped) q.limit = k_terminal_rows;
    render::RowStream out(s.out(), s.spec(), render::ticket_fields());
    std::int64_t shown = 0;
    list_tickets(s.context(), q, [&](const TicketRow& row) {
        out.add(render::ticket_cells(row, s.now()));
        ++shown;
    });
    out.finish();
    if (capped && shown == k_terminal_rows) s.report_cap(shown, count_tickets(s.context(), q), "tickets");
    // Who can act on the breaches now, on stderr: the listing itself stays what pipes read.
    if (o.overdue) {
        DutyFilter now;
        now.now = true;
        std::string who;
        for (const DutyShift& d : list_duty(s.context(), now))
            who += fmt::format("{}{} (until {})", who.empty() ? "" : ", ", d.login,
                               format_instant_short(d.ends_at, s.policy().zone));
        s.info(who.empty() ? tr("nobody is on duty now (svc duty list)") : trf("on duty now: {}", who));
    }
    return 0;
}

int run_export(const ExportOptions& o, Session& s) {
    const std::string format = s.globals().format.empty() ? "jsonl" : s.globals().format;
    if (format != "jsonl" && format != "csv")
        fail(ErrorKind::usage, "--format: ticket export writes jsonl (full, with timelines) or csv (flat), not '{}'",
             format);
    const Zone zone = s.spec().zone;
    render::Spec spec = s.spec();
    spec.format = render::Format::csv;
    if (o.reveal) record_reveal(s.context(), "ticket export", std::nullopt);
    render::RowStream csv(s.out(), spec, render::ticket_export_fields());
    std::size_t count = 0;
    export_tickets(s.context(), query_from(o, s), [&](const ExportedTicket& e) {
        ++count;
        if (format == "jsonl")
            s.out() << json::dump(render::ticket_export_json(e, zone, o.reveal)) << '\n';
        else
            csv.add(render::ticket_export_cells(e, o.reveal));
    });
    if (format == "csv") csv.finish();
    s.info(trf("exported {} ticket{}", count, count == 1 ? "" : "s"));
    return 0;
}

struct ImportOptions {
    std::string file;
    bool skip_invalid = false;
    bool create = false;
    std::vector<std::string> ignored_columns;
};

int run_import(const ImportOptions& o, Session& s) {
    const std::string source = input_name(o.file);
    io::Input input(open_input("FILE", o.file), source);
    const ImportFormat format = detect_import_format(source, input.peek());
    input.drain();
    if (o.create) s.allow_new_store();
    const bool show_progress = ::isatty(STDERR_FILENO) == 1 && !s.globals().quiet;
    const ImportReport r = import_tickets(
        s.context(), input, format, o.skip_invalid, o.ignored_columns, [&](std::size_t done, std::size_t total) {
            if (show_progress) std::cerr << fmt::format("\rsvc: import: {} of {} tickets", done, total) << std::flush;
        });
    if (show_progress && r.imported >= 1000) std::cerr << '\n';
    for (const auto& p : r.problems) s.warn(trf("{}:{}: skipped: {}", source, p.line, p.message));
    s.info(trf("imported {} ticket{} ({} new customer{}){}", r.imported, r.imported == 1 ? "" : "s",
               r.customers_created, r.customers_created == 1 ? "" : "s",
               r.problems.empty()
                   ? ""
                   : fmt::format(", skipped {} invalid line{}", r.problems.size(), r.problems.size() == 1 ? "" : "s")));
    return 0;
}

int run_show(const ShowOptions& o, Session& s) {
    const std::int64_t id = o.ticket.number();
    TicketDetail d = show_ticket(s.context(), id);
    if (o.reveal) {
        record_reveal(s.context(), fmt::format("ticket show {}", id), d.customer.id);
        d = show_ticket(s.context(), id);  // with the contacts revealed
    }
    s.print(render::ticket_record(d, s.now(), o.reveal));
    return 0;
}

// A reply to the customer goes through the reply check (policy [language]); the customer's
// own words never do.
int run_agent_reply(const RespondOptions& o, Session& s) {
    AgentReply r;
    r.ticket = o.ticket.number();
    r.text = o.text;
    if (o.kb) r.kb = parse_kb_id("--kb", *o.kb);
    r.force = o.force;
    if (o.promise) {
        // A duration from now ("15m") or a clock time ("18:00", "tomorrow 10:00", an instant).
        const Instant due = s.instant_flag("--promise", *o.promise);
        if (due <= s.now())
            fail(ErrorKind::usage, "--promise: {} is not in the future", format_instant(due, s.policy().zone));
        r.promise = due - s.now();
    }
    const ReplyResult result = reply_checked(s.context(), r);
    const Policy& p = s.policy();
    for (const Finding& f : result.findings) {
        if (f.kind == FindingKind::avoid) {
            s.warn(trf("sent with --force and recorded: '{}' (say '{}' instead)", f.match, f.instead));
        } else if (!result.promise_id) {
            s.warn(trf("vague time commitment '{}': say when, e.g. '{}', and record it with --promise 15m", f.match,
                       p.language.vague_instead.empty() ? "15 分钟内给您回电" : p.language.vague_instead));
        }
    }
    if (result.promise_id)
        s.info(trf("promise {} due {}", *result.promise_id, format_instant(*result.promise_due, p.zone)));
    if (result.risk) warn_risk(s, r.ticket, *result.risk);
    return 0;
}

int run_respond(const RespondOptions& o, Session& s) {
    const std::int64_t id = o.ticket.number();
    if (o.from_customer && (o.kb || o.force || o.promise))
        fail(ErrorKind::usage, "--kb, --force and --promise are for replies to the customer, not with --from-customer");
    if (!o.from_customer) {
        if (o.text && o.kb) fail(ErrorKind::usage, "give the reply as TEXT or as --kb ID, not both");
        if (o.text || o.kb) return run_agent_reply(o, s);
    }
    if (o.text.has_value() == o.from_customer.has_value())
        fail(ErrorKind::usage,
             "give the reply as TEXT, or the customer's message as --from-customer TEXT (one of them)");
    const auto risk = respond_ticket(s.context(), id, o.text ? *o.text : *o.from_customer, o.from_customer.has_value());
    const Ticket t = get_ticket(s.context(), id);
    if (risk) warn_risk(s, id, *risk);
    if (o.from_customer && is_finished(t.status))
        s.warn(trf("ticket {} is {}; if the problem is not solved, reopen it: svc ticket reopen {} --reason …", id,
                   t.status, id));
    return 0;
}

int run_note(const NoteOptions& o, Session& s) {
    const std::int64_t id = o.ticket.number();
    const auto risk = note_ticket(s.context(), id, o.text);
    if (risk) warn_risk(s, id, *risk);
    return 0;
}

int run_update(const UpdateOptions& o, Session& s) {
    const std::int64_t id = o.ticket.number();
    const auto moved = update_ticket(s.context(), id, o.changes);
    for (const auto& line : moved) s.info(line);
    return 0;
}

// A move of a ticket as the user sees it: a no-op says so on stderr and succeeds.
Transition reported(Session& s, Transition t) {
    if (!t.changed) s.info(trf("{}; nothing changed", t.note));
    return t;
}

int run_assign(const AssignOptions& o, Session& s) {
    reported(s, assign_ticket(s.context(), o.ticket.number(), o.login, o.owner));
    return 0;
}

void add_list_filters(CLI::App* verb, ListOptions& o) {
    verb->add_option("--status", o.statuses,
                     "Status: " + vocab::joined(vocab::statuses) + " (repeat or comma-separate)")
        ->delimiter(',');
    optional_flag(verb, "--owner", o.owner, "Owner login (me = yourself)");
    optional_flag(verb, "--assignee", o.assignee, "Assignee login (me = yourself)");
    optional_flag(verb, "--customer", o.customer, "Customer id, ref or phone");
    verb->add_option("--channel", o.channels, "Channel (repeatable)")->delimiter(',');
    verb->add_option("--kind", o.kinds, "Kind (repeatable)")->delimiter(',');
    verb->add_option("--category", o.categories, "Category (repeatable)")->delimiter(',');
    verb->add_option("--priority", o.priorities, "Priority (repeatable)")->delimiter(',');
    verb->add_option_function<std::int64_t>(
        "--level", [o = &o](std::int64_t v) { o->level = v; }, "Escalation level");
    optional_flag(verb, "--since", o.since, "Created at or after this instant");
    optional_flag(verb, "--until", o.until, "Created before this instant");
    optional_flag(verb, "--period", o.period, "Created in this period (2026-W47, 2026-11, last-week…)");
    verb->add_flag("--overdue", o.overdue, "A target breached and not met");
    verb->add_flag("--at-risk", o.at_risk, "Past a target's warning (warn_at), not yet breached");
    optional_flag(verb, "--due-within", o.due_within, "The next deadline falls within this duration");
    optional_flag(verb, "--search", o.search, "Text in the summary or body");
    optional_flag(verb, "--tag", o.tag, "Has this tag");
    optional_flag(verb, "--sort", o.sort, "Order: due|created|updated|priority (default created, newest first)");
    verb->add_option_function<std::int64_t>(
            "--limit", [o = &o](std::int64_t v) { o->limit = v; },
            "At most N rows (default 50 on a terminal, all when piped)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000000}));
}

void add_ticket_arg(CLI::App* verb, TicketRef& ref) {
    verb->add_option("TICKET", ref.id, "Ticket number")->required();
}

}  // namespace

void add_ticket_commands(CLI::App& app, Dispatch& d) {
    CLI::App* noun = app.add_subcommand("ticket", "Tickets: open, reply, transfer, hold, resolve, with SLA deadlines");
    noun->group(N_("Nouns"));

    auto open_o = std::make_shared<OpenOptions>();
    CLI::App* open =
        noun->add_subcommand("open", "Open a ticket; you own it (first-contact ownership); prints its number");
    OpenTicketRequest& r = open_o->request;
    open->add_option("--channel", r.channel, "Channel: " + vocab::joined(vocab::channels))->required();
    open->add_option("--kind", r.kind, "Kind: " + vocab::joined(vocab::kinds))->required();
    open->add_option("--summary", r.summary, "One line: what the customer needs")->required();
    optional_flag(open, "--body", r.body, "The full story in the customer's words");
    optional_flag(open, "--category", r.category, "Category (free text, e.g. 物流, 退款, 质量)");
    optional_flag(open, "--priority", r.priority,
                  "Priority: " + vocab::joined(vocab::priorities) + " (default normal)");
    optional_flag(open, "--customer", r.customer, "Existing customer: id, ref or phone");
    optional_flag(open, "--name", r.name, "Customer name (with --phone: found by phone or registered)");
    optional_flag(open, "--phone", r.phone, "Customer phone");
    open->add_option("--tag", r.tags, "A tag (repeatable)");
    optional_flag(open, "--need", r.need, "What the customer wants: " + vocab::joined(vocab::needs));
    optional_flag(open, "--mood", r.mood, "The customer's mood: " + vocab::joined(vocab::moods));
    optional_flag(open, "--waited", open_o->waited,
                  "Phone: how long the caller waited to be answered (8s); that is the first response time");
    optional_flag(open, "--assignee", r.assignee,
                  "Who works on it (else the policy's [routing], else you); you own it either way");
    open->add_flag("--new", open_o->new_matter,
                   "The customer's other open ticket of this category is another matter: no warning");
    examples(
        open,
        "  svc ticket open --channel phone --kind complaint --summary '快递三天没到' --customer 13800001234 --waited "
        "8s\n"
        "  id=$(svc ticket open --channel chat --kind inquiry --summary '会员续费' --name 李娜 --phone 13900002222)");
    d.on(open, [open_o](Session& s) { return run_open(*open_o, s); });

    auto list_o = std::make_shared<ListOptions>();
    CLI::App* list = noun->add_subcommand("list", "List tickets with their SLA state; filters combine");
    add_list_filters(list, *list_o);
    examples(list,
             "  svc ticket list --assignee me --status open,pending --sort due\n"
             "  svc ticket list --overdue\n"
             "  svc ticket list --at-risk --format jsonl | notify-team");
    d.on(list, [list_o](Session& s) { return run_list(*list_o, s); });

    auto show_o = std::make_shared<ShowOptions>();
    CLI::App* show =
        noun->add_subcommand("show", "Every field, each SLA target, the customer's notes and the timeline");
    add_ticket_arg(show, show_o->ticket);
    show->add_flag("--reveal", show_o->reveal, "Show the customer's phone unmasked (recorded in the audit trail)");
    examples(show, "  svc ticket show 42\n  svc ticket show 42 --format json | jq .timeline");
    d.on(show, [show_o](Session& s) { return run_show(*show_o, s); });

    auto respond_o = std::make_shared<RespondOptions>();
    CLI::App* respond = noun->add_subcommand("respond", "Record a reply to the customer, or the customer's message");
    add_ticket_arg(respond, respond_o->ticket);
    optional_flag(respond, "TEXT", respond_o->text, "The reply sent to the customer");
    optional_flag(respond, "--from-customer", respond_o->from_customer,
                  "The customer's message: starts the next-reply deadline and resumes a pending ticket");
    optional_flag(respond, "--kb", respond_o->kb, "Reply with this knowledge-base entry, placeholders filled");
    respond->add_flag("--force", respond_o->force, "Send a reply with an avoided phrase anyway (recorded)");
    optional_flag(respond, "--promise", respond_o->promise,
                  "Also record a promise due then: a duration (15m, 2h) or a time (18:00, tomorrow 10:00)");
    examples(respond,
             "  svc ticket respond 42 '您好, 已为您加急处理, 今天 18:00 前给您回电'\n"
             "  svc ticket respond 42 --kb 3\n"
             "  svc ticket respond 42 '我们会尽快处理, 15 分钟内给您回电' --promise 15m\n"
             "  svc ticket respond 42 '今天 18:00 前给您回电' --promise 18:00\n"
             "  svc ticket respond 42 --from-customer '还是没收到'");
    d.on(respond, [respond_o](Session& s) { return run_respond(*respond_o, s); });

    auto note_o = std::make_shared<NoteOptions>();
    CLI::App* note = noun->add_subcommand("note", "Add an internal note (not sent to the customer)");
    add_ticket_arg(note, note_o->ticket);
    note->add_option("TEXT", note_o->text, "The note")->required();
    examples(note, "  svc ticket note 42 '已联系仓库, 明早补发'");
    d.on(note, [note_o](Session& s) { return run_note(*note_o, s); });

    auto update_o = std::make_shared<UpdateOptions>();
    CLI::App* update = noun->add_subcommand(
        "edit", "Change what a ticket is about (priority, kind, category, customer…); moved deadlines are reported");
    update->alias("update");
    add_ticket_arg(update, update_o->ticket);
    optional_flag(update, "--priority", update_o->changes.priority, "Priority: " + vocab::joined(vocab::priorities));
    optional_flag(update, "--kind", update_o->changes.kind, "Kind: " + vocab::joined(vocab::kinds));
    optional_flag(update, "--category", update_o->changes.category, "Category");
    optional_flag(update, "--summary", update_o->changes.summary, "Summary");
    optional_flag(update, "--need", update_o->changes.need,
                  "What the customer needs: " + vocab::joined(vocab::needs) + " ('' clears)");
    optional_flag(update, "--mood", update_o->changes.mood,
                  "The customer's mood: " + vocab::joined(vocab::moods) + " ('' clears)");
    optional_flag(update, "--customer", update_o->changes.customer,
                  "Another customer (id, ref or phone); the owner stays");
    optional_flag(update, "--tags", update_o->changes.tags, "The whole set of tags, separated by commas ('' clears)");
    examples(update,
             "  svc ticket edit 42 --priority urgent\n"
             "  svc ticket edit 42 --kind complaint --category 物流 --mood angry\n"
             "  svc ticket edit 42 --customer 13900002222 --tags 发票,退款");
    d.on(update, [update_o](Session& s) { return run_update(*update_o, s); });

    auto assign_o = std::make_shared<AssignOptions>();
    CLI::App* assign = noun->add_subcommand("assign", "Transfer the work to another agent; the owner stays");
    add_ticket_arg(assign, assign_o->ticket);
    assign->add_option("LOGIN", assign_o->login, "The new assignee")->required();
    assign->add_flag("--owner", assign_o->owner, "Also make them the owner (supervisors and managers only)");
    examples(assign, "  svc ticket assign 42 wang.fang\n  svc ticket assign 42 li.sup --owner --as li.sup");
    d.on(assign, [assign_o](Session& s) { return run_assign(*assign_o, s); });

    auto pending_o = std::make_shared<ReasonOptions>();
    CLI::App* pending = noun->add_subcommand(
        "pending", "Put on hold (waiting for the customer or a third party); the resolution clock stops");
    add_ticket_arg(pending, pending_o->ticket);
    pending->add_option("--reason", pending_o->text, "Why it waits (kept in the timeline)")->required();
    examples(pending, "  svc ticket pending 42 --reason '等待顾客提供订单截图'");
    d.on(pending, [pending_o](Session& s) {
        reported(s, pend_ticket(s.context(), pending_o->ticket.number(), pending_o->text));
        return 0;
    });

    auto resume_o = std::make_shared<ReasonOptions>();
    CLI::App* resume =
        noun->add_subcommand("resume", "Take off hold; the resolution deadline moves by the time on hold");
    add_ticket_arg(resume, resume_o->ticket);
    examples(resume, "  svc ticket resume 42");
    d.on(resume, [resume_o](Session& s) {
        const Transition t = reported(s, resume_ticket(s.context(), resume_o->ticket.number()));
        if (t.changed)
            s.info(trf("ticket {} resumed; resolution deadline moved by {}", resume_o->ticket.number(),
                       format_duration(t.moved)));
        return 0;
    });

    auto resolve_o = std::make_shared<ReasonOptions>();
    CLI::App* resolve = noun->add_subcommand("resolve", "Mark resolved with what was done and the cause");
    add_ticket_arg(resolve, resolve_o->ticket);
    resolve->add_option("--resolution", resolve_o->text, "What was done")->required();
    optional_flag(resolve, "--cause", resolve_o->cause, "Root cause: " + vocab::joined(vocab::causes));
    examples(resolve, "  svc ticket resolve 42 --resolution '已补发, 顾客确认收到' --cause logistics");
    d.on(resolve, [resolve_o](Session& s) {
        reported(s, resolve_ticket(s.context(), resolve_o->ticket.number(), resolve_o->text, resolve_o->cause));
        return 0;
    });

    auto close_o = std::make_shared<ReasonOptions>();
    CLI::App* close = noun->add_subcommand("close", "Close a resolved ticket");
    add_ticket_arg(close, close_o->ticket);
    examples(close, "  svc ticket close 42");
    d.on(close, [close_o](Session& s) {
        reported(s, close_ticket(s.context(), close_o->ticket.number()));
        return 0;
    });

    auto reopen_o = std::make_shared<ReasonOptions>();
    CLI::App* reopen =
        noun->add_subcommand("reopen", "Reopen a resolved or closed ticket; its resolution target runs again");
    add_ticket_arg(reopen, reopen_o->ticket);
    reopen->add_option("--reason", reopen_o->text, "Why (kept in the timeline)")->required();
    examples(reopen, "  svc ticket reopen 42 --reason '顾客反馈补发的商品也有破损'");
    d.on(reopen, [reopen_o](Session& s) {
        reported(s, reopen_ticket(s.context(), reopen_o->ticket.number(), reopen_o->text));
        return 0;
    });

    auto comp_o = std::make_shared<CompensateOptions>();
    CLI::App* comp =
        noun->add_subcommand("compensate", "Grant compensation within your authority, or over it with --exception");
    add_ticket_arg(comp, comp_o->ticket);
    comp->add_option("--amount", comp_o->request.amount, "Yuan, up to two decimals")->required();
    comp->add_option("--kind", comp_o->request.kind, "Kind: " + vocab::joined(vocab::compensation_kinds))->required();
    optional_flag(comp, "--note", comp_o->request.note, "What was granted, in words");
    optional_flag(comp, "--exception", comp_o->request.exception,
                  "Over your limit: the reason, recorded as a policy exception for the weekly review (容错机制)");
    examples(comp,
             "  svc ticket compensate 42 --amount 50 --kind coupon --note '50元无门槛券'\n"
             "  svc ticket compensate 42 --amount 200 --kind refund --exception '顾客第三次收到破损商品'");
    d.on(comp, [comp_o](Session& s) {
        comp_o->request.ticket = comp_o->ticket.number();
        const Compensation c = compensate_ticket(s.context(), comp_o->request);
        s.info(trf("ticket {}: {} {} yuan{}", c.ticket_id, c.kind, format_yuan(c.amount_fen),
                   c.exception ? " recorded as an exception over authority" : ""));
        s.print_id(c.id);
        return 0;
    });

    auto export_o = std::make_shared<ExportOptions>();
    CLI::App* exp = noun->add_subcommand("export", "Write tickets as JSONL (with customer and timeline) or CSV (flat)");
    add_list_filters(exp, *export_o);
    exp->add_flag("--reveal", export_o->reveal,
                  "Customers' phone and e-mail unmasked, for a copy to import (recorded in the audit trail)");
    examples(exp,
             "  svc ticket export --period 2026-11 --format csv > november.csv\n"
             "  svc ticket export --reveal > all.jsonl && svc ticket import all.jsonl --create --db copy.db");
    d.on(exp, [export_o](Session& s) { return run_export(*export_o, s); });

    auto import_o = std::make_shared<ImportOptions>();
    CLI::App* imp = noun->add_subcommand(
        "import", "Import tickets from JSONL or CSV in one transaction; any bad line refuses the file");
    imp->add_option("FILE", import_o->file, "JSONL or CSV file, or - for stdin")->required();
    imp->add_flag("--skip-invalid", import_o->skip_invalid, "Import the valid lines and report the others");
    imp->add_flag("--create", import_o->create,
                  "Create the store when it does not exist (else a missing store is refused)");
    imp->add_option(
        "--ignore-column", import_o->ignored_columns,
        "Drop this column (or JSON key) of the file unread; repeat for several (else an unknown one refuses the file)");
    examples(imp,
             "  svc ticket import all.jsonl --create --db new.db\n"
             "  svc ticket import legacy.csv --skip-invalid 2> rejected.txt\n"
             "  svc ticket import crm.csv --ignore-column crm_score --ignore-column region");
    d.on(imp, [import_o](Session& s) { return run_import(*import_o, s); });

    auto route_o = std::make_shared<ReasonOptions>();
    CLI::App* route =
        noun->add_subcommand("route", "Give the ticket to whom the policy's [routing] chooses now; the owner stays");
    add_ticket_arg(route, route_o->ticket);
    examples(route,
             "  svc ticket route 42\n  svc ticket list --assignee li.na --format tsv --no-header | cut -f1 | "
             "xargs -n1 svc ticket route   # li.na is off sick");
    d.on(route, [route_o](Session& s) {
        const Transition t = reported(s, route_ticket(s.context(), route_o->ticket.number()));
        if (t.changed) s.info(t.note);
        return 0;
    });

    add_intake_command(noun, d);
    add_link_commands(noun, d);
}

}  // namespace svc::cli
