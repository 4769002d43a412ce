#include "compensation.hpp"

#include <fmt/format.h>

#include <cctype>

#include "agents.hpp"
#include "audit.hpp"
#include "error.hpp"
#include "text.hpp"
#include "tickets.hpp"
#include "vocabulary.hpp"

namespace svc {

namespace {

std::string limit_text(const std::optional<std::int64_t>& fen) {
    return fen ? format_yuan(*fen) : "unlimited";
}

// Who could grant what the actor may not: the roles whose authority covers the amount.
std::string approvers(const Policy& policy, std::int64_t amount) {
    std::string out;
    for (auto role : vocab::roles) {
        const auto limit = policy.authority_fen(std::string(role));
        if (limit && *limit < amount) continue;
        const std::string_view article = role == "agent" ? "an" : "a";
        out +=
            (out.empty() ? "" : " or ") + (limit ? fmt::format("{} {} (up to {})", article, role, format_yuan(*limit))
                                                 : fmt::format("{} {} (unlimited)", article, role));
    }
    return out.empty() ? "no role" : out;
}

}  // namespace

Compensation compensate_ticket(Context& ctx, const CompensateRequest& r) {
    const UnitOfWork unit(ctx);
    const std::int64_t amount = parse_yuan("--amount", r.amount);
    if (!vocab::contains(vocab::compensation_kinds, r.kind))
        fail(ErrorKind::usage, "--kind: unknown value '{}' (expected {})", r.kind,
             vocab::joined(vocab::compensation_kinds));
    std::optional<std::string> note, exception;
    if (r.note) note = text::checked("--note", *r.note, text::k_max_summary);
    if (r.exception) exception = text::checked("--exception", *r.exception, text::k_max_summary);
    const Actor actor = current_actor(ctx);
    Ticket t = get_ticket(ctx, r.ticket);
    require_time_order(ctx, t);

    // An agent's own limit overrides the role's; it covers everything granted on the ticket,
    // by anyone, so that a large sum can be split neither into small ones nor among colleagues.
    std::optional<std::int64_t> limit = ctx.policy().authority_fen(actor.role);
    if (actor.agent && actor.agent->comp_limit)
        limit = static_cast<std::int64_t>(std::llround(*actor.agent->comp_limit * 100));
    const std::int64_t already = ctx.store().escalations().compensation_total(t.id, std::nullopt, std::nullopt).fen;
    const bool over = limit && already + amount > *limit;
    if (over && !exception)
        fail(ErrorKind::refused,
             "{} yuan on ticket {} is over {}'s limit of {} yuan{}; {} may grant it, or give --exception REASON to "
             "record it as an exception for the weekly review",
             format_yuan(amount), t.id, actor.login, limit_text(limit),
             already ? fmt::format(" ({} already granted on this ticket)", format_yuan(already)) : "",
             approvers(ctx.policy(), amount));
    if (!over) exception.reset();  // within authority there is nothing to excuse

    Compensation c;
    c.ticket_id = t.id;
    c.customer_id = t.customer_id;
    c.agent = actor.login;
    c.role = actor.role;
    c.amount_fen = amount;
    c.kind = r.kind;
    c.note = note;
    c.limit_fen = limit;
    c.exception = exception;
    c.level = t.level;
    c.at = ctx.now();
    c.id = ctx.store().escalations().insert_compensation(c);
    t.updated_at = ctx.now();
    ctx.store().tickets().update_ticket(t);
    record_audit(
        ctx, EventKind::ticket_compensate, t.id,
        json::Object{
            {"amount_fen", amount}, {"kind", c.kind}, {"note", note}, {"limit_fen", limit}, {"exception", exception}});
    return c;
}

}  // namespace svc
