#pragma once
// Messages in the user's language through gettext (text domain "svc", catalogues in
// share/po). Until main chooses a language every function here returns the English text, so
// the library, its tests and machine formats (field names, enum values, JSON) stay English;
// only what people read — help, errors, warnings, table headings, reports — is translated.
//
// The catalogue is process-wide, as gettext's is: chosen once in main before any command
// runs, read-only after that.
#include <fmt/format.h>

#include <string>
#include <string_view>

namespace svc {

// Marks a message for the catalogue where it is not translated yet (an array of texts
// translated when shown).
#define N_(message) message

// The translation of `message` (a NUL-terminated literal), or `message` itself.
const char* tr(const char* message);
// The same in a context: the word a field name is as a column heading ("heading").
const char* tr_in(const char* context, const char* message);

// Formats a translated fmt format string; the English one when there is no translation or
// the translation does not fit the arguments (a catalogue must never break a message).
template <typename... Args>
std::string trf(fmt::format_string<Args...> format, Args&&... args) {
    const fmt::string_view english = format;  // a literal: NUL-terminated
    if (const char* translated = tr(english.data()); translated != english.data()) {
        try {
            return fmt::vformat(translated, fmt::make_format_args(args...));
        } catch (const fmt::format_error&) {
        }
    }
    return fmt::format(format, std::forward<Args>(args)...);
}

// The language gettext would pick from the environment: LC_ALL, else LC_MESSAGES, else LANG
// decides; "C", "POSIX" or none means English; otherwise the first of LANGUAGE's list when
// set, else that locale ("zh_CN.UTF-8" → "zh_CN"). `env` reads a variable ("" when unset).
template <typename Env>
std::string language_from_environment(Env env) {
    std::string locale;
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"})
        if (locale = env(name); !locale.empty()) break;
    if (locale.empty() || locale == "C" || locale == "POSIX" || locale.starts_with("C.")) return "en";
    std::string language = env("LANGUAGE");
    language = language.empty() ? locale : language.substr(0, language.find(':'));
    return language.substr(0, language.find_first_of(".@"));
}

// Whether svc has messages in `language` ("en", "zh", "zh_CN", "zh_CN.UTF-8"…): English
// always, others when their catalogue is installed in `catalogue_dir`.
bool has_messages(std::string_view language, const std::string& catalogue_dir);

// Makes the messages `language`'s, read from `catalogue_dir` (<dir>/<lang>/LC_MESSAGES/svc.mo).
// English needs no catalogue. True when messages are translated from now on. Works whether or not the system has the
// locale generated: the locale's other categories (numbers, collation) stay C, so output for scripts never changes.
bool use_messages(std::string_view language, const std::string& catalogue_dir);

// Where the catalogues are for the running binary: <dir of svc>/locale in a build tree, else
// <dir of svc>/../share/locale (installed, any prefix).
std::string catalogue_dir();

}  // namespace svc
