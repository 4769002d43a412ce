#pragma once
// Tickets that arrive by themselves: one message from outside (a mail an MTA pipes in, a
// JSON object from a chat or message bridge) opens a ticket or joins the one it answers.
//
// A message joins a ticket when it answers a message svc took in before (a mail's
// In-Reply-To or References, a bridge's reply_to), else when it names the ticket (a
// "[svc#42]" tag in a mail's subject, a bridge's "ticket"). Joining an open or pending
// ticket adds a customer message; a resolved one is reopened first; a closed one is left
// closed and a new ticket, linked to it as related, is opened. A message whose id was taken
// in before changes nothing (a redelivery), so an MTA or a bridge may deliver twice.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "context.hpp"
#include "io/mail.hpp"

namespace svc {

struct InboundAttachment {
    std::string name, type, sha256;
    std::int64_t size = 0;
    std::optional<std::string> saved;  // where it was saved (--attachments DIR)
};

struct InboundMessage {
    std::string channel;  // one of vocab::channels
    // Where external ids are unique: "email" for Message-IDs, else the bridge's name.
    std::string source;
    std::optional<std::string> external_id;
    std::vector<std::string> answers;    // ids of this source it answers, nearest first
    std::optional<std::int64_t> ticket;  // the ticket it names
    std::string subject;                 // a new ticket's summary ("" → its first line)
    std::string text;
    std::optional<std::string> name, email, phone, ref;  // the sender
    std::optional<Instant> written_at;                   // when the customer wrote it
    std::vector<InboundAttachment> attachments;
    std::optional<std::string> kind, category, priority;  // for a new ticket
};

enum class IntakeOutcome { opened, added, reopened, duplicate };
std::string_view to_string(IntakeOutcome o);

struct IntakeResult {
    IntakeOutcome outcome = IntakeOutcome::opened;
    std::int64_t ticket = 0;
    std::int64_t customer = 0;
    bool customer_created = false;
    std::optional<std::int64_t> follows;  // the closed ticket a new one continues
    std::optional<std::string> risk_keyword;
    std::optional<std::string> routed_to, route;  // a new ticket's [routing]
};

// Takes the message in, in one unit of work: all of it or nothing.
IntakeResult take_in(Context& ctx, const InboundMessage& message);

// The message a mail makes: its sender, subject ("Re:" and the tag taken off), the ticket
// its "[svc#42]" tag names, its text (control characters dropped) and its attachments.
InboundMessage message_from_mail(const io::Mail& mail);

// Why a mail is not for a ticket (an autoresponder, a bounce, the centre's own mail come
// back), or nothing. Such a mail is dropped: answering it would start a mail loop.
std::optional<std::string> mail_loop(const Policy& policy, const io::Mail& mail);

// The message a bridge's JSON object makes:
//   {"channel": "chat", "source": "wecom", "external_id": "…", "reply_to": "…",
//    "ticket": 42, "customer": {"name", "phone", "email", "ref"}, "text": "…",
//    "summary": "…", "time": "2026-10-01T09:30:00+08:00", "kind", "category", "priority"}
// Error(usage) naming the field and the value.
InboundMessage message_from_json(std::string_view text, const Zone& zone, Instant now);

// "[svc#42]" anywhere in a subject → 42.
std::optional<std::int64_t> subject_ticket(std::string_view subject);
// A subject without the tag, "Re:"/"Fwd:"/"回复:"/"转发:" prefixes and surrounding space.
std::string clean_subject(std::string_view subject);
// A reply's own words: the quoted message below them ("> …", "On … wrote:", "-----Original
// Message-----", "在 … 写道：", "------------------ 原始邮件 ------------------") left out.
std::string without_quoted_reply(std::string_view text);
// Text as a ticket keeps it: control characters but newline and tab, and bidirectional
// overrides, dropped; line ends as "\n"; at most one blank line in a row; trimmed.
std::string readable_text(std::string_view text);

}  // namespace svc
