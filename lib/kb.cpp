#include "kb.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "agents.hpp"
#include "audit.hpp"
#include "error.hpp"
#include "followups.hpp"
#include "text.hpp"
#include "tickets.hpp"
#include "vocabulary.hpp"

namespace svc {

namespace {

constexpr std::size_t k_max_title = text::k_max_summary;
constexpr std::size_t k_max_category = 100;
constexpr std::size_t k_max_tag = 50;

std::string checked_title(std::string_view v) {
    return text::checked("--title", v, k_max_title);
}
std::string checked_body(std::string_view v) {
    return text::checked("--body", v, text::k_max_body);
}
std::string checked_category(std::string_view v) {
    return text::checked("--category", v, k_max_category);
}

std::vector<std::string> checked_tags(const std::vector<std::string>& tags) {
    std::vector<std::string> out;
    for (const auto& raw : tags) {
        const std::string t = text::checked("--tag", raw, k_max_tag);
        // Tags are kept comma-joined in each version, as in ticket lists and CSV.
        if (t.find_first_of(",;") != std::string::npos)
            fail(ErrorKind::usage, "--tag: '{}' must not contain ',' or ';'", t);
        if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
    }
    std::sort(out.begin(), out.end());
    return out;
}

json::Value tags_json(const std::vector<std::string>& tags) {
    json::Array a;
    for (const auto& t : tags) a.emplace_back(t);
    return a;
}

void keep_version(Context& ctx, const KbEntry& e) {
    ctx.store().kb().insert_kb_version(
        {e.id, e.version, e.title, e.body, e.category, e.tags, e.updated_at, e.updated_by});
}

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = text::utf8_sequence_length(s, i);
        i += len ? len : 1;
        ++n;
    }
    return n;
}

// Splits a search on ASCII and ideographic spaces.
std::vector<std::string> search_words(std::string_view text) {
    std::string flat(text);
    for (std::size_t p; (p = flat.find("\u3000")) != std::string::npos;) flat.replace(p, 3, " ");
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < flat.size()) {
        const std::size_t start = flat.find_first_not_of(" \t\r\n", pos);
        if (start == std::string::npos) break;
        const std::size_t end = std::min(flat.find_first_of(" \t\r\n", start), flat.size());
        out.push_back(flat.substr(start, end - start));
        pos = end;
    }
    return out;
}

// Moves back to the start of a UTF-8 character.
std::size_t char_start(std::string_view s, std::size_t i) {
    while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    return i;
}

// For hits the index did not make a snippet for: the text around the first word, marked.
std::string excerpt(const KbEntry& e, const std::string& word) {
    const std::string lower_word = text::ascii_lower(word);
    for (const std::string* field : {&e.body, &e.title}) {
        const std::string lower = text::ascii_lower(*field);
        const std::size_t at = lower.find(lower_word);
        if (at == std::string::npos) continue;
        constexpr std::size_t k_context = 24;  // bytes each side: about 8 Chinese characters
        const std::size_t from = char_start(*field, at > k_context ? at - k_context : 0);
        const std::size_t end = at + word.size();
        const std::size_t to = char_start(*field, std::min(field->size(), end + k_context));
        const std::string tail = to < field->size() ? "…" : "";
        std::string out = (from > 0 ? "…" : "") + field->substr(from, at - from) + "[" +
                          field->substr(at, word.size()) + "]" + field->substr(end, to > end ? to - end : 0) + tail;
        for (char& c : out)
            if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        return out;
    }
    return {};
}

std::string short_note(std::string_view text) {
    std::string flat(text);
    for (char& c : flat)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return text::truncate_to_width(flat, 160);
}

}  // namespace

std::int64_t parse_kb_id(std::string_view what, std::string_view text) {
    return text::parse_number(what, text, "knowledge-base entry number");
}

std::int64_t add_kb_entry(Context& ctx, const NewKbEntry& n) {
    const UnitOfWork unit(ctx);
    KbEntry e;
    e.title = checked_title(n.title);
    e.body = checked_body(n.body);
    if (n.category) e.category = checked_category(*n.category);
    e.tags = checked_tags(n.tags);
    const Actor actor = current_actor(ctx);
    e.version = 1;
    e.created_at = e.updated_at = ctx.now();
    e.created_by = e.updated_by = actor.login;
    e.id = ctx.store().kb().insert_kb_entry(e);
    keep_version(ctx, e);
    record_audit(ctx, EventKind::kb_add, e.id,
                 json::Object{{"version", e.version},
                              {"title", e.title},
                              {"body", e.body},
                              {"category", e.category},
                              {"tags", tags_json(e.tags)}});
    return e.id;
}

KbEntry get_kb_entry(Context& ctx, std::int64_t id) {
    current_actor(ctx);  // the team's knowledge is for its registered agents
    auto e = ctx.store().kb().find_kb_entry(id);
    if (!e) fail(ErrorKind::not_found, "knowledge-base entry {} not found", id);
    return *e;
}

std::int64_t update_kb_entry(Context& ctx, std::int64_t id, const KbChanges& c) {
    const UnitOfWork unit(ctx);
    std::optional<std::string> title, body, category;
    std::optional<std::vector<std::string>> tags;
    if (c.title) title = checked_title(*c.title);
    if (c.body) body = checked_body(*c.body);
    if (c.category) category = checked_category(*c.category);
    if (c.tags) tags = checked_tags(*c.tags);
    if (!title && !body && !category && !tags)
        fail(ErrorKind::usage, "nothing to change: give --title, --body, --file, --category or --tag");
    const Actor actor = current_actor(ctx);
    KbEntry e = get_kb_entry(ctx, id);
    if (e.retired_at) fail(ErrorKind::refused, "knowledge-base entry {} is retired: add a new entry instead", id);
    if (ctx.now() < e.updated_at)
        fail(ErrorKind::usage, "knowledge-base entry {} was last changed after the clock's now (check --now)", id);
    json::Object changes;
    if (title && *title != e.title) {
        note_change(changes, "title", e.title, *title);
        e.title = *title;
    }
    if (body && *body != e.body) {
        note_change(changes, "body", e.body, *body);
        e.body = *body;
    }
    if (category && category != e.category) {
        note_change(changes, "category", e.category, *category);
        e.category = category;
    }
    if (tags && *tags != e.tags) {
        note_change(changes, "tags", tags_json(e.tags), tags_json(*tags));
        e.tags = *tags;
    }
    if (changes.empty()) fail(ErrorKind::usage, "knowledge-base entry {} already reads so: nothing changed", id);
    ++e.version;
    e.updated_at = ctx.now();
    e.updated_by = actor.login;
    ctx.store().kb().update_kb_entry(e);
    keep_version(ctx, e);
    changes.emplace(changes.begin(), "version", e.version);
    record_audit(ctx, EventKind::kb_update, e.id, json::Value(std::move(changes)));
    return e.version;
}

void retire_kb_entry(Context& ctx, std::int64_t id, const std::optional<std::string>& reason) {
    const UnitOfWork unit(ctx);
    std::optional<std::string> why;
    if (reason) why = text::checked("--reason", *reason, text::k_max_summary);
    const Actor actor = current_actor(ctx);
    KbEntry e = get_kb_entry(ctx, id);
    if (e.retired_at) fail(ErrorKind::refused, "knowledge-base entry {} is already retired", id);
    e.retired_at = ctx.now();
    e.retired_by = actor.login;
    e.retire_reason = why;
    ctx.store().kb().update_kb_entry(e);
    record_audit(ctx, EventKind::kb_retire, e.id, json::Object{{"version", e.version}, {"reason", why}});
}

std::vector<KbVersion> kb_history(Context& ctx, std::int64_t id) {
    get_kb_entry(ctx, id);
    return ctx.store().kb().kb_versions(id);
}

KbVersion get_kb_version(Context& ctx, std::int64_t id, std::int64_t version) {
    const KbEntry e = get_kb_entry(ctx, id);
    auto v = ctx.store().kb().find_kb_version(id, version);
    if (!v)
        fail(ErrorKind::not_found, "knowledge-base entry {} has no version {} (it has 1 to {})", id, version,
             e.version);
    return *v;
}

std::vector<KbEntry> list_kb_entries(Context& ctx, const KbQuery& query) {
    current_actor(ctx);
    return ctx.store().kb().list_kb_entries(query);
}

std::vector<KbHit> search_kb(Context& ctx, std::string_view text, bool all, std::int64_t limit) {
    const std::string query = text::checked("TEXT", text, text::k_max_summary);
    if (limit <= 0) fail(ErrorKind::usage, "--limit: must be at least 1, got {}", limit);
    current_actor(ctx);
    KbSearch s;
    s.all = all;
    s.limit = limit;
    for (const std::string& word : search_words(query)) {
        if (code_points(word) >= 3) {
            std::string quoted = "\"";
            for (char c : word) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
            s.fts += (s.fts.empty() ? "" : " ") + quoted + "\"";
            s.terms.push_back(word);
        } else {
            s.substrings.push_back(word);
        }
    }
    std::vector<KbHit> hits = ctx.store().kb().search_kb(s);
    // Around the first word where the store made no snippet.
    const std::string& first = s.terms.empty() ? s.substrings.front() : s.terms.front();
    for (KbHit& h : hits)
        if (h.snippet.empty()) h.snippet = excerpt(h.entry, first);
    return hits;
}

std::vector<std::string> placeholders_in(std::string_view text) {
    std::vector<std::string> out;
    fill_placeholders(text, [&](std::string_view name) {
        if (std::find(out.begin(), out.end(), name) == out.end()) out.emplace_back(name);
        return std::string();
    });
    return out;
}

std::string fill_placeholders(std::string_view text, const std::function<std::string(std::string_view)>& values) {
    std::string out;
    auto is_name_char = [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; };
    for (std::size_t i = 0; i < text.size();) {
        if (text.compare(i, 2, "{{") == 0 || text.compare(i, 2, "}}") == 0) {
            out += text[i];
            i += 2;
            continue;
        }
        if (text[i] == '{') {
            std::size_t j = i + 1;
            while (j < text.size() && is_name_char(text[j])) ++j;
            if (j > i + 1 && j < text.size() && text[j] == '}') {
                out += values(text.substr(i + 1, j - i - 1));
                i = j + 1;
                continue;
            }
        }
        out += text[i++];
    }
    return out;
}

ReplyResult reply_checked(Context& ctx, const AgentReply& r) {
    const UnitOfWork unit(ctx);
    if (r.text.has_value() == r.kb.has_value())
        fail(ErrorKind::usage, "give the reply as TEXT or as --kb ID (one of them)");
    if (r.promise && *r.promise <= 0) fail(ErrorKind::usage, "--promise: must be a positive duration");
    const Ticket t = get_ticket(ctx, r.ticket);
    ReplyResult result;
    std::optional<KbEntry> entry;
    if (r.kb) {
        entry = get_kb_entry(ctx, *r.kb);
        if (entry->retired_at)
            fail(ErrorKind::refused, "knowledge-base entry {} is retired{}: reply with a current one", entry->id,
                 entry->retire_reason ? " (" + *entry->retire_reason + ")" : "");
        const Actor actor = current_actor(ctx);
        result.text = fill_placeholders(entry->body, [&](std::string_view name) -> std::string {
            if (name == "ticket") return std::to_string(t.id);
            if (name == "summary") return t.summary;
            if (name == "customer") {
                const auto c = ctx.store().people().find_customer_by_id(t.customer_id);
                return c ? c->name : std::string();
            }
            if (name == "agent") return actor.agent ? actor.agent->name : actor.login;
            if (name == "due") {
                // The next deadline once this reply is recorded: the response target it meets
                // is no promise to the customer, the resolution (or solution) target is.
                Ticket after = t;
                if (!after.first_responded_at) after.first_responded_at = ctx.now();
                after.next_response_due.reset();
                after.next_response_warn.reset();
                refresh_next(after);
                if (!after.next_due)
                    fail(ErrorKind::refused, "--kb {}: ticket {} has no open deadline to fill {{due}}", entry->id,
                         t.id);
                // Customers read "2026-11-23 18:30" in the team's zone, not ISO 8601.
                return format_instant_short(*after.next_due, ctx.policy().zone);
            }
            fail(ErrorKind::usage, "--kb {}: unknown placeholder {{{}}} (known: {})", entry->id, name,
                 vocab::joined(k_placeholders));
        });
    } else {
        result.text = *r.text;
    }
    result.text = text::checked(r.kb ? "--kb" : "TEXT", result.text, text::k_max_body);
    result.findings = check_text(ctx.policy().language, result.text);
    if (has_avoided(result.findings) && !r.force) {
        std::string why;
        for (const Finding& f : result.findings) {
            if (f.kind != FindingKind::avoid) continue;
            why += fmt::format("{}'{}': say '{}' instead{}", why.empty() ? "" : "; ", f.match, f.instead,
                               f.reason.empty() ? "" : " (" + f.reason + ")");
        }
        fail(ErrorKind::refused, "reply to ticket {} refused: {}; --force sends it anyway and is recorded", t.id, why);
    }
    result.forced = has_avoided(result.findings);
    result.risk = respond_ticket(ctx, t.id, result.text, false);
    if (r.promise) {
        NewFollowup f;
        f.ticket = t.id;
        f.kind = "promise";
        f.note = short_note(result.text);
        f.due = ctx.now() + *r.promise;
        result.promise_id = add_followup(ctx, f);
        result.promise_due = f.due;
    }
    json::Array phrases;
    for (const Finding& f : result.findings) phrases.emplace_back(f.phrase);
    ReplyCheckRecord rec;
    rec.ticket_id = t.id;
    rec.agent = ctx.actor();
    rec.at = ctx.now();
    rec.kb_id = r.kb;
    rec.forced = result.forced;
    rec.vague = has_vague(result.findings);
    rec.phrases = json::dump(json::Value(phrases));
    rec.promise_id = result.promise_id;
    ctx.store().kb().insert_reply_check(rec);
    // The reply itself is in the trail (respond); this says what it was checked against.
    if (entry || !result.findings.empty()) {
        std::string summary = entry ? fmt::format("reply from kb {} v{}", entry->id, entry->version) : "reply";
        for (const Finding& f : result.findings)
            summary +=
                fmt::format("; {} '{}'", f.kind == FindingKind::avoid ? "sent with --force:" : "vague:", f.match);
        json::Object detail{{"summary", summary}, {"forced", rec.forced}, {"vague", rec.vague}, {"phrases", phrases}};
        if (entry) {
            detail.emplace_back("kb", entry->id);
            detail.emplace_back("kb_version", entry->version);
        }
        record_audit(ctx, EventKind::ticket_reply_check, t.id, json::Value(std::move(detail)));
    }
    return result;
}

}  // namespace svc
