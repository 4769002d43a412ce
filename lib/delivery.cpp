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

namespace {

// The payloads are JSON objects svc wrote itself: a member goes in front of their keys.
std::string with_first_member(std::string_view line, std::string_view key, const json::Value& value) {
    if (line.size() < 2 || line.front() != '{') return std::string(line);
    std::string out = "{" + json::dump(json::Value(std::string(key))) + ":" + json::dump(value);
    if (line != "{}") out += ',';
    out.append(line.substr(1));
    return out;
}

}  // namespace

std::string with_delivery_id(std::string_view line, std::string_view id) {
    return with_first_member(line, "delivery_id", json::Value(std::string(id)));
}

std::string with_on_duty(std::string_view line, const std::vector<std::string>& logins) {
    json::Array list;
    for (const std::string& login : logins) list.emplace_back(login);
    return with_first_member(line, "on_duty", json::Value(std::move(list)));
}

}  // namespace svc
