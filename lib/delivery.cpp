#include "delivery.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.hpp"
#include "io/files.hpp"
#include "json/json.hpp"

namespace svc {

void require_trusted_notify_command(Context& ctx, const std::vector<std::string>& argv) {
    if (argv.empty()) return;
    const std::string& store = ctx.store().path();
    const unsigned owner = io::file_owner(store).value_or(::geteuid());
    for (std::size_t i = 0; i < argv.size(); ++i) {
        struct stat st {};
        // Arguments that are not files (flags, words, a URL) are the policy's own business.
        if (i > 0 && (argv[i].front() != '/' || ::stat(argv[i].c_str(), &st) != 0)) continue;
        if (i > 0 && !S_ISREG(st.st_mode)) continue;
        if (auto why = i == 0 ? io::untrusted_program(argv[i], owner) : io::untrusted_file(argv[i], owner))
            fail(ErrorKind::refused, "notify.command: {}: only root or the store's owner may control what it runs",
                 *why);
    }
}

std::string lease_holder(const Context& ctx) {
    char host[256] = "";
    if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
    return fmt::format("{}@{}:{}", ctx.actor(), host, ::getpid());
}

std::string with_delivery_id(std::string_view line, std::string_view id) {
    // The payloads are JSON objects svc wrote itself: the id goes in front of their keys.
    const std::string key = json::dump(json::Value(std::string(id)));
    if (line.size() < 2 || line.front() != '{') return std::string(line);
    std::string out = "{\"delivery_id\":" + key;
    if (line != "{}") out += ',';
    out.append(line.substr(1));
    return out;
}

}  // namespace svc
