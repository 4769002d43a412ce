#include "io/rows.hpp"

#include "error.hpp"
#include "io/csv.hpp"

#include <fmt/format.h>

#include <charconv>

namespace svc {

ImportFormat detect_import_format(std::string_view name, std::string_view text) {
    if (name.ends_with(".csv")) return ImportFormat::csv;
    if (name.ends_with(".jsonl") || name.ends_with(".json") || name.ends_with(".ndjson")) return ImportFormat::jsonl;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        return c == '{' ? ImportFormat::jsonl : ImportFormat::csv;
    }
    return ImportFormat::jsonl;
}

namespace io {

const json::Value* Row::get(std::string_view key) const {
    const json::Value* v = m_object.find(key);
    if (!v || v->is_null()) return nullptr;
    if (v->is_string() && v->as_string().empty()) return nullptr;
    return v;
}

std::optional<std::string> Row::text(std::string_view key) const {
    const json::Value* v = get(key);
    if (!v) return std::nullopt;
    if (!v->is_string()) fail(ErrorKind::usage, "{}: expected a string, got {}", key, v->type_name());
    return v->as_string();
}

std::string Row::required(std::string_view key) const {
    auto v = text(key);
    if (!v) fail(ErrorKind::usage, "{}: missing", key);
    return *v;
}

std::optional<std::int64_t> Row::integer(std::string_view key) const {
    const json::Value* v = get(key);
    if (!v) return std::nullopt;
    if (v->is_integer()) return v->as_integer();
    if (!m_typed && v->is_string()) {
        const std::string& s = v->as_string();
        std::int64_t n = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        if (ec == std::errc() && p == s.data() + s.size()) return n;
    }
    fail(ErrorKind::usage, "{}: expected an integer, got {}", key,
         v->is_string() ? "'" + v->as_string() + "'" : v->type_name());
}

std::optional<Instant> Row::instant(std::string_view key, const Zone& zone, Instant now) const {
    auto v = text(key);
    if (!v) return std::nullopt;
    try {
        return parse_instant(*v, zone, now);
    } catch (const Error& e) {
        fail(ErrorKind::usage, "{}: {}", key, e.what());
    }
}

namespace {

void read_jsonl(std::string_view text, const std::function<void(std::size_t, const Row&)>& take,
                std::vector<ImportProblem>& problems) {
    std::size_t line = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        ++line;
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view l = text.substr(pos, end - pos);
        pos = end + 1;
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        if (l.find_first_not_of(" \t") == std::string_view::npos) continue;
        json::Value value;
        try {
            value = json::parse(l);
        } catch (const Error& e) {
            problems.push_back({line, e.what()});
            continue;
        }
        if (!value.is_object()) {
            problems.push_back({line, "expected a JSON object per line"});
            continue;
        }
        take(line, Row(std::move(value), true));
    }
}

}  // namespace

bool read_rows(std::string_view input, ImportFormat format, const std::function<void(std::size_t, const Row&)>& take,
               std::vector<ImportProblem>& problems) {
    if (format == ImportFormat::jsonl) {
        read_jsonl(input, take, problems);
        return true;
    }
    csv::Reader reader(input);
    std::vector<std::string> header;
    try {
        if (auto first = reader.next()) header = first->fields;
        while (auto rec = reader.next()) {
            if (rec->fields.size() != header.size()) {
                problems.push_back({rec->line, fmt::format("expected {} fields as in the header, found {}",
                                                           header.size(), rec->fields.size())});
                continue;
            }
            json::Object obj;
            for (std::size_t i = 0; i < header.size(); ++i)
                obj.emplace_back(header[i], json::Value(csv::unneutralise(rec->fields[i])));
            take(rec->line, Row(json::Value(std::move(obj)), false));
        }
    } catch (const Error& e) {
        // Broken quoting leaves the rest of the file unreadable.
        if (e.kind() != ErrorKind::usage) throw;
        problems.push_back({0, e.what()});
        return false;
    }
    return true;
}

void refuse_file(const std::vector<ImportProblem>& problems, std::string_view source) {
    std::string list;
    for (const auto& p : problems)
        list += p.line ? fmt::format("\n  {}:{}: {}", source, p.line, p.message) : fmt::format("\n  {}: {}", source, p.message);
    fail(ErrorKind::usage, "{} invalid line{} in {}; nothing imported:{}", problems.size(),
         problems.size() == 1 ? "" : "s", source, list);
}

}  // namespace io
}  // namespace svc
