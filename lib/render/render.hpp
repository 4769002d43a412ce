#pragma once
// Rows → table (CJK-width aware) / tsv / csv / json / jsonl. The field names are the
// contract scripts rely on; they are the same in every format.
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/json.hpp"
#include "time/instant.hpp"

namespace svc::render {

enum class Format { table, tsv, csv, json, jsonl };
std::optional<Format> parse_format(std::string_view name);
inline constexpr std::string_view k_format_names = "table|tsv|csv|json|jsonl";

// How a cell is shown: instants as ISO 8601 in the display zone (short in tables), durations
// as integer seconds (humanized in tables), money with two decimals in tables.
enum class FieldType { text, integer, number, instant, duration, boolean, money };

struct Field {
    std::string name;
    FieldType type = FieldType::text;
    std::size_t max_width = 0;  // tables only: longer text is cut with "…"; 0 = no limit
    bool wide_only = false;     // tables show it only with --wide; other formats always
};

using Cell = json::Value;

struct RowSet {
    std::vector<Field> fields;
    std::vector<std::vector<Cell>> rows;
};

// One record with named sections (a ticket with its timeline, a customer with notes).
struct Record {
    std::vector<Field> fields;
    std::vector<Cell> values;
    std::vector<std::pair<std::string, RowSet>> sections;
};

struct Spec {
    Format format = Format::tsv;
    bool header = true;
    Zone zone;
    bool color = false;
    bool wide = false;  // tables: every field, not only the essential ones
    // Tables: the terminal's width in columns to fit (0 = no limit: output that is not a
    // terminal never changes with it). Free text shrinks first, cut with "…" at a display
    // column boundary; a table still too wide is shown in blocks of columns, each with the
    // first column again.
    std::size_t width = 0;
};

void write_rows(std::ostream& out, const RowSet& rows, const Spec& spec);

// Rows written as they come, for lists that can be long: tsv, csv, json and jsonl go out a
// batch at a time (the header once, the json array opened and closed around them), so the
// memory is a batch's whatever the count; a table, whose widths depend on every row, is
// written at the end.
class RowStream {
public:
    RowStream(std::ostream& out, const Spec& spec, std::vector<Field> fields);
    RowStream(const RowStream&) = delete;
    RowStream& operator=(const RowStream&) = delete;
    void add(std::vector<Cell> row);
    // Writes what is kept and ends the output (a header alone, or [], when no row came).
    void finish();

private:
    void flush();
    std::ostream& m_out;
    Spec m_spec;
    RowSet m_batch;
    bool m_started = false;  // the header, or the json array's opening, is out
};
void write_record(std::ostream& out, const Record& record, const Spec& spec);
// A bare value per line (ids, names) in any format: json gives an array of objects.
std::string cell_text(const Cell& cell, FieldType type, const Spec& spec);
// The cell as it appears in json/jsonl output.
json::Value cell_json(const Cell& cell, FieldType type, const Spec& spec);

// CSV quoting per RFC 4180 with spreadsheet-formula neutralisation for text cells.
std::string csv_cell(std::string_view value, bool is_text);

// The language of a page people read (the wallboard): English or Chinese. Machine formats
// never change with it.
enum class Language { en, zh };
// "en", "zh" (also "zh_CN", "zh-CN"…); nullopt otherwise.
std::optional<Language> parse_language(std::string_view name);

// Text made safe inside HTML elements and quoted attributes (& < > " ').
std::string html_escape(std::string_view text);

}  // namespace svc::render
