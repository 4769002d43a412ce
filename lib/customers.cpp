#include "customers.hpp"

#include <cctype>

#include "agents.hpp"
#include "audit.hpp"
#include "error.hpp"
#include "text.hpp"
#include "vocabulary.hpp"

namespace svc {

std::string normalize_phone(std::string_view flag, std::string_view phone) {
    std::string out;
    for (std::size_t i = 0; i < phone.size(); ++i) {
        const char c = phone[i];
        if (std::isdigit(static_cast<unsigned char>(c)))
            out += c;
        else if (c == '+' && out.empty())
            out += c;
        else if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.')
            continue;
        else
            fail(ErrorKind::usage, "{}: '{}' is not a phone number (digits, spaces, dashes, a leading +)", flag, phone);
    }
    const std::size_t digits = out.size() - (out.starts_with('+') ? 1 : 0);
    if (digits < 5 || digits > 20)
        fail(ErrorKind::usage, "{}: '{}' is not a phone number (5 to 20 digits)", flag, phone);
    // One customer, one number: a Chinese number written with its country code (+86,
    // 0086, or 86 before a mobile number) is kept as it is dialled at home, so
    // "+86 138-0000-1234", "008613800001234" and "13800001234" find the same customer.
    std::string_view national;
    if (out.starts_with("+86"))
        national = std::string_view(out).substr(3);
    else if (out.starts_with("0086"))
        national = std::string_view(out).substr(4);
    else if (out.size() == 13 && out.starts_with("861"))
        national = std::string_view(out).substr(2);
    if (national.size() == 11 && national.front() == '1') return std::string(national);
    if (national.size() >= 9 && national.size() <= 11 && national.front() != '0') return "0" + std::string(national);
    return out;
}

std::string checked_email(std::string_view flag, std::string_view email) {
    const std::string e = text::checked(flag, email, 254);
    const auto at = e.find('@');
    if (at == std::string::npos || at == 0 || e.find('.', at) == std::string::npos || e.back() == '.' ||
        e.find(' ') != std::string::npos)
        fail(ErrorKind::usage, "{}: '{}' is not an e-mail address", flag, email);
    return e;
}

namespace {

void check_tier(std::string_view tier) {
    if (!vocab::contains(vocab::tiers, tier))
        fail(ErrorKind::usage, "--tier: unknown tier '{}' (expected {})", tier, vocab::joined(vocab::tiers));
}

void check_unique(Context& ctx, const Customer& c) {
    if (c.phone) {
        auto other = ctx.store().people().find_customer_by_phone(*c.phone);
        if (other && other->id != c.id)
            fail(ErrorKind::conflict, "phone {} already belongs to customer {}", *c.phone, other->id);
    }
    if (c.ref) {
        auto other = ctx.store().people().find_customer_by_ref(*c.ref);
        if (other && other->id != c.id)
            fail(ErrorKind::conflict, "ref '{}' already belongs to customer {}", *c.ref, other->id);
    }
}

// A customer as the trail records it: contacts masked, so that the trail (which every agent
// may read) is no copy of the customers' phones.
json::Value customer_json(const Customer& c) {
    std::optional<std::string> phone, email;
    if (c.phone) phone = mask_phone(*c.phone);
    if (c.email) email = mask_email(*c.email);
    return json::Object{{"name", c.name}, {"phone", phone}, {"email", email},
                        {"tier", c.tier}, {"ref", c.ref},   {"no_survey", c.no_survey}};
}

}  // namespace

std::int64_t add_customer(Context& ctx, const NewCustomer& n) {
    const UnitOfWork unit(ctx);
    Customer c;
    c.name = text::checked("--name", n.name, text::k_max_name);
    if (n.phone) c.phone = normalize_phone("--phone", *n.phone);
    if (n.email) c.email = checked_email("--email", *n.email);
    if (n.tier) {
        check_tier(*n.tier);
        c.tier = *n.tier;
    }
    if (n.ref) c.ref = text::checked("--ref", *n.ref, 100);
    std::optional<std::string> note;
    if (n.note) note = text::checked("--note", *n.note, text::k_max_body);
    current_actor(ctx);
    check_unique(ctx, c);
    c.created_at = c.updated_at = ctx.now();
    c.id = ctx.store().people().insert_customer(c);
    record_audit(ctx, EventKind::customer_add, c.id, customer_json(c));
    if (note) ctx.store().people().insert_customer_note({0, c.id, ctx.now(), ctx.actor(), *note});
    return c.id;
}

Customer resolve_customer(Context& ctx, std::string_view key) {
    const std::string k = text::trim(key);
    if (k.empty()) fail(ErrorKind::usage, "customer: empty id, ref or phone");
    Store& store = ctx.store();
    const bool numeric = k.size() <= 12 && std::all_of(k.begin(), k.end(), [](char c) {
                             return std::isdigit(static_cast<unsigned char>(c));
                         });
    if (numeric) {
        if (auto c = store.people().find_customer_by_id(std::stoll(k))) return *c;
    }
    if (auto c = store.people().find_customer_by_ref(k)) return *c;
    bool phone_like = !k.empty();
    for (char ch : k)
        if (!(std::isdigit(static_cast<unsigned char>(ch)) || ch == '+' || ch == ' ' || ch == '-')) phone_like = false;
    if (phone_like) {
        try {
            if (auto c = store.people().find_customer_by_phone(normalize_phone("customer", k))) return *c;
        } catch (const Error&) {
            // not a phone number after all
        }
    }
    fail(ErrorKind::not_found, "customer '{}' not found (looked up as id, ref and phone)", k);
}

CustomerProfile customer_profile(Context& ctx, std::string_view key) {
    const ReadUnit unit(ctx);
    current_actor(ctx);
    Customer c = resolve_customer(ctx, key);
    TicketQuery q;
    q.customer_id = c.id;
    q.limit = 20;
    q.now = ctx.now();
    return {c, ctx.store().people().customer_notes(c.id),
            ctx.store().escalations().compensation_total(std::nullopt, c.id, std::nullopt),
            ctx.store().tickets().list_tickets(q), ctx.store().people().loss_in_force(c.id)};
}

std::int64_t record_customer_lost(Context& ctx, std::string_view key, std::string_view reason,
                                  std::optional<Instant> at) {
    const UnitOfWork unit(ctx);
    const std::string why = text::checked("--reason", reason, text::k_max_summary);
    current_actor(ctx);
    const Customer c = resolve_customer(ctx, key);
    const Instant lost_at = at.value_or(ctx.now());
    const Zone& zone = ctx.policy().zone;
    if (lost_at > ctx.now())
        fail(ErrorKind::usage, "--at: {} is later than now; record a loss once it happened",
             format_instant(lost_at, zone));
    if (lost_at < c.created_at)
        fail(ErrorKind::usage, "--at: {} is before customer {} was registered ({})", format_instant(lost_at, zone),
             c.id, format_instant(c.created_at, zone));
    if (const auto loss = ctx.store().people().loss_in_force(c.id))
        fail(ErrorKind::conflict, "customer {} is already recorded lost since {} ({}); svc customer returned {} first",
             c.id, format_instant(loss->lost_at, zone), loss->reason, c.id);
    CustomerLoss l;
    l.customer_id = c.id;
    l.lost_at = lost_at;
    l.reason = why;
    l.recorded_by = ctx.actor();
    l.recorded_at = ctx.now();
    l.id = ctx.store().people().insert_loss(l);
    record_audit(ctx, EventKind::customer_lost, c.id,
                 json::Object{{"loss", l.id}, {"lost_at", l.lost_at}, {"reason", l.reason}});
    return l.id;
}

void record_customer_returned(Context& ctx, std::string_view key) {
    const UnitOfWork unit(ctx);
    current_actor(ctx);
    const Customer c = resolve_customer(ctx, key);
    const auto loss = ctx.store().people().loss_in_force(c.id);
    if (!loss) fail(ErrorKind::conflict, "customer {} is not recorded lost", c.id);
    const Instant back = std::max(ctx.now(), loss->lost_at);
    ctx.store().people().end_loss(loss->id, back, ctx.actor());
    record_audit(ctx, EventKind::customer_returned, c.id, json::Object{{"loss", loss->id}, {"lost_at", loss->lost_at}});
}

std::vector<Customer> list_customers(Context& ctx, const CustomerFilter& filter) {
    if (filter.tier) check_tier(*filter.tier);
    current_actor(ctx);
    return ctx.store().people().list_customers(filter);
}

std::int64_t count_customers(Context& ctx, const CustomerFilter& filter) {
    current_actor(ctx);
    return ctx.store().people().count_customers(filter);
}

std::int64_t add_customer_note(Context& ctx, std::string_view key, std::string_view note) {
    const UnitOfWork unit(ctx);
    const std::string text = text::checked("TEXT", note, text::k_max_body);
    current_actor(ctx);
    const Customer c = resolve_customer(ctx, key);
    const std::int64_t id = ctx.store().people().insert_customer_note({0, c.id, ctx.now(), ctx.actor(), text});
    record_audit(ctx, EventKind::customer_note, c.id, json::Object{{"text", text}});
    return id;
}

Customer update_customer(Context& ctx, std::string_view key, const CustomerChanges& ch) {
    const UnitOfWork unit(ctx);
    // Validate every flag before touching anything.
    std::optional<std::string> name, phone, email, ref;
    if (ch.name) name = text::checked("--name", *ch.name, text::k_max_name);
    if (ch.phone && !ch.phone->empty()) phone = normalize_phone("--phone", *ch.phone);
    if (ch.email && !ch.email->empty()) email = checked_email("--email", *ch.email);
    if (ch.ref && !ch.ref->empty()) ref = text::checked("--ref", *ch.ref, 100);
    if (ch.tier) check_tier(*ch.tier);
    current_actor(ctx);
    Customer c = resolve_customer(ctx, key);
    const json::Value before = customer_json(c);
    // Contacts as read may be masked (PostgreSQL): one given is written unless it is the same.
    const ContactChange contacts{ch.phone && c.phone != phone, ch.email && c.email != email};
    if (name) c.name = *name;
    if (ch.phone) c.phone = phone;  // "" clears
    if (ch.email) c.email = email;
    if (ch.ref) c.ref = ref;
    if (ch.tier) c.tier = *ch.tier;
    if (ch.no_survey) c.no_survey = *ch.no_survey;
    check_unique(ctx, c);
    const json::Value after = customer_json(c);
    json::Object changes;
    for (std::size_t i = 0; i < before.as_object().size(); ++i) {
        const auto& [field, was] = before.as_object()[i];
        const json::Value& now = after.as_object()[i].second;
        // A new contact whose masked form is the old one's is still a change.
        const bool contact = (field == "phone" && contacts.phone) || (field == "email" && contacts.email);
        if (contact && json::dump(was) == json::dump(now))
            changes.emplace_back(field, json::Object{{"before", was}, {"after", now}});
        else
            note_change(changes, field, was, now);
    }
    if (changes.empty()) return c;
    c.updated_at = ctx.now();
    ctx.store().people().update_customer(c, contacts);
    record_audit(ctx, EventKind::customer_update, c.id, json::Value(std::move(changes)));
    return c;
}

std::string mask_phone(std::string_view phone) {
    if (phone.size() <= 7)
        return std::string(phone.size() > 2 ? phone.size() - 2 : 0, '*') +
               std::string(phone.substr(phone.size() > 2 ? phone.size() - 2 : 0));
    const std::size_t keep_head = 3, keep_tail = 4;
    return std::string(phone.substr(0, keep_head)) + std::string(phone.size() - keep_head - keep_tail, '*') +
           std::string(phone.substr(phone.size() - keep_tail));
}

std::string mask_email(std::string_view email) {
    const auto at = email.find('@');
    if (at == std::string_view::npos || at == 0) return "***";
    // Keep the first character whole, not its first byte (张***@example.cn).
    std::size_t first = text::utf8_sequence_length(email, 0);
    if (first == 0 || first > at) first = 1;
    return std::string(email.substr(0, first)) + "***" + std::string(email.substr(at));
}

std::string mask_name(std::string_view name) {
    const std::string trimmed = text::trim(name);
    if (trimmed.empty()) return "";
    const std::size_t first = std::max<std::size_t>(1, text::utf8_sequence_length(trimmed, 0));
    std::size_t others = 0;
    for (std::size_t i = first; i < trimmed.size();
         i += std::max<std::size_t>(1, text::utf8_sequence_length(trimmed, i)))
        if (trimmed[i] != ' ') ++others;
    return trimmed.substr(0, first) + std::string(std::clamp<std::size_t>(others, 1, 4), '*');
}

void record_reveal(Context& ctx, std::string_view what, std::optional<std::int64_t> customer_id) {
    const UnitOfWork unit(ctx);
    ctx.store().people().reveal_contacts(what);
    record_audit(ctx, EventKind::customer_reveal, customer_id, json::Object{{"what", what}});
}

}  // namespace svc
