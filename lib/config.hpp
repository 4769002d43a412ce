#pragma once
// The per-person user config (optional): default store path, busy timeout, output format,
// display zone and colour. Every key is optional; unknown keys are refused with their line.
#include <optional>
#include <string>
#include <string_view>

#include "time/instant.hpp"

namespace svc {

struct UserConfig {
    std::optional<std::string> store_path;
    Seconds busy_timeout = 5;
    std::optional<std::string> format;
    std::optional<std::string> zone;
    std::optional<std::string> color;  // auto | always | never
};

// Throws Error(usage) with "file:line:column: what" on any mistake.
UserConfig parse_user_config(std::string_view text, std::string_view source);

}  // namespace svc
