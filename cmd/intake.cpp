// svc ticket intake: one message on stdin (a mail from the MTA, a bridge's JSON) becomes a
// ticket or a customer message on the ticket it answers (lib/intake).
#include "intake.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "cli.hpp"
#include "error.hpp"
#include "io/files.hpp"
#include "io/mail.hpp"
#include "text.hpp"
#include "tickets.hpp"
#include "vocabulary.hpp"

namespace svc::cli {

namespace {

struct IntakeOptions {
    std::string format = "email";
    std::optional<std::string> attachments, max_size, kind, category, priority;
};

constexpr std::size_t k_default_max_size = 25 * 1024 * 1024;
// sysexits.h's EX_TEMPFAIL: a mail server keeps the message and delivers it again later.
constexpr int k_try_again = 75;

// "25M", "512K", "1G", "30000" (bytes); Error(usage) naming the flag.
std::size_t parse_size(std::string_view flag, std::string_view value) {
    std::size_t digits = 0;
    while (digits < value.size() && value[digits] >= '0' && value[digits] <= '9') ++digits;
    std::string unit = text::ascii_lower(value.substr(digits));
    if (unit.ends_with("ib")) unit.erase(unit.size() - 2);
    if (unit.ends_with('b') && unit.size() == 2) unit.pop_back();
    const std::size_t scale = unit.empty() || unit == "b" ? 1
                              : unit == "k"               ? 1024
                              : unit == "m"               ? 1024 * 1024
                              : unit == "g"               ? 1024 * 1024 * 1024
                                                          : 0;
    if (digits == 0 || digits > 12 || scale == 0)
        fail(ErrorKind::usage, "{}: '{}' is not a size (such as 25M, 512K or 30000 bytes)", flag, value);
    const std::size_t n = std::stoull(std::string(value.substr(0, digits)));
    if (n == 0) fail(ErrorKind::usage, "{}: a size of 0 takes no message in", flag);
    return n * scale;
}

// A file name from a mail, safe to create in DIR: no directories, no leading dot, no
// control characters, not too long.
std::string safe_file_name(std::string_view name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        if (c < 0x20 || c == 0x7F || c == '/' || c == '\\') {
            out += '_';
            continue;
        }
        out += static_cast<char>(c);
    }
    while (!out.empty() && (out.front() == '.' || out.front() == ' ')) out.erase(0, 1);
    if (out.size() > 120) out = text::truncate_to_width(out, 60);
    return out.empty() ? "attachment" : out;
}

// Saves each attachment as DIR/<first 16 of its sha256>-<name>, before anything is written
// to the store: the same content is the same file, so a redelivered mail saves nothing new,
// and a failed intake leaves only files that a retry writes again.
void save_attachments(const std::string& dir, const io::Mail& mail, InboundMessage& m) {
    if (mkdir(dir.c_str(), 0750) != 0 && errno != EEXIST)
        fail(ErrorKind::usage, "--attachments: cannot create {}: {}", dir, std::strerror(errno));
    for (std::size_t i = 0; i < mail.attachments.size(); ++i) {
        const io::MailAttachment& a = mail.attachments[i];
        const std::string path = fmt::format("{}/{}-{}", dir, a.sha256.substr(0, 16), safe_file_name(a.name));
        if (auto error = io::write_atomically(path, a.content))
            fail(ErrorKind::usage, "--attachments: cannot write {}: {}", path, *error);
        m.attachments[i].saved = path;
    }
}

int take_in_reported(const IntakeOptions& o, Session& s);

// A store that cannot be written now (busy, unreachable, full) or a mail reader that cannot
// be loaded is not the message's fault: exit 75, so that the mail server or the bridge
// keeps the message and delivers it again, rather than bouncing or losing it.
int run_intake(const IntakeOptions& o, Session& s) {
    try {
        return take_in_reported(o, s);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::storage && e.kind() != ErrorKind::internal) throw;
        s.warn(trf("{} (exit {}: deliver the message again later)", e.what(), k_try_again));
        return k_try_again;
    }
}

int take_in_reported(const IntakeOptions& o, Session& s) {
    if (o.format != "email" && o.format != "json")
        fail(ErrorKind::usage, "--format: unknown value '{}' (expected email|json: the format of the message on stdin)",
             o.format);
    if (o.attachments && o.format != "email")
        fail(ErrorKind::usage, "--attachments: only for --format email (a bridge's message carries none)");
    if (o.kind && !vocab::contains(vocab::kinds, *o.kind))
        fail(ErrorKind::usage, "--kind: unknown value '{}' (expected {})", *o.kind, vocab::joined(vocab::kinds));
    if (o.priority && !vocab::contains(vocab::priorities, *o.priority))
        fail(ErrorKind::usage, "--priority: unknown value '{}' (expected {})", *o.priority,
             vocab::joined(vocab::priorities));
    const std::size_t limit = o.max_size ? parse_size("--max-size", *o.max_size) : k_default_max_size;
    const auto raw = io::read_whole(stdin, limit);
    if (!raw) fail(ErrorKind::usage, "stdin: the message is larger than --max-size ({} bytes)", limit);
    if (raw->empty()) fail(ErrorKind::usage, "stdin: no message (it is empty)");

    InboundMessage m;
    if (o.format == "email") {
        const io::Mail mail = io::read_mail(*raw);
        if (auto why = mail_loop(s.policy(), mail)) {
            s.warn(trf("mail from {} dropped, not made a ticket: {}", mail.from_address, *why));
            return 0;
        }
        m = message_from_mail(mail);
        if (o.attachments) save_attachments(*o.attachments, mail, m);
    } else {
        m = message_from_json(*raw, s.policy().zone, s.now());
    }
    if (!m.kind) m.kind = o.kind;
    if (!m.category) m.category = o.category;
    if (!m.priority) m.priority = o.priority;

    const IntakeResult r = take_in(s.context(), m);
    switch (r.outcome) {
        case IntakeOutcome::opened:
            s.info(trf("ticket {} opened for customer {}{}{}", r.ticket, r.customer,
                       r.customer_created ? " (registered now)" : "",
                       r.follows ? fmt::format(", related to closed ticket {}", *r.follows) : ""));
            if (r.routed_to) s.info(trf("ticket {} routed to {}: {}", r.ticket, *r.routed_to, *r.route));
            break;
        case IntakeOutcome::added:
            s.info(trf("message added to ticket {}", r.ticket));
            break;
        case IntakeOutcome::reopened:
            s.info(trf("ticket {} reopened: the customer wrote again", r.ticket));
            break;
        case IntakeOutcome::duplicate:
            s.info(trf("already taken in (ticket {}): {} was seen before; nothing changed", r.ticket,
                       m.external_id.value_or("")));
            break;
    }
    if (r.risk_keyword)
        s.warn(trf("ticket {} mentions '{}', a risk keyword: the sweep escalates it", r.ticket, *r.risk_keyword));
    s.print_id(r.ticket);
    return 0;
}

}  // namespace

void add_intake_command(CLI::App* noun, Dispatch& d) {
    auto o = std::make_shared<IntakeOptions>();
    CLI::App* verb = noun->add_subcommand(
        "intake",
        "Take in one message from stdin (a mail, a bridge's JSON): a new ticket or a reply; prints its number");
    verb->add_option("--format", o->format,
                     "The message on stdin: email (RFC 5322, as an MTA pipes it; the default) or json (one object "
                     "from a chat or message bridge)");
    optional_flag(verb, "--attachments", o->attachments,
                  "Save a mail's attachments in this directory (as SHA256PREFIX-NAME); they are listed either way");
    optional_flag(verb, "--max-size", o->max_size, "Refuse a message larger than this (default 25M)");
    optional_flag(verb, "--kind", o->kind,
                  "A new ticket's kind: " + vocab::joined(vocab::kinds) + " (default inquiry)");
    optional_flag(verb, "--category", o->category, "A new ticket's category");
    optional_flag(verb, "--priority", o->priority,
                  "A new ticket's priority: " + vocab::joined(vocab::priorities) + " (default normal)");
    examples(
        verb,
        "  svc ticket intake < mail.eml\n"
        "  svc --as kefu ticket intake --attachments /var/lib/svc/attachments   # from Postfix or procmail\n"
        "  echo '{\"channel\":\"chat\",\"source\":\"wecom\",\"external_id\":\"m1\",\"customer\":{\"name\":\"李娜\","
        "\"phone\":\"13900002222\"},\"text\":\"快递还没到\"}' | svc ticket intake --format json");
    d.on(verb, [o](Session& s) { return run_intake(*o, s); });
}

}  // namespace svc::cli
