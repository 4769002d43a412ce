#include "io/mail.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <array>
#include <filesystem>

#include "error.hpp"
#include "io/files.hpp"
#include "io/html_text.hpp"

#ifndef SVC_MODULE_DIR
#define SVC_MODULE_DIR "lib/svc/modules"  // below the installation prefix
#endif

namespace svc::io {

namespace {

constexpr const char* k_module = "svc-mime.so";

// Beside the running binary (a build tree), else in lib/svc/modules of the prefix it is installed
// under (/usr/bin/svc → /usr/lib/svc/modules/svc-mime.so): found wherever the package or `cmake
// --install` put svc, and never from a place the binary's own location does not vouch for.
std::vector<std::string> module_places() {
    const std::filesystem::path bin = own_directory();
    if (bin.empty()) return {};
    return {(bin / k_module).string(), (bin.parent_path() / SVC_MODULE_DIR / k_module).string()};
}

ReadMailFunction load_reader() {
    std::string errors;
    for (const std::string& place : module_places()) {
        if (access(place.c_str(), R_OK) != 0) continue;
        void* handle = dlopen(place.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            errors += fmt::format("; {}", dlerror());
            continue;
        }
        // The module stays loaded for the life of the process.
        if (auto* reader = reinterpret_cast<ReadMailFunction>(dlsym(handle, k_read_mail_symbol))) return reader;
        errors += fmt::format("; {} has no {}", place, k_read_mail_symbol);
    }
    std::string places;
    for (const std::string& place : module_places()) places += (places.empty() ? "" : ", ") + place;
    fail(ErrorKind::internal, "reading mail needs {} (installed with svc, built with GMime){}", k_module,
         errors.empty() ? fmt::format(": not found at {}", places) : errors);
}

}  // namespace

Mail read_mail(std::string_view raw) {
    static const ReadMailFunction reader = load_reader();
    Mail mail;
    std::string error;
    if (!reader(raw, mail, error)) fail(ErrorKind::usage, "{}", error);
    if (mail.from_html) mail.text = html_to_text(mail.text);
    return mail;
}

}  // namespace svc::io
