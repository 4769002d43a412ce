#include "io/rows.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "error.hpp"
#include "io/csv.hpp"
#include "text.hpp"

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

bool listed(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// What is wrong with a set of column names, or nothing.
std::optional<std::string> column_problem(const std::vector<std::string_view>& names, const Columns& columns) {
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(i), names[i]) !=
            names.begin() + static_cast<std::ptrdiff_t>(i))
            return fmt::format("column '{}' appears twice", names[i]);
        if (std::find(columns.known.begin(), columns.known.end(), names[i]) == columns.known.end() &&
            !listed(columns.ignored, names[i])) {
            std::string known;
            for (std::string_view k : columns.known) known += (known.empty() ? "" : ", ") + std::string(k);
            return fmt::format("unknown column '{}' (known: {}; --ignore-column {} drops it)", names[i], known,
                               names[i]);
        }
    }
    return std::nullopt;
}

void read_jsonl(std::string_view text, std::size_t first_line, const Columns& columns,
                const std::function<void(std::size_t, const Row&)>& take, std::vector<ImportProblem>& problems) {
    std::size_t line = first_line - 1;
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
        json::Object& members = value.as_object();
        std::vector<std::string_view> keys;
        for (const auto& [key, v] : members) keys.push_back(key);
        if (auto why = column_problem(keys, columns)) {
            problems.push_back({line, *why});
            continue;
        }
        std::erase_if(members, [&](const auto& m) { return listed(columns.ignored, m.first); });
        take(line, Row(std::move(value), true));
    }
}

// The rows of one block that starts where a row starts, on line `first_line`. A CSV
// header, once read, is kept in `header` for the blocks after it.
bool read_block(std::string_view input, ImportFormat format, std::size_t first_line, const Columns& columns,
                std::optional<std::vector<std::string>>& header,
                const std::function<void(std::size_t, const Row&)>& take, std::vector<ImportProblem>& problems) {
    if (format == ImportFormat::jsonl) {
        read_jsonl(input, first_line, columns, take, problems);
        return true;
    }
    csv::Reader reader(input, first_line);
    try {
        if (!header) {
            auto first = reader.next();
            if (!first) return true;
            header = first->fields;
            // A header with a problem leaves every row unreadable: the file is refused.
            if (auto why = column_problem({header->begin(), header->end()}, columns)) {
                problems.push_back({first->line, "header: " + *why});
                return false;
            }
        }
        while (auto rec = reader.next()) {
            if (rec->fields.size() != header->size()) {
                problems.push_back({rec->line, fmt::format("expected {} fields as in the header, found {}",
                                                           header->size(), rec->fields.size())});
                continue;
            }
            json::Object obj;
            for (std::size_t i = 0; i < header->size(); ++i)
                if (!listed(columns.ignored, (*header)[i]))
                    obj.emplace_back((*header)[i], json::Value(csv::unneutralise(rec->fields[i])));
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

// Where the last whole row of `text` ends (its line end), or npos when no row ends in it.
std::size_t last_row_end(std::string_view text, ImportFormat format) {
    if (format == ImportFormat::jsonl) return text.rfind('\n');
    std::size_t end = std::string_view::npos;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '"')
            quoted = !quoted;
        else if (text[i] == '\n' && !quoted)
            end = i;
    }
    return end;
}

constexpr std::size_t k_block = 4 << 20;

}  // namespace

bool read_rows(std::string_view input, ImportFormat format, const Columns& columns,
               const std::function<void(std::size_t, const Row&)>& take, std::vector<ImportProblem>& problems) {
    std::optional<std::vector<std::string>> header;
    return read_block(input, format, 1, columns, header, take, problems);
}

bool read_rows(Input& input, ImportFormat format, const Columns& columns,
               const std::function<void(std::size_t, const Row&)>& take, std::vector<ImportProblem>& problems) {
    std::optional<std::vector<std::string>> header;
    std::size_t line = 1;
    bool first = true;
    for (std::string_view block = input.next_block(format); !block.empty(); block = input.next_block(format)) {
        // Spreadsheets save UTF-8 CSV with a byte-order mark; it is not part of the first name.
        if (first && block.starts_with("\xef\xbb\xbf")) block.remove_prefix(3);
        first = false;
        // A block ends at a line end, never inside a character.
        if (!text::valid_utf8(block)) fail(ErrorKind::usage, "{}: the file is not valid UTF-8", input.name());
        if (!read_block(block, format, line, columns, header, take, problems)) return false;
        line += static_cast<std::size_t>(std::count(block.begin(), block.end(), '\n'));
    }
    return true;
}

Input::Input(std::FILE* file, std::string name) : m_file(file), m_name(std::move(name)) {
    struct stat st {};
    const bool seekable = ::fstat(::fileno(file), &st) == 0 && S_ISREG(st.st_mode);
    if (!seekable) {
        m_spool = std::tmpfile();
        if (!m_spool) {
            const int error = errno;
            if (m_file != stdin) std::fclose(m_file);
            fail(ErrorKind::storage, "{}: no temporary file to keep the input in: {}", m_name, std::strerror(error));
        }
        m_spooling = true;
    }
}

Input::~Input() {
    if (m_file && m_file != stdin && m_file != m_spool) std::fclose(m_file);
    if (m_spool) std::fclose(m_spool);
}

void Input::fill() {
    const std::size_t before = m_buffer.size();
    m_buffer.resize(before + (1 << 20));
    const std::size_t n = std::fread(m_buffer.data() + before, 1, 1 << 20, m_file);
    m_buffer.resize(before + n);
    if (std::ferror(m_file)) fail(ErrorKind::usage, "{}: cannot read it: {}", m_name, std::strerror(errno));
    if (n == 0) {
        m_end = true;
        return;
    }
    if (m_spooling && std::fwrite(m_buffer.data() + before, 1, n, m_spool) != n)
        fail(ErrorKind::storage, "{}: cannot keep the input in a temporary file: {}", m_name, std::strerror(errno));
}

std::string_view Input::peek() {
    while (!m_end && m_buffer.size() - m_taken < 4096) fill();
    return std::string_view(m_buffer).substr(m_taken);
}

std::string_view Input::next_block(ImportFormat format) {
    m_buffer.erase(0, m_taken);
    m_taken = 0;
    while (!m_end && m_buffer.size() < k_block) fill();
    for (;;) {
        const std::size_t end = m_end ? m_buffer.size() - 1 : last_row_end(m_buffer, format);
        if (m_buffer.empty()) return {};
        if (end != std::string::npos) {
            m_taken = end + 1;
            return std::string_view(m_buffer).substr(0, m_taken);
        }
        fill();  // a row longer than a block: read on
    }
}

void Input::restart() {
    if (m_spool) {
        // The first reading copied every byte it read; the rest is copied now, then the copy
        // is read from the start.
        while (m_spooling && !m_end) {
            m_buffer.clear();
            fill();
        }
        if (std::fflush(m_spool) != 0 || std::fseek(m_spool, 0, SEEK_SET) != 0)
            fail(ErrorKind::storage, "{}: cannot read the temporary copy of the input", m_name);
        if (m_file != stdin && m_file != m_spool) std::fclose(m_file);
        m_file = m_spool;
        m_spooling = false;
    } else if (std::fseek(m_file, 0, SEEK_SET) != 0) {
        fail(ErrorKind::usage, "{}: cannot read it again from the start", m_name);
    }
    m_buffer.clear();
    m_taken = 0;
    m_end = false;
}

void Input::drain() {
    if (m_spooling) restart();
}

void refuse_file(const std::vector<ImportProblem>& problems, std::string_view source) {
    std::string list;
    for (const auto& p : problems)
        list += p.line ? fmt::format("\n  {}:{}: {}", source, p.line, p.message)
                       : fmt::format("\n  {}: {}", source, p.message);
    fail(ErrorKind::usage, "{} invalid line{} in {}; nothing imported:{}", problems.size(),
         problems.size() == 1 ? "" : "s", source, list);
}

}  // namespace io
}  // namespace svc
