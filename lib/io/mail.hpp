#pragma once
// An Internet mail (RFC 5322, MIME) read into what a ticket needs: the sender, the subject,
// the ids that thread it, whether a machine sent it, its text in UTF-8 and its attachments.
// The MIME parsing is GMime's, in a module (svc-mime.so) loaded by the first mail read: its
// libraries (GLib, GObject, GIO) would otherwise be loaded by every command at start-up.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svc::io {

struct MailAttachment {
    std::string name;     // as the mail names it (decoded), or "" when it gives none
    std::string type;     // "application/pdf"
    std::string sha256;   // of the decoded content, in hex
    std::string content;  // decoded (base64, quoted-printable undone)
};

struct Mail {
    std::string from_name, from_address;  // the first From mailbox; the name decoded
    std::string subject;                  // decoded (RFC 2047) to UTF-8
    std::string message_id;               // without the angle brackets; "" when absent
    // The ids this mail answers, nearest first: In-Reply-To, then References newest first.
    std::vector<std::string> answers;
    std::optional<std::int64_t> date;  // the Date header, seconds since the epoch
    // Why a machine sent it (Auto-Submitted, Precedence, a delivery report…); "" for a person.
    std::string automatic;
    std::string text;        // the readable text, UTF-8 (from HTML when that is all it has), line ends as sent
    bool from_html = false;  // the text was made from an HTML part
    std::vector<MailAttachment> attachments;
};

// Reads one mail; Error(usage) saying why when `raw` is not a mail (no header, no sender),
// Error(internal) when the module cannot be loaded.
Mail read_mail(std::string_view raw);

// What the module exports: fills `mail` and returns true, or sets `error` and returns false.
// The module is built with svc, by the same compiler, so C++ types cross the boundary.
using ReadMailFunction = bool (*)(std::string_view raw, Mail& mail, std::string& error);
inline constexpr const char* k_read_mail_symbol = "svc_read_mail";

}  // namespace svc::io
