// svc ticket link|unlink|merge|unmerge: tickets about one another (lib/links).
#include "links.hpp"

#include <fmt/format.h>

#include "cli.hpp"
#include "tickets.hpp"
#include "vocabulary.hpp"

namespace svc::cli {

namespace {

struct PairOptions {
    std::string ticket, other;
    std::string kind = "related";
};

void report(Session& s, const Transition& t, const std::string& done) {
    if (!t.changed) {
        s.info(t.note);
        return;
    }
    s.info(done);
}

void report_merge(Session& s, const MergeResult& r, const std::string& done) {
    s.info(done);
    for (const std::string& line : r.moved) s.info(line);
}

}  // namespace

void add_link_commands(CLI::App* noun, Dispatch& d) {
    auto link_o = std::make_shared<PairOptions>();
    CLI::App* link =
        noun->add_subcommand("link", "Say a ticket is related to, or caused by, another; ticket show lists it");
    link->add_option("TICKET", link_o->ticket, "Ticket number")->required();
    link->add_option("OTHER", link_o->other, "The ticket it is linked to")->required();
    link->add_option("--kind", link_o->kind, "related (the default) or caused-by (TICKET was caused by OTHER)");
    examples(link,
             "  svc ticket link 42 43\n  svc ticket link 57 42 --kind caused-by   # 57's refund delay came from 42");
    d.on(link, [link_o](Session& s) {
        const std::int64_t a = parse_ticket_id(link_o->ticket), b = parse_ticket_id(link_o->other);
        report(s, link_tickets(s.context(), a, b, link_o->kind),
               fmt::format("ticket {} {} ticket {}", a, link_o->kind == "caused-by" ? "caused by" : "related to", b));
        return 0;
    });

    auto unlink_o = std::make_shared<PairOptions>();
    CLI::App* unlink = noun->add_subcommand("unlink", "Remove the link between two tickets");
    unlink->add_option("TICKET", unlink_o->ticket, "Ticket number")->required();
    unlink->add_option("OTHER", unlink_o->other, "The ticket it is linked to")->required();
    examples(unlink, "  svc ticket unlink 42 43");
    d.on(unlink, [unlink_o](Session& s) {
        const std::int64_t a = parse_ticket_id(unlink_o->ticket), b = parse_ticket_id(unlink_o->other);
        report(s, unlink_tickets(s.context(), a, b), fmt::format("tickets {} and {} no longer linked", a, b));
        return 0;
    });

    auto merge_o = std::make_shared<PairOptions>();
    CLI::App* merge = noun->add_subcommand(
        "merge", "Fold a duplicate into the ticket that stays: messages, follow-ups, the earlier deadlines");
    merge->add_option("TICKET", merge_o->ticket, "The duplicate; it closes as merged")->required();
    merge->add_option("--into", merge_o->other, "The ticket that stays")->required();
    examples(merge, "  svc ticket merge 43 --into 42   # the same complaint by mail and by phone");
    d.on(merge, [merge_o](Session& s) {
        const std::int64_t a = parse_ticket_id(merge_o->ticket), b = parse_ticket_id(merge_o->other);
        report_merge(s, merge_ticket(s.context(), a, b), fmt::format("ticket {} merged into ticket {}", a, b));
        return 0;
    });

    auto unmerge_o = std::make_shared<PairOptions>();
    CLI::App* unmerge = noun->add_subcommand("unmerge", "Undo a merge: the duplicate opens again as it was");
    unmerge->add_option("TICKET", unmerge_o->ticket, "The ticket that was merged")->required();
    examples(unmerge, "  svc ticket unmerge 43");
    d.on(unmerge, [unmerge_o](Session& s) {
        const std::int64_t a = parse_ticket_id(unmerge_o->ticket);
        report_merge(s, unmerge_ticket(s.context(), a), fmt::format("ticket {} is no longer merged", a));
        return 0;
    });
}

}  // namespace svc::cli
