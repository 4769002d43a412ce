#include "intake.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "agents.hpp"
#include "audit.hpp"
#include "customers.hpp"
#include "error.hpp"
#include "json/json.hpp"
#include "text.hpp"
#include "tickets.hpp"
#include "vocabulary.hpp"

namespace svc {

std::string_view to_string(IntakeOutcome o) {
    switch (o) {
        case IntakeOutcome::opened:
            return "opened";
        case IntakeOutcome::added:
            return "added";
        case IntakeOutcome::reopened:
            return "reopened";
        case IntakeOutcome::duplicate:
            return "duplicate";
    }
    return "opened";
}

namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && text::ascii_lower(s.substr(0, prefix.size())) == prefix;
}

// The first line of a text, for the summary of a message without a subject.
std::string first_line(std::string_view text) {
    const std::size_t end = text.find('\n');
    return text::trim(text.substr(0, end));
}

// A summary within the length a ticket keeps, cut at a character.
std::string summary_of(const InboundMessage& m, std::string_view text) {
    std::string s = m.subject.empty() ? first_line(text) : m.subject;
    if (s.empty()) s = m.attachments.empty() ? "(no subject)" : "(attachments)";
    if (s.size() > text::k_max_summary) s = text::truncate_to_width(s, 120);
    return s;
}

json::Value attachments_json(const std::vector<InboundAttachment>& attachments) {
    json::Array out;
    for (const InboundAttachment& a : attachments) {
        json::Object o{{"name", a.name}, {"type", a.type}, {"size", a.size}, {"sha256", a.sha256}};
        if (a.saved) o.emplace_back("saved", *a.saved);
        out.emplace_back(std::move(o));
    }
    return out;
}

// What the message's event records about where it came from.
json::Object origin_of(const InboundMessage& m, bool with_channel) {
    json::Object o;
    if (with_channel) o.emplace_back("via", m.channel);
    if (m.external_id) o.emplace_back("external_id", *m.external_id);
    if (!m.attachments.empty()) o.emplace_back("attachments", attachments_json(m.attachments));
    return o;
}

// The text a message adds: its own, or what it carried when it has none.
std::string message_text(const InboundMessage& m, std::string_view text) {
    if (!text.empty()) return std::string(text);
    std::string out = "(attachments only:";
    for (const InboundAttachment& a : m.attachments) out += " " + (a.name.empty() ? a.type : a.name);
    return out + ")";
}

std::optional<Ticket> thread_of(Context& ctx, const InboundMessage& m) {
    TicketStore& tickets = ctx.store().tickets();
    for (const std::string& id : m.answers)
        if (auto ticket = tickets.inbound_ticket(m.source, id)) return tickets.find_ticket(*ticket);
    if (m.ticket) return tickets.find_ticket(*m.ticket);
    return std::nullopt;
}

// The sender as a customer: by ref, phone or mail address, in that order; registered when
// none matches.
std::pair<std::int64_t, bool> customer_of(Context& ctx, const InboundMessage& m) {
    PeopleStore& people = ctx.store().people();
    std::optional<std::string> phone, email;
    if (m.phone) phone = normalize_phone("customer.phone", *m.phone);
    if (m.email) email = checked_email("customer.email", *m.email);
    if (m.ref)
        if (auto c = people.find_customer_by_ref(*m.ref)) return {c->id, false};
    if (phone)
        if (auto c = people.find_customer_by_phone(*phone)) return {c->id, false};
    if (email)
        if (auto c = people.find_customer_by_email(*email)) return {c->id, false};
    if (!phone && !email && !m.ref)
        fail(ErrorKind::usage, "the message names no customer: give a mail address, a phone or a ref");
    NewCustomer c;
    c.name = m.name && !text::trim(*m.name).empty() ? text::trim(*m.name)
             : email                                ? email->substr(0, email->find('@'))
             : phone                                ? *phone
                                                    : *m.ref;
    if (c.name.size() > text::k_max_name) c.name = text::truncate_to_width(c.name, 40);
    c.phone = phone;
    c.email = email;
    c.ref = m.ref;
    return {add_customer(ctx, c), true};
}

}  // namespace

IntakeResult take_in(Context& ctx, const InboundMessage& m) {
    const UnitOfWork unit(ctx);
    if (!vocab::contains(vocab::channels, m.channel))
        fail(ErrorKind::usage, "channel: unknown value '{}' (expected {})", m.channel, vocab::joined(vocab::channels));
    if (m.text.empty() && m.attachments.empty()) fail(ErrorKind::usage, "the message has no text and no attachment");
    if (m.text.size() > text::k_max_body)
        fail(ErrorKind::usage, "the message text is {} bytes, more than the {} a ticket keeps", m.text.size(),
             text::k_max_body);
    current_actor(ctx);
    TicketStore& tickets = ctx.store().tickets();
    IntakeResult r;
    if (m.external_id) {
        if (auto known = tickets.inbound_ticket(m.source, *m.external_id)) {
            r.outcome = IntakeOutcome::duplicate;
            r.ticket = *known;
            r.customer = get_ticket(ctx, *known).customer_id;
            return r;
        }
    }
    const std::optional<Ticket> thread = thread_of(ctx, m);
    if (thread && thread->status != TicketStatus::closed) {
        r.ticket = thread->id;
        r.customer = thread->customer_id;
        r.outcome = IntakeOutcome::added;
        if (thread->status == TicketStatus::resolved) {
            reopen_ticket(ctx, thread->id, "the customer wrote again");
            r.outcome = IntakeOutcome::reopened;
        }
        const std::string own = without_quoted_reply(m.text);
        r.risk_keyword =
            respond_ticket(ctx, thread->id, message_text(m, own.empty() ? m.text : own), true, origin_of(m, true));
    } else {
        std::tie(r.customer, r.customer_created) = customer_of(ctx, m);
        OpenTicketRequest q;
        q.channel = m.channel;
        q.kind = m.kind.value_or("inquiry");
        q.summary = summary_of(m, m.text);
        q.body = message_text(m, m.text);
        q.category = m.category;
        q.priority = m.priority;
        q.customer = std::to_string(r.customer);
        q.written_at = m.written_at;
        q.routed_owner = true;  // a mailbox takes it in; the agent it is routed to handles it first
        q.origin = origin_of(m, false);
        const OpenTicketResult opened = open_ticket(ctx, q);
        r.ticket = opened.id;
        r.risk_keyword = opened.risk_keyword;
        r.routed_to = opened.routed_to;
        r.route = opened.route;
        r.outcome = IntakeOutcome::opened;
        if (thread) {
            // The customer wrote again about a closed ticket: a new one, linked to it.
            r.follows = thread->id;
            tickets.insert_link({r.ticket, thread->id, "related", ctx.now(), ctx.actor()});
        }
    }
    if (m.external_id) tickets.insert_inbound(m.source, *m.external_id, r.ticket, ctx.now());
    return r;
}

std::optional<std::int64_t> subject_ticket(std::string_view subject) {
    for (std::size_t at = subject.find("[svc#"); at != std::string_view::npos; at = subject.find("[svc#", at + 1)) {
        std::size_t i = at + 5;
        std::int64_t id = 0;
        while (i < subject.size() && subject[i] >= '0' && subject[i] <= '9' && id < k_max_ticket_id)
            id = id * 10 + (subject[i++] - '0');
        if (i > at + 5 && i < subject.size() && subject[i] == ']' && id > 0 && id <= k_max_ticket_id) return id;
    }
    return std::nullopt;
}

std::string clean_subject(std::string_view subject) {
    std::string s(subject);
    for (std::size_t at = s.find("[svc#"); at != std::string::npos; at = s.find("[svc#")) {
        const std::size_t end = s.find(']', at);
        if (end == std::string::npos) break;
        s.erase(at, end - at + 1);
    }
    s = text::collapse_spaces(s);
    // Reply and forward prefixes, in English and Chinese mail clients, any number of them.
    static constexpr std::string_view k_prefixes[] = {
        "re:", "fw:", "fwd:", "aw:", "回复:", "回复：", "答复:", "答复：", "转发:", "转发：", "re：", "fw：", "fwd："};
    for (bool again = true; again;) {
        again = false;
        for (std::string_view p : k_prefixes) {
            if (starts_with_ci(s, p)) {
                s = text::trim(std::string_view(s).substr(p.size()));
                again = true;
            }
        }
    }
    return s;
}

std::string without_quoted_reply(std::string_view text) {
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    auto is_header_of_quote = [](std::string_view raw) {
        const std::string line = text::trim(raw);
        if (line.starts_with("-----Original Message-----") || line.starts_with("-----原始邮件-----")) return true;
        if (line.find("原始邮件") != std::string::npos && line.starts_with("---")) return true;
        if (line.starts_with("On ") && line.ends_with("wrote:")) return true;
        if (line.starts_with("在") && (line.ends_with("写道：") || line.ends_with("写道:"))) return true;
        return false;
    };
    std::size_t keep = lines.size();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (is_header_of_quote(lines[i])) {
            keep = i;
            break;
        }
    }
    // A quoted block at the end ("> …" lines and blank lines) goes too.
    while (keep > 0) {
        const std::string line = text::trim(lines[keep - 1]);
        if (line.empty() || line.starts_with('>'))
            --keep;
        else
            break;
    }
    std::string out;
    for (std::size_t i = 0; i < keep; ++i) {
        if (i) out += '\n';
        out += lines[i];
    }
    return text::trim(out);
}

std::string readable_text(std::string_view in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(in[i]);
        if (c == '\r') {
            if (i + 1 < in.size() && in[i + 1] == '\n') continue;
            out += '\n';
            continue;
        }
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) continue;
        // U+202A–U+202E and U+2066–U+2069 (bidirectional overrides and isolates).
        if (c == 0xE2 && i + 2 < in.size()) {
            const unsigned char b = static_cast<unsigned char>(in[i + 1]), d = static_cast<unsigned char>(in[i + 2]);
            if ((b == 0x80 && d >= 0xAA && d <= 0xAE) || (b == 0x81 && d >= 0xA6 && d <= 0xA9)) {
                i += 2;
                continue;
            }
        }
        out += static_cast<char>(c);
    }
    // Trailing spaces off each line; at most one blank line in a row.
    std::string lines;
    std::size_t blank = 0;
    for (std::size_t start = 0; start <= out.size();) {
        const std::size_t end = std::min(out.find('\n', start), out.size());
        std::string_view line = std::string_view(out).substr(start, end - start);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
        if (line.empty()) {
            ++blank;
        } else {
            if (!lines.empty()) lines += blank ? "\n\n" : "\n";
            lines += line;
            blank = 0;
        }
        start = end + 1;
    }
    return lines;
}

InboundMessage message_from_mail(const io::Mail& mail) {
    InboundMessage m;
    m.channel = "email";
    m.source = "email";
    if (!mail.message_id.empty()) m.external_id = mail.message_id;
    m.answers = mail.answers;
    m.ticket = subject_ticket(mail.subject);
    m.subject = readable_text(clean_subject(mail.subject));
    m.text = readable_text(mail.text);
    m.email = text::ascii_lower(mail.from_address);
    if (!mail.from_name.empty()) m.name = readable_text(mail.from_name);
    for (const io::MailAttachment& a : mail.attachments)
        m.attachments.push_back(
            {readable_text(a.name), a.type, a.sha256, static_cast<std::int64_t>(a.content.size()), std::nullopt});
    return m;
}

std::optional<std::string> mail_loop(const Policy& policy, const io::Mail& mail) {
    if (!mail.automatic.empty()) return fmt::format("sent automatically ({})", mail.automatic);
    const std::string from = text::ascii_lower(mail.from_address);
    const std::string id = text::ascii_lower(mail.message_id);
    for (const std::string& own : policy.own_addresses) {
        if (from == own) return fmt::format("sent from the centre's own address {}", mail.from_address);
        const std::string domain = own.substr(own.find('@'));
        if (id.ends_with(domain)) return fmt::format("the centre's own Message-ID <{}>", mail.message_id);
    }
    return std::nullopt;
}

namespace {

// A member of the bridge's object, of the type wanted; Error(usage) naming it otherwise.
const json::Value* member(const json::Value& object, std::string_view name) {
    const json::Value* v = object.find(name);
    return v && !v->is_null() ? v : nullptr;
}

std::optional<std::string> string_member(const json::Value& object, std::string_view name, std::string_view path) {
    const json::Value* v = member(object, name);
    if (!v) return std::nullopt;
    if (!v->is_string()) fail(ErrorKind::usage, "{}{}: must be a string, not {}", path, name, v->type_name());
    return v->as_string();
}

void only_members(const json::Value& object, std::string_view path, std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : object.as_object()) {
        if (std::find(known.begin(), known.end(), key) == known.end())
            fail(ErrorKind::usage, "{}{}: unknown field (expected one of {})", path, key, fmt::join(known, ", "));
    }
}

}  // namespace

InboundMessage message_from_json(std::string_view input, const Zone& zone, Instant now) {
    const json::Value v = json::parse(input);
    if (!v.is_object()) fail(ErrorKind::usage, "the message must be one JSON object, not {}", v.type_name());
    only_members(v, "",
                 {"channel", "source", "external_id", "reply_to", "ticket", "customer", "text", "summary", "time",
                  "kind", "category", "priority"});
    InboundMessage m;
    const auto channel = string_member(v, "channel", "");
    if (!channel) fail(ErrorKind::usage, "channel: missing (one of {})", vocab::joined(vocab::channels));
    if (!vocab::contains(vocab::channels, *channel))
        fail(ErrorKind::usage, "channel: unknown value '{}' (expected {})", *channel, vocab::joined(vocab::channels));
    m.channel = *channel;
    m.source = string_member(v, "source", "").value_or(m.channel);
    if (m.source.empty() || m.source.size() > 64)
        fail(ErrorKind::usage, "source: '{}' must be 1 to 64 bytes", m.source);
    if (auto id = string_member(v, "external_id", "")) {
        if (id->empty() || id->size() > 500) fail(ErrorKind::usage, "external_id: must be 1 to 500 bytes");
        m.external_id = *id;
    }
    if (const json::Value* reply = member(v, "reply_to")) {
        if (reply->is_string()) {
            m.answers.push_back(reply->as_string());
        } else if (reply->is_array()) {
            for (const json::Value& id : reply->as_array()) {
                if (!id.is_string()) fail(ErrorKind::usage, "reply_to: every id must be a string");
                m.answers.push_back(id.as_string());
            }
        } else {
            fail(ErrorKind::usage, "reply_to: must be a string or a list of strings, not {}", reply->type_name());
        }
    }
    if (const json::Value* ticket = member(v, "ticket")) {
        if (ticket->is_integer()) {
            if (ticket->as_integer() < 1 || ticket->as_integer() > k_max_ticket_id)
                fail(ErrorKind::usage, "ticket: {} is not a ticket number", ticket->as_integer());
            m.ticket = ticket->as_integer();
        } else if (ticket->is_string()) {
            m.ticket = parse_ticket_id(ticket->as_string());
        } else {
            fail(ErrorKind::usage, "ticket: must be a number, not {}", ticket->type_name());
        }
    }
    if (const json::Value* customer = member(v, "customer")) {
        if (!customer->is_object())
            fail(ErrorKind::usage, "customer: must be an object, not {}", customer->type_name());
        only_members(*customer, "customer.", {"name", "phone", "email", "ref"});
        m.name = string_member(*customer, "name", "customer.");
        m.phone = string_member(*customer, "phone", "customer.");
        m.email = string_member(*customer, "email", "customer.");
        m.ref = string_member(*customer, "ref", "customer.");
        if (m.name) m.name = readable_text(*m.name);
    }
    const auto body = string_member(v, "text", "");
    if (!body) fail(ErrorKind::usage, "text: missing (what the customer wrote)");
    m.text = readable_text(*body);
    if (auto summary = string_member(v, "summary", "")) m.subject = readable_text(*summary);
    if (auto time = string_member(v, "time", "")) {
        try {
            m.written_at = parse_instant(*time, zone, now);
        } catch (const Error& e) {
            fail(ErrorKind::usage, "time: {}", e.what());
        }
    }
    m.kind = string_member(v, "kind", "");
    if (m.kind && !vocab::contains(vocab::kinds, *m.kind))
        fail(ErrorKind::usage, "kind: unknown value '{}' (expected {})", *m.kind, vocab::joined(vocab::kinds));
    m.category = string_member(v, "category", "");
    m.priority = string_member(v, "priority", "");
    if (m.priority && !vocab::contains(vocab::priorities, *m.priority))
        fail(ErrorKind::usage, "priority: unknown value '{}' (expected {})", *m.priority,
             vocab::joined(vocab::priorities));
    return m;
}

}  // namespace svc
