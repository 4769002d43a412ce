#include "config.hpp"

#include <toml++/toml.h>

#include "error.hpp"
#include "render/render.hpp"

namespace svc {

namespace {
[[noreturn]] void bad(std::string_view source, const toml::source_region& where, const std::string& what) {
    fail(ErrorKind::usage, "{}:{}:{}: {}", source, where.begin.line, where.begin.column, what);
}
}  // namespace

UserConfig parse_user_config(std::string_view text, std::string_view source) {
    toml::table root;
    try {
        root = toml::parse(text, source);
    } catch (const toml::parse_error& e) {
        bad(source, e.source(), std::string(e.description()));
    }
    UserConfig c;
    auto string_at = [&](const toml::node& n, std::string_view key) {
        if (!n.is_string()) bad(source, n.source(), fmt::format("'{}' must be a string", key));
        return *n.value<std::string>();
    };
    for (auto&& [key, node] : root) {
        const toml::table* t = node.as_table();
        if (!t || (key.str() != "store" && key.str() != "output"))
            bad(source, node.source(),
                fmt::format("unknown key '{}' (expected the tables [store] and [output])", key.str()));
        for (auto&& [k, v] : *t) {
            const std::string name = std::string(key.str()) + "." + std::string(k.str());
            if (name == "store.path") {
                c.store_path = string_at(v, name);
            } else if (name == "store.busy_timeout") {
                const std::string d = string_at(v, name);
                try {
                    c.busy_timeout = parse_duration(d);
                } catch (const Error& e) {
                    bad(source, v.source(), fmt::format("'{}': {}", name, e.what()));
                }
            } else if (name == "output.format") {
                c.format = string_at(v, name);
                if (!render::parse_format(*c.format))
                    bad(source, v.source(), fmt::format("'{}' must be one of {}", name, render::k_format_names));
            } else if (name == "output.zone") {
                c.zone = string_at(v, name);
                try {
                    Zone::named(*c.zone);
                } catch (const Error& e) {
                    bad(source, v.source(), e.what());
                }
            } else if (name == "output.color") {
                c.color = string_at(v, name);
                if (*c.color != "auto" && *c.color != "always" && *c.color != "never")
                    bad(source, v.source(), fmt::format("'{}' must be auto, always or never", name));
            } else {
                bad(source, v.source(),
                    fmt::format("unknown key '{}' (expected store.path, store.busy_timeout, "
                                "output.format, output.zone, output.color)",
                                name));
            }
        }
    }
    return c;
}

}  // namespace svc
