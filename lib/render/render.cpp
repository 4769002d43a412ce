#include "render/render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "i18n.hpp"
#include "text.hpp"

namespace svc::render {

std::optional<Format> parse_format(std::string_view name) {
    if (name == "table") return Format::table;
    if (name == "tsv") return Format::tsv;
    if (name == "csv") return Format::csv;
    if (name == "json") return Format::json;
    if (name == "jsonl") return Format::jsonl;
    return std::nullopt;
}

namespace {

constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_reset = "\x1b[0m";
constexpr std::string_view k_red = "\x1b[31m";
constexpr std::string_view k_yellow = "\x1b[33m";
constexpr std::string_view k_green = "\x1b[32m";

bool is_numeric(FieldType t) {
    return t == FieldType::integer || t == FieldType::number || t == FieldType::duration || t == FieldType::money;
}

std::string plain_scalar(const Cell& c) {
    if (c.is_null()) return {};
    if (c.is_bool()) return c.as_bool() ? "true" : "false";
    if (c.is_integer()) return fmt::format("{}", c.as_integer());
    if (c.is_number()) return fmt::format("{}", c.as_number());
    if (c.is_string()) return c.as_string();
    return json::dump(c);
}

// Colour for the words that mean trouble or success, in tables on a terminal only.
std::string_view color_of(std::string_view value) {
    if (value == "breached" || value == "overdue" || value == "broken") return k_red;
    if (value == "at_risk" || value == "due") return k_yellow;
    if (value == "met" || value == "done") return k_green;
    return {};
}

std::string tsv_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == '\t')
            out += "\\t";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\\')
            out += "\\\\";
        else
            out += c;
    }
    return out;
}

// Tables show one line per row.
std::string one_line(std::string_view s) {
    std::string out(s);
    std::replace(out.begin(), out.end(), '\n', ' ');
    std::replace(out.begin(), out.end(), '\r', ' ');
    std::replace(out.begin(), out.end(), '\t', ' ');
    return out;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// A field's column heading in a table: the catalogue's word for it in the user's language,
// else the name in capitals. Only tables and records on a terminal show headings; the
// field names of tsv, csv and json never change.
std::string column_heading(const std::string& name) {
    const char* heading = tr_in("heading", name.c_str());
    return heading == name.c_str() ? upper(name) : std::string(heading);
}
// The same for the key of a record's line ("status: open") and a section's title.
std::string record_key(const std::string& name) {
    return tr_in("heading", name.c_str());
}

void pad(std::string& out, std::size_t n) {
    out.append(n, ' ');
}

// The fields a table shows: all with --wide, else the essential ones.
RowSet table_view(const RowSet& rows, const Spec& spec) {
    if (spec.wide || std::none_of(rows.fields.begin(), rows.fields.end(), [](const Field& f) { return f.wide_only; }))
        return rows;
    RowSet view;
    std::vector<std::size_t> keep;
    for (std::size_t i = 0; i < rows.fields.size(); ++i) {
        if (rows.fields[i].wide_only) continue;
        keep.push_back(i);
        view.fields.push_back(rows.fields[i]);
    }
    view.rows.reserve(rows.rows.size());
    for (const auto& row : rows.rows) {
        std::vector<Cell> cells;
        cells.reserve(keep.size());
        for (std::size_t i : keep) cells.push_back(i < row.size() ? row[i] : Cell());
        view.rows.push_back(std::move(cells));
    }
    return view;
}

// The narrowest a shrunk column gets: its header, or a few characters of its text.
constexpr std::size_t k_narrowest_column = 6;

// The width a table's columns take with two spaces between them.
std::size_t table_width(const std::vector<std::size_t>& widths) {
    std::size_t total = 0;
    for (std::size_t w : widths) total += w;
    return total + (widths.empty() ? 0 : 2 * (widths.size() - 1));
}

// Narrows the text columns picked by `shrinks` (free text, or other text), each the widest
// first, down to the narrowest a column gets, until the table fits `limit` or none can give.
template <typename Pick>
void shrink_columns(std::vector<std::size_t>& widths, const std::vector<Field>& fields, std::size_t limit, bool header,
                    Pick shrinks) {
    std::size_t total = table_width(widths);
    while (total > limit) {
        std::size_t widest = widths.size();
        for (std::size_t i = 0; i < widths.size(); ++i) {
            const std::size_t narrowest =
                std::max(k_narrowest_column, header ? text::display_width(fields[i].name) : std::size_t{0});
            if (fields[i].type == FieldType::text && shrinks(fields[i]) && widths[i] > narrowest &&
                (widest == widths.size() || widths[i] > widths[widest]))
                widest = i;
        }
        if (widest == widths.size()) return;
        --widths[widest];
        --total;
    }
}

// Widths for a terminal `limit` columns wide: free text gives way first, then other text
// when that makes the table fit. When nothing makes it fit, the other text keeps its width
// (the table will be shown in blocks of columns) and no column is wider than a block.
std::vector<std::size_t> fitted_widths(const std::vector<std::size_t>& natural, const std::vector<Field>& fields,
                                       std::size_t limit, bool header) {
    std::vector<std::size_t> widths = natural;
    shrink_columns(widths, fields, limit, header, [](const Field& f) { return f.max_width > 0; });
    if (table_width(widths) <= limit) return widths;
    std::vector<std::size_t> narrower = widths;
    shrink_columns(narrower, fields, limit, header, [](const Field& f) { return f.max_width == 0; });
    if (table_width(narrower) <= limit) return narrower;
    const std::size_t room =
        natural.empty() || limit <= natural[0] + 2 + k_narrowest_column ? k_narrowest_column : limit - natural[0] - 2;
    for (std::size_t i = 1; i < widths.size(); ++i)
        if (fields[i].type == FieldType::text) widths[i] = std::min(widths[i], room);
    return widths;
}

// Blocks of column indexes that each fit `limit`: the key columns in every block, then as
// many of the others as fit, in order. The key is the first column, with the second too
// when both are text (kpi --by agent: the period and the agent). One block without a limit.
std::vector<std::vector<std::size_t>> column_blocks(const std::vector<std::size_t>& widths,
                                                    const std::vector<Field>& fields, std::size_t limit) {
    std::vector<std::size_t> key;
    if (!widths.empty()) key.push_back(0);
    if (widths.size() > 2 && fields[0].type == FieldType::text && fields[1].type == FieldType::text &&
        widths[0] + 2 + widths[1] <= limit / 2)
        key.push_back(1);
    std::vector<std::vector<std::size_t>> blocks;
    std::vector<std::size_t> block = key;
    std::size_t key_width = 0;
    for (std::size_t i : key) key_width += widths[i] + (i > 0 ? 2 : 0);
    std::size_t used = key_width;
    for (std::size_t i = key.size(); i < widths.size(); ++i) {
        if (limit && block.size() > key.size() && used + 2 + widths[i] > limit) {
            blocks.push_back(std::move(block));
            block = key;
            used = key_width;
        }
        block.push_back(i);
        used += 2 + widths[i];
    }
    blocks.push_back(std::move(block));
    return blocks;
}

void write_table(std::ostream& out, const RowSet& all_rows, const Spec& spec) {
    RowSet shown = table_view(all_rows, spec);
    for (Field& f : shown.fields) f.name = column_heading(f.name);
    const RowSet& rows = shown;
    const std::size_t n = rows.fields.size();
    std::vector<std::vector<std::string>> cells;
    cells.reserve(rows.rows.size());
    std::vector<std::size_t> widths(n, 0);
    if (spec.header)
        for (std::size_t i = 0; i < n; ++i) widths[i] = text::display_width(rows.fields[i].name);
    for (const auto& row : rows.rows) {
        std::vector<std::string> line(n);
        for (std::size_t i = 0; i < n && i < row.size(); ++i) {
            std::string t = one_line(cell_text(row[i], rows.fields[i].type, spec));
            if (rows.fields[i].max_width) t = text::truncate_to_width(t, rows.fields[i].max_width);
            widths[i] = std::max(widths[i], text::display_width(t));
            line[i] = std::move(t);
        }
        cells.push_back(std::move(line));
    }
    if (spec.width) {
        const std::vector<std::size_t> natural = widths;
        widths = fitted_widths(natural, rows.fields, spec.width, spec.header);
        for (auto& line : cells)
            for (std::size_t i = 0; i < n; ++i)
                if (widths[i] < natural[i]) line[i] = text::truncate_to_width(line[i], widths[i]);
    }
    std::vector<std::string> names;
    if (spec.header)
        for (const auto& f : rows.fields) names.push_back(f.name);
    auto emit = [&](const std::vector<std::string>& line, bool is_header, const std::vector<std::size_t>& columns) {
        std::string s;
        for (std::size_t k = 0; k < columns.size(); ++k) {
            const std::size_t i = columns[k];
            const std::size_t w = text::display_width(line[i]);
            const bool last = k + 1 == columns.size();
            const bool right = !is_header && is_numeric(rows.fields[i].type);
            std::string_view color = spec.color ? (is_header ? k_bold : color_of(line[i])) : std::string_view{};
            if (right) pad(s, widths[i] - w);
            if (!color.empty()) s += color;
            s += line[i];
            if (!color.empty()) s += k_reset;
            if (!right && !last) pad(s, widths[i] - w);
            if (!last) s += "  ";
        }
        while (!s.empty() && s.back() == ' ') s.pop_back();
        out << s << '\n';
    };
    const auto blocks = column_blocks(widths, rows.fields, spec.width);
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        if (b > 0) out << '\n';
        if (spec.header) emit(names, true, blocks[b]);
        for (const auto& line : cells) emit(line, false, blocks[b]);
    }
}

void write_delimited(std::ostream& out, const RowSet& rows, const Spec& spec, bool csv) {
    const char sep = csv ? ',' : '\t';
    auto field_text = [&](const std::string& s, FieldType type) {
        return csv ? csv_cell(s, type == FieldType::text) : tsv_escape(s);
    };
    if (spec.header) {
        for (std::size_t i = 0; i < rows.fields.size(); ++i) {
            if (i) out << sep;
            out << rows.fields[i].name;
        }
        out << (csv ? "\r\n" : "\n");
    }
    for (const auto& row : rows.rows) {
        for (std::size_t i = 0; i < rows.fields.size(); ++i) {
            if (i) out << sep;
            if (i < row.size()) out << field_text(cell_text(row[i], rows.fields[i].type, spec), rows.fields[i].type);
        }
        out << (csv ? "\r\n" : "\n");
    }
}

json::Value row_object(const std::vector<Field>& fields, const std::vector<Cell>& row, const Spec& spec) {
    json::Object obj;
    obj.reserve(fields.size());
    for (std::size_t i = 0; i < fields.size(); ++i)
        obj.emplace_back(fields[i].name, i < row.size() ? cell_json(row[i], fields[i].type, spec) : json::Value());
    return json::Value(std::move(obj));
}

}  // namespace

json::Value cell_json(const Cell& cell, FieldType type, const Spec& spec) {
    if (cell.is_null()) return cell;
    if (type == FieldType::instant && cell.is_integer())
        return json::Value(format_instant(cell.as_integer(), spec.zone));
    return cell;
}

std::string cell_text(const Cell& cell, FieldType type, const Spec& spec) {
    if (cell.is_null()) return {};
    const bool human = spec.format == Format::table;
    switch (type) {
        case FieldType::instant:
            if (cell.is_integer())
                return human ? format_instant_short(cell.as_integer(), spec.zone)
                             : format_instant(cell.as_integer(), spec.zone);
            break;
        case FieldType::duration:
            if (cell.is_integer() && human) return format_duration(cell.as_integer());
            break;
        case FieldType::money:
            if (cell.is_number()) return fmt::format("{:.2f}", cell.as_number());
            break;
        default:
            break;
    }
    return plain_scalar(cell);
}

std::optional<Language> parse_language(std::string_view name) {
    if (name == "en" || name.starts_with("en_") || name.starts_with("en-")) return Language::en;
    if (name == "zh" || name.starts_with("zh_") || name.starts_with("zh-")) return Language::zh;
    return std::nullopt;
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string csv_cell(std::string_view value, bool is_text) {
    std::string v(value);
    // A spreadsheet runs cells that start with these as formulas; a leading quote makes
    // them text.
    // A text that itself starts with "'=" gets one more quote, so reading the file back
    // (which drops one) gives the text exactly.
    if (is_text && !v.empty() &&
        (text::starts_formula(v[0]) || (v.size() > 1 && v[0] == '\'' && text::starts_formula(v[1]))))
        v.insert(v.begin(), '\'');
    const bool quote =
        v.find_first_of(",\"\r\n") != std::string::npos || (!v.empty() && (v.front() == ' ' || v.back() == ' '));
    if (!quote) return v;
    std::string out = "\"";
    for (char c : v) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

void write_rows(std::ostream& out, const RowSet& rows, const Spec& spec) {
    switch (spec.format) {
        case Format::table:
            write_table(out, rows, spec);
            return;
        case Format::tsv:
            write_delimited(out, rows, spec, false);
            return;
        case Format::csv:
            write_delimited(out, rows, spec, true);
            return;
        case Format::jsonl:
            for (const auto& row : rows.rows) out << json::dump(row_object(rows.fields, row, spec)) << '\n';
            return;
        case Format::json: {
            out << '[';
            for (std::size_t i = 0; i < rows.rows.size(); ++i)
                out << (i ? ",\n " : "\n ") << json::dump(row_object(rows.fields, rows.rows[i], spec));
            out << (rows.rows.empty() ? "]\n" : "\n]\n");
            return;
        }
    }
}

RowStream::RowStream(std::ostream& out, const Spec& spec, std::vector<Field> fields) : m_out(out), m_spec(spec) {
    m_batch.fields = std::move(fields);
}

void RowStream::add(std::vector<Cell> row) {
    m_batch.rows.push_back(std::move(row));
    if (m_spec.format != Format::table && m_batch.rows.size() >= 500) flush();
}

void RowStream::flush() {
    if (m_spec.format == Format::json) {
        for (const auto& row : m_batch.rows) {
            m_out << (m_started ? ",\n " : "[\n ") << json::dump(row_object(m_batch.fields, row, m_spec));
            m_started = true;
        }
    } else {
        Spec spec = m_spec;
        spec.header = m_spec.header && !m_started;  // once, before the first batch
        write_rows(m_out, m_batch, spec);
        m_started = true;
    }
    m_batch.rows.clear();
}

void RowStream::finish() {
    if (m_spec.format == Format::json) {
        flush();
        m_out << (m_started ? "\n]\n" : "[]\n");
    } else if (!m_started || !m_batch.rows.empty()) {
        flush();
    }
}

void write_record(std::ostream& out, const Record& record, const Spec& spec) {
    if (spec.format == Format::json || spec.format == Format::jsonl) {
        json::Value obj = row_object(record.fields, record.values, spec);
        for (const auto& [name, rows] : record.sections) {
            json::Array items;
            for (const auto& row : rows.rows) items.push_back(row_object(rows.fields, row, spec));
            obj.set(name, json::Value(std::move(items)));
        }
        out << json::dump(obj) << '\n';
        return;
    }
    if (spec.format != Format::table) {
        // Scripts reading tsv/csv get the record as one row; sections are in json.
        RowSet one{record.fields, {record.values}};
        write_rows(out, one, spec);
        return;
    }
    std::vector<std::string> keys;
    std::size_t key_width = 0;
    for (const auto& f : record.fields) {
        keys.push_back(record_key(f.name) + ":");
        key_width = std::max(key_width, text::display_width(keys.back()));
    }
    for (std::size_t i = 0; i < record.fields.size(); ++i) {
        const Field& f = record.fields[i];
        const std::string value = i < record.values.size() ? cell_text(record.values[i], f.type, spec) : std::string();
        std::string line = keys[i];
        pad(line, key_width + 1 - text::display_width(line));
        std::string_view color = spec.color ? color_of(value) : std::string_view{};
        out << (spec.color ? std::string(k_bold) + line + std::string(k_reset) : line) << color << value
            << (color.empty() ? "" : k_reset) << '\n';
    }
    for (const auto& [name, rows] : record.sections) {
        if (rows.rows.empty()) continue;
        out << '\n'
            << (spec.color ? std::string(k_bold) : "") << record_key(name) << (spec.color ? std::string(k_reset) : "")
            << '\n';
        Spec inner = spec;
        write_table(out, rows, inner);
    }
}

}  // namespace svc::render
