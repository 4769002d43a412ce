#pragma once
// The knowledge base (知识库, 统一话术): the scripts the team replies with, so every agent
// speaks with one voice. Entries are versioned (every version is kept with who wrote it and
// when), tagged, searchable in Chinese and English, and retired rather than deleted, so an
// old reply can always be traced to the text it came from. `ticket respond --kb` fills an
// entry's placeholders from the ticket and sends it through the reply check.
#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"
#include "reply_check.hpp"

namespace svc {

struct NewKbEntry {
    std::string title, body;
    std::optional<std::string> category;
    std::vector<std::string> tags;
};

// Returns the new entry's id; version 1 is kept.
std::int64_t add_kb_entry(Context& ctx, const NewKbEntry& e);

struct KbChanges {
    std::optional<std::string> title, body, category;
    std::optional<std::vector<std::string>> tags;  // given: replaces every tag
};
// Returns the new version number. Error usage when nothing would change; refused when retired.
std::int64_t update_kb_entry(Context& ctx, std::int64_t id, const KbChanges& changes);
void retire_kb_entry(Context& ctx, std::int64_t id, const std::optional<std::string>& reason);

KbEntry get_kb_entry(Context& ctx, std::int64_t id);  // Error not_found
std::vector<KbVersion> kb_history(Context& ctx, std::int64_t id);
KbVersion get_kb_version(Context& ctx, std::int64_t id, std::int64_t version);
std::vector<KbEntry> list_kb_entries(Context& ctx, const KbQuery& query);

// Full text: each word of `text` (split on spaces) must occur. Words of three characters
// or more go through the trigram index and are ranked by bm25; shorter ones (a two-
// character Chinese word such as 退款) are matched as substrings of the same rows, since a
// trigram index cannot look them up. Only short words: newest first.
std::vector<KbHit> search_kb(Context& ctx, std::string_view text, bool all, std::int64_t limit);

// "42" → 42; Error(usage) naming `what` otherwise.
std::int64_t parse_kb_id(std::string_view what, std::string_view text);

// The placeholders a reply template may use: {customer} (name), {agent} (the replying
// agent's name, else login), {ticket} (number), {summary}, and {due}: the ticket's next
// deadline once the reply is recorded (resolution or escalation solution), as
// "2026-11-24 18:30" in the policy zone; a ticket without one refuses {due}.
// "{{" and "}}" write a brace; a brace not around a placeholder name stays as it is.
inline constexpr std::array<std::string_view, 5> k_placeholders{"customer", "agent", "ticket", "due", "summary"};
// The placeholder names used in the text, in order of first use.
std::vector<std::string> placeholders_in(std::string_view text);
// Fills each {name} with values(name); an unknown name is refused (Error usage naming it).
std::string fill_placeholders(std::string_view text, const std::function<std::string(std::string_view)>& values);

// An agent's reply to the customer, checked against the policy's [language] rules.
struct AgentReply {
    std::int64_t ticket = 0;
    std::optional<std::string> text;
    std::optional<std::int64_t> kb;  // reply with this entry's current text, filled
    bool force = false;              // send even with an avoided phrase (recorded)
    std::optional<Seconds> promise;  // record a promise due now + this
};

struct ReplyResult {
    std::string text;  // as recorded
    std::vector<Finding> findings;
    bool forced = false;
    std::optional<std::int64_t> promise_id;
    std::optional<Instant> promise_due;
    std::optional<std::string> risk;  // a risk keyword seen first in this reply
};

// Checks, then records the reply (as respond_ticket), its reply_check row and, with a
// promise, the promise follow-up. An avoided phrase without force is refused (Error
// refused) before anything is written.
ReplyResult reply_checked(Context& ctx, const AgentReply& reply);

}  // namespace svc
