#include "i18n.hpp"

#include <libintl.h>
#include <unistd.h>

#include <clocale>
#include <cstdlib>
#include <filesystem>

#include "io/files.hpp"

namespace svc {

namespace {

constexpr const char* k_domain = "svc";

// "zh_CN.UTF-8" → "zh_CN"; "zh" stays.
std::string language_name(std::string_view language) {
    return std::string(language.substr(0, language.find_first_of(".@")));
}

bool is_english(std::string_view language) {
    return language.empty() || language == "en" || language.starts_with("en_") || language == "C" ||
           language == "POSIX";
}

// The catalogue gettext would read for `language`: the full name, else the language alone
// (zh_CN → zh), as gettext falls back.
std::string catalogue_for(std::string_view language, const std::string& dir) {
    const std::string name = language_name(language);
    for (const std::string& candidate : {name, name.substr(0, name.find('_'))}) {
        const std::string file = dir + "/" + candidate + "/LC_MESSAGES/svc.mo";
        if (!candidate.empty() && access(file.c_str(), R_OK) == 0) return candidate;
    }
    // "zh" alone means the Simplified Chinese of the mainland, svc's one Chinese catalogue.
    if (name == "zh" && access((dir + "/zh_CN/LC_MESSAGES/svc.mo").c_str(), R_OK) == 0) return "zh_CN";
    return {};
}

}  // namespace

const char* tr(const char* message) {
    return dgettext(k_domain, message);
}

const char* tr_in(const char* context, const char* message) {
    // gettext's own encoding of a context: "context\004message".
    const std::string key = std::string(context) + '\004' + message;
    const char* translated = dgettext(k_domain, key.c_str());
    return translated == key.c_str() ? message : translated;
}

bool has_messages(std::string_view language, const std::string& dir) {
    return is_english(language) || !catalogue_for(language, dir).empty();
}

bool use_messages(std::string_view language, const std::string& dir) {
    if (is_english(language)) return false;
    const std::string catalogue = catalogue_for(language, dir);
    if (catalogue.empty()) return false;
    // gettext heeds LANGUAGE only when the messages locale is not "C"; C.UTF-8 is built into
    // the C library, so this works on a system without zh_CN.UTF-8 generated, and leaves
    // numbers, dates and collation alone.
    if (!std::setlocale(LC_MESSAGES, "C.UTF-8")) std::setlocale(LC_MESSAGES, "");
    setenv("LANGUAGE", catalogue.c_str(), 1);
    bindtextdomain(k_domain, dir.c_str());
    bind_textdomain_codeset(k_domain, "UTF-8");
    // The C library's own messages (strerror) in the same language, as UTF-8: the character
    // type stays C, whose ASCII would turn Chinese into question marks.
    bind_textdomain_codeset("libc", "UTF-8");
    return true;
}

std::string catalogue_dir() {
    const std::filesystem::path bin = io::own_directory();
    if (bin.empty()) return {};
    if (std::filesystem::is_directory(bin / "locale")) return (bin / "locale").string();
    return (bin.parent_path() / "share" / "locale").string();
}

}  // namespace svc
