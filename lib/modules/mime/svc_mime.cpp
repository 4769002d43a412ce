// svc-mime.so: GMime reads a mail for svc (io/mail.hpp). A module, loaded when svc first
// reads a mail, so that GLib and its companions load only then. It returns the HTML of a
// mail that has no plain text as it is; svc makes it readable (io/html_text.hpp).
#include <gmime/gmime.h>

#include <cstring>
#include <memory>
#include <string>

#include "io/mail.hpp"

namespace {

using svc::io::Mail;
using svc::io::MailAttachment;

template <typename T>
struct GObjectUnref {
    void operator()(T* p) const {
        if (p) g_object_unref(p);
    }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref<T>>;

struct GFree {
    void operator()(void* p) const { g_free(p); }
};
using GString_ = std::unique_ptr<char, GFree>;

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(g_ascii_tolower(c));
    return s;
}

std::string header(GMimeObject* object, const char* name) {
    const char* value = g_mime_object_get_header(object, name);
    return value ? std::string(value) : std::string();
}

// The decoded bytes of a part's content (transfer encoding undone).
std::string content_bytes(GMimePart* part) {
    GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
    if (!wrapper) return {};
    GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(wrapper, stream.get());
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

bool converted(const std::string& bytes, const char* from, std::string& out) {
    gsize written = 0;
    GError* error = nullptr;
    GString_ text(g_convert(bytes.data(), static_cast<gssize>(bytes.size()), "UTF-8", from, nullptr, &written, &error));
    if (error) {
        g_error_free(error);
        return false;
    }
    out.assign(text.get(), written);
    return true;
}

// Text in `charset` as UTF-8. GB2312 and GBK are read as GB18030, which contains both:
// mail labelled GB2312 often holds GBK characters. Text with no charset, or one that is
// wrong, is UTF-8 when it is valid UTF-8, else most likely GB18030 here; what still fails
// keeps its valid parts.
std::string utf8_text(const std::string& bytes, std::string charset) {
    charset = lower(charset);
    if (charset == "gb2312" || charset == "gbk" || charset == "x-gbk" || charset == "euc-cn" || charset == "cp936" ||
        charset == "gb_2312-80")
        charset = "gb18030";
    std::string out;
    if (!charset.empty() && charset != "utf-8" && charset != "us-ascii" && converted(bytes, charset.c_str(), out))
        return out;
    if (g_utf8_validate(bytes.data(), static_cast<gssize>(bytes.size()), nullptr)) return bytes;
    if (converted(bytes, "GB18030", out)) return out;
    GString_ valid(g_utf8_make_valid(bytes.data(), static_cast<gssize>(bytes.size())));
    return valid.get();
}

std::string sha256_hex(const std::string& bytes) {
    GString_ sum(
        g_compute_checksum_for_data(G_CHECKSUM_SHA256, reinterpret_cast<const guchar*>(bytes.data()), bytes.size()));
    return sum.get();
}

std::string mime_type(GMimeObject* object) {
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (!type) return "application/octet-stream";
    GString_ name(g_mime_content_type_get_mime_type(type));
    return lower(name.get());
}

struct Walk {
    Mail& mail;
    std::string plain, html;
    bool have_plain = false, have_html = false;
};

void add_attachment(Walk& w, std::string name, std::string type, std::string content) {
    MailAttachment a;
    a.name = std::move(name);
    a.type = std::move(type);
    a.sha256 = sha256_hex(content);
    a.content = std::move(content);
    w.mail.attachments.push_back(std::move(a));
}

void walk(Walk& w, GMimeObject* object);

// multipart/alternative: the plain text when there is one, else the HTML, else the last.
GMimeObject* best_alternative(GMimeMultipart* multipart) {
    const int n = g_mime_multipart_get_count(multipart);
    GMimeObject* html = nullptr;
    for (int i = 0; i < n; ++i) {
        GMimeObject* part = g_mime_multipart_get_part(multipart, i);
        GMimeContentType* type = g_mime_object_get_content_type(part);
        if (g_mime_content_type_is_type(type, "text", "plain")) return part;
        if (g_mime_content_type_is_type(type, "text", "html")) html = part;
    }
    if (html) return html;
    return n > 0 ? g_mime_multipart_get_part(multipart, n - 1) : nullptr;
}

void walk(Walk& w, GMimeObject* object) {
    if (!object) return;
    if (GMIME_IS_MULTIPART(object)) {
        GMimeMultipart* multipart = GMIME_MULTIPART(object);
        GMimeContentType* type = g_mime_object_get_content_type(object);
        if (g_mime_content_type_is_type(type, "multipart", "alternative")) {
            walk(w, best_alternative(multipart));
            return;
        }
        const int n = g_mime_multipart_get_count(multipart);
        for (int i = 0; i < n; ++i) walk(w, g_mime_multipart_get_part(multipart, i));
        return;
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
        // A forwarded mail: kept whole, as an attachment.
        GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
        if (!inner) return;
        GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
        g_mime_object_write_to_stream(GMIME_OBJECT(inner), nullptr, stream.get());
        GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
        const char* subject = g_mime_message_get_subject(inner);
        add_attachment(w, std::string(subject ? subject : "message") + ".eml", "message/rfc822",
                       std::string(reinterpret_cast<const char*>(bytes->data), bytes->len));
        return;
    }
    if (!GMIME_IS_PART(object)) return;
    GMimePart* part = GMIME_PART(object);
    GMimeContentType* type = g_mime_object_get_content_type(object);
    GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(object);
    const bool attached = disposition && g_mime_content_disposition_is_attachment(disposition);
    const char* filename = g_mime_part_get_filename(part);
    const bool plain = g_mime_content_type_is_type(type, "text", "plain");
    const bool html = g_mime_content_type_is_type(type, "text", "html");
    if (!attached && !filename && (plain || html)) {
        const char* charset = g_mime_content_type_get_parameter(type, "charset");
        std::string text = utf8_text(content_bytes(part), charset ? charset : "");
        // Several text parts (a mail with an inline note between attachments) are joined.
        std::string& into = plain ? w.plain : w.html;
        if (!into.empty()) into += "\n\n";
        into += text;
        (plain ? w.have_plain : w.have_html) = true;
        return;
    }
    add_attachment(w, filename ? filename : "", mime_type(object), content_bytes(part));
}

// Why a machine sent the mail (RFC 3834 and the habits of autoresponders), or "".
std::string automatic_reason(GMimeMessage* message, const Mail& mail) {
    GMimeObject* object = GMIME_OBJECT(message);
    const std::string auto_submitted = lower(header(object, "Auto-Submitted"));
    if (!auto_submitted.empty() && auto_submitted.rfind("no", 0) != 0)
        return "Auto-Submitted: " + header(object, "Auto-Submitted");
    const std::string precedence = lower(header(object, "Precedence"));
    if (precedence == "bulk" || precedence == "junk" || precedence == "list" || precedence == "auto_reply")
        return "Precedence: " + header(object, "Precedence");
    for (const char* name : {"X-Autoreply", "X-Autorespond", "X-Autoresponder"})
        if (g_mime_object_get_header(object, name)) return std::string(name) + " header";
    GMimeObject* body = g_mime_message_get_mime_part(message);
    if (body && g_mime_content_type_is_type(g_mime_object_get_content_type(body), "multipart", "report"))
        return "a delivery or read report (multipart/report)";
    const std::string from = lower(mail.from_address);
    if (from.rfind("mailer-daemon@", 0) == 0) return "sent by " + mail.from_address;
    return "";
}

void add_ids(GMimeParserOptions* options, const std::string& value, std::vector<std::string>& out, bool newest_first) {
    if (value.empty()) return;
    GMimeReferences* refs = g_mime_references_parse(options, value.c_str());
    if (!refs) return;
    const int n = g_mime_references_length(refs);
    for (int k = 0; k < n; ++k) {
        const char* id = g_mime_references_get_message_id(refs, newest_first ? n - 1 - k : k);
        if (!id || !*id) continue;
        bool seen = false;
        for (const std::string& have : out) seen = seen || have == id;
        if (!seen) out.emplace_back(id);
    }
    g_mime_references_free(refs);
}

void first_mailbox(InternetAddressList* list, Mail& mail) {
    if (!list) return;
    const int n = internet_address_list_length(list);
    for (int i = 0; i < n && mail.from_address.empty(); ++i) {
        InternetAddress* address = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_GROUP(address)) {
            first_mailbox(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), mail);
        } else if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
            const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address));
            if (!addr || !std::strchr(addr, '@')) continue;
            mail.from_address = addr;
            const char* name = internet_address_get_name(address);
            if (name) mail.from_name = name;
        }
    }
}

}  // namespace

extern "C" __attribute__((visibility("default"))) bool svc_read_mail(std::string_view raw, Mail& mail,
                                                                     std::string& error) {
    static const bool initialised = (g_mime_init(), true);
    (void)initialised;
    // A leading mbox separator ("From sender date"), as some MTAs hand a mail to a pipe.
    if (raw.starts_with("From ")) {
        const std::size_t end = raw.find('\n');
        raw.remove_prefix(end == std::string_view::npos ? raw.size() : end + 1);
    }
    if (raw.empty() || raw.front() == '\n' || raw.starts_with("\r\n") ||
        raw.find(':') > std::min(raw.find('\n'), std::size_t{998})) {
        error = "stdin is not a mail: it does not begin with a header (Name: value)";
        return false;
    }
    GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
    GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    GMimeParserOptions* options = g_mime_parser_options_new();
    const char* fallback[] = {"utf-8", "gb18030", nullptr};
    g_mime_parser_options_set_fallback_charsets(options, fallback);
    GObjectPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options));
    if (!message || g_mime_header_list_get_count(g_mime_object_get_header_list(GMIME_OBJECT(message.get()))) == 0) {
        g_mime_parser_options_free(options);
        error = "stdin is not a mail: no header could be read";
        return false;
    }
    first_mailbox(g_mime_message_get_from(message.get()), mail);
    if (mail.from_address.empty()) first_mailbox(g_mime_message_get_sender(message.get()), mail);
    if (mail.from_address.empty()) {
        g_mime_parser_options_free(options);
        error = "the mail has no sender: its From header names no address";
        return false;
    }
    if (const char* subject = g_mime_message_get_subject(message.get())) mail.subject = subject;
    if (const char* id = g_mime_message_get_message_id(message.get())) mail.message_id = id;
    add_ids(options, header(GMIME_OBJECT(message.get()), "In-Reply-To"), mail.answers, false);
    add_ids(options, header(GMIME_OBJECT(message.get()), "References"), mail.answers, true);
    if (GDateTime* date = g_mime_message_get_date(message.get())) mail.date = g_date_time_to_unix(date);
    mail.automatic = automatic_reason(message.get(), mail);

    Walk w{mail, {}, {}};
    walk(w, g_mime_message_get_mime_part(message.get()));
    if (w.have_plain) {
        mail.text = std::move(w.plain);
    } else if (w.have_html) {
        mail.text = std::move(w.html);
        mail.from_html = true;
    }
    g_mime_parser_options_free(options);
    return true;
}
