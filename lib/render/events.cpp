#include "render/events.hpp"

#include <fmt/format.h>

#include "error.hpp"

namespace svc {

namespace {

std::string str_member(const json::Value& v, std::string_view key) {
    const json::Value* m = v.find(key);
    if (!m || m->is_null()) return {};
    if (m->is_string()) return m->as_string();
    return json::dump(*m);
}

// What a message taken in carried: "; attached: 发票.pdf (application/pdf, 280 bytes)".
std::string attachments_note(const json::Value& d) {
    const json::Value* list = d.find("attachments");
    if (!list || !list->is_array() || list->as_array().empty()) return {};
    std::string out = "; attached:";
    bool first = true;
    for (const json::Value& a : list->as_array()) {
        const json::Value* size = a.find("size");
        std::string name = str_member(a, "name");
        out += fmt::format("{} {} ({}, {} bytes)", first ? "" : ",", name.empty() ? "(no name)" : name,
                           str_member(a, "type"), size && size->is_integer() ? size->as_integer() : 0);
        const std::string saved = str_member(a, "saved");
        if (!saved.empty()) out += " at " + saved;
        first = false;
    }
    return out;
}

}  // namespace

// One line a person can read for each kind of event.
std::string describe_event(const AuditEvent& e, const Zone& zone) {
    if (e.detail.empty()) return {};
    json::Value d;
    try {
        d = json::parse(e.detail);
    } catch (const Error&) {
        return e.detail;
    }
    const auto when = [&](std::string_view key) {
        const json::Value* v = d.find(key);
        return v && v->is_integer() ? format_instant(v->as_integer(), zone) : std::string("none");
    };
    if (e.kind == EventKind::ticket_open) {
        const json::Value* waited = d.find("waited");
        return fmt::format("{} {} via {}: {}{}{}", str_member(d, "priority"), str_member(d, "kind"),
                           str_member(d, "channel"), str_member(d, "summary"),
                           waited && waited->is_integer()
                               ? fmt::format(" (answered after {})", format_duration(waited->as_integer()))
                               : "",
                           attachments_note(d));
    }
    if (e.kind == EventKind::ticket_customer_message) {
        const std::string via = str_member(d, "via");
        return (via.empty() ? "" : "(" + via + ") ") + str_member(d, "text") + attachments_note(d);
    }
    if (e.kind == EventKind::ticket_respond || e.kind == EventKind::ticket_note) return str_member(d, "text");
    if (e.kind == EventKind::ticket_pending) return "on hold: " + str_member(d, "reason");
    if (e.kind == EventKind::ticket_resume) {
        const json::Value* p = d.find("paused_seconds");
        return fmt::format("resumed after {}; resolution due {}",
                           format_duration(p && p->is_integer() ? p->as_integer() : 0), when("resolve_due"));
    }
    if (e.kind == EventKind::ticket_resolve) {
        const std::string cause = str_member(d, "cause");
        return str_member(d, "resolution") + (cause.empty() ? "" : " (cause: " + cause + ")");
    }
    if (e.kind == EventKind::ticket_reopen)
        return "reopened: " + str_member(d, "reason") + "; resolution due " + when("resolve_due");
    if (e.kind == EventKind::ticket_close) return "closed";
    if (e.kind == EventKind::ticket_link)
        return fmt::format("{} ticket {}", str_member(d, "kind") == "caused-by" ? "caused by" : "related to",
                           str_member(d, "other"));
    if (e.kind == EventKind::ticket_unlink) return fmt::format("no longer linked to ticket {}", str_member(d, "other"));
    if (e.kind == EventKind::ticket_merge) return fmt::format("merged into ticket {}", str_member(d, "into"));
    if (e.kind == EventKind::ticket_merged_in) {
        std::string took;
        for (const char* key : {"first_response_due", "resolve_due", "next_response_due"})
            if (d.find(key)) took += fmt::format("{}{}", took.empty() ? "; took its earlier " : ", ", key);
        return fmt::format("ticket {} merged in ({} messages){}", str_member(d, "from"), str_member(d, "messages"),
                           took);
    }
    if (e.kind == EventKind::ticket_unmerge)
        return d.find("from") ? fmt::format("ticket {} taken back out", str_member(d, "from"))
                              : fmt::format("no longer merged into ticket {}; {} again", str_member(d, "into"),
                                            str_member(d, "status"));
    if (e.kind == EventKind::ticket_reply_check) return str_member(d, "summary");
    if (e.kind == EventKind::ticket_survey_send)
        return fmt::format("survey {} sent via {}", str_member(d, "survey"), str_member(d, "channel"));
    if (e.kind == EventKind::ticket_survey_answer) {
        const json::Value* nps = d.find("nps");
        const std::string comment = str_member(d, "comment");
        return fmt::format("survey {} answered: csat {}{}{}", str_member(d, "survey"), str_member(d, "csat"),
                           nps && nps->is_integer() ? fmt::format(", nps {}", nps->as_integer()) : "",
                           comment.empty() ? "" : ": " + comment);
    }
    if (e.kind == EventKind::ticket_survey_cancel)
        return fmt::format("survey {} cancelled: {}", str_member(d, "survey"), str_member(d, "reason"));
    if (e.kind == EventKind::ticket_survey_unsend)
        return fmt::format("survey {} not delivered: {}", str_member(d, "survey"), str_member(d, "error"));
    if (e.kind == EventKind::ticket_followup_add)
        return fmt::format("{} {} for {} due {}: {}", str_member(d, "kind"), str_member(d, "followup"),
                           str_member(d, "assignee"), when("due"), str_member(d, "note"));
    if (e.kind == EventKind::ticket_followup_done) {
        const json::Value* on_time = d.find("on_time");
        const json::Value* unsatisfied = d.find("unsatisfied");
        return fmt::format(
            "{} {} done{}{}: {}", str_member(d, "kind"), str_member(d, "followup"),
            on_time && on_time->is_bool() && !on_time->as_bool() ? " late" : "",
            unsatisfied && unsatisfied->is_bool() && unsatisfied->as_bool() ? ", customer unsatisfied" : "",
            str_member(d, "outcome"));
    }
    if (e.kind == EventKind::ticket_followup_cancel)
        return fmt::format("{} {} cancelled: {}", str_member(d, "kind"), str_member(d, "followup"),
                           str_member(d, "reason"));
    if (e.kind == EventKind::ticket_escalate)
        return fmt::format("level {} → {} ({}, {}): {}; solution due {}", str_member(d, "from"), str_member(d, "to"),
                           str_member(d, "level"), str_member(d, "trigger"), str_member(d, "reason"),
                           when("solution_due"));
    if (e.kind == EventKind::ticket_compensate) {
        const json::Value* fen = d.find("amount_fen");
        const std::string exception = str_member(d, "exception");
        return fmt::format("{} {:.2f} yuan{}{}", str_member(d, "kind"),
                           fen && fen->is_integer() ? static_cast<double>(fen->as_integer()) / 100 : 0.0,
                           str_member(d, "note").empty() ? "" : ": " + str_member(d, "note"),
                           exception.empty() ? "" : " (exception over authority: " + exception + ")");
    }
    if (e.kind == EventKind::agent_duty_add || e.kind == EventKind::agent_duty_remove) {
        const std::string note = str_member(d, "note");
        return fmt::format("duty shift {} {} {}: {} to {}{}", str_member(d, "shift"),
                           e.kind == EventKind::agent_duty_add ? "for" : "removed, of", str_member(d, "login"),
                           when("starts_at"), when("ends_at"), note.empty() ? "" : " (" + note + ")");
    }
    if (d.is_object()) {
        // Changes: "assignee: a → b; priority: normal → high".
        std::string out;
        for (const auto& [field, change] : d.as_object()) {
            if (!change.is_object() || !change.find("after")) continue;
            const bool is_time = field.ends_with("_due");
            auto show = [&](const json::Value* v) {
                if (!v || v->is_null()) return std::string("none");
                if (is_time && v->is_integer()) return format_instant(v->as_integer(), zone);
                return v->is_string() ? v->as_string() : json::dump(*v);
            };
            out += (out.empty() ? "" : "; ") + field + ": " + show(change.find("before")) + " → " +
                   show(change.find("after"));
        }
        if (!out.empty()) return out;
    }
    return e.detail;
}

}  // namespace svc
