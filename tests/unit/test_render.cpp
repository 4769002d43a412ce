// Output formats: table, tsv, csv, json, jsonl, and masking (lib/render/render.hpp).
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "customers.hpp"
#include "render/render.hpp"
#include "support.hpp"
#include "text.hpp"

using namespace svc;
using namespace svc::testing;
using namespace svc::render;

namespace {

Spec spec_for(Format f, Zone zone = Zone(), bool header = true, bool color = false) {
    Spec s;
    s.format = f;
    s.zone = std::move(zone);
    s.header = header;
    s.color = color;
    return s;
}

std::string rendered(const RowSet& rows, const Spec& spec) {
    std::ostringstream out;
    write_rows(out, rows, spec);
    return out.str();
}

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::size_t end = s.find('\n', pos);
        out.push_back(s.substr(pos, end - pos));
        pos = end == std::string::npos ? s.size() : end + 1;
    }
    return out;
}

// A ticket-like row set: id, subject, opened (instant), age (duration), amount (money), note.
RowSet tickets() {
    RowSet r;
    r.fields = {{"id", FieldType::integer},   {"subject", FieldType::text}, {"opened", FieldType::instant},
                {"age", FieldType::duration}, {"amount", FieldType::money}, {"vip", FieldType::boolean}};
    r.rows.push_back({json::Value(7), json::Value("refund, please"), json::Value(utc(2026, 11, 23, 2)),
                      json::Value(Seconds{7500}), json::Value(12.5), json::Value(true)});
    r.rows.push_back({json::Value(8), json::Value(), json::Value(), json::Value(), json::Value(), json::Value(false)});
    return r;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// CSV cells

TEST_CASE("csv_cell leaves plain values alone") {
    CHECK(csv_cell("hello", true) == "hello");
    CHECK(csv_cell("", true).empty());
    CHECK(csv_cell("张伟", true) == "张伟");
    CHECK(csv_cell("42", false) == "42");
}

TEST_CASE("csv_cell quotes commas, quotes, line breaks and edge spaces") {
    CHECK(csv_cell("a,b", true) == "\"a,b\"");
    CHECK(csv_cell("say \"hi\"", true) == "\"say \"\"hi\"\"\"");
    CHECK(csv_cell("\"", true) == "\"\"\"\"");
    CHECK(csv_cell("line1\nline2", true) == "\"line1\nline2\"");
    CHECK(csv_cell("a\r\nb", true) == "\"a\r\nb\"");
    CHECK(csv_cell(" padded", true) == "\" padded\"");
    CHECK(csv_cell("padded ", true) == "\"padded \"");
    CHECK(csv_cell("a,b", false) == "\"a,b\"");
}

TEST_CASE("csv_cell neutralises spreadsheet formulas in text cells only") {
    CHECK(csv_cell("=1+1", true) == "'=1+1");
    CHECK(csv_cell("=1+1", false) == "=1+1");
    CHECK(csv_cell("+8613800001234", true) == "'+8613800001234");
    CHECK(csv_cell("-5", true) == "'-5");
    CHECK(csv_cell("-5", false) == "-5");
    CHECK(csv_cell("@SUM(A1)", true) == "'@SUM(A1)");
    CHECK(csv_cell("\tx", true) == "'\tx");
    CHECK(csv_cell("=HYPERLINK(\"http://x\",\"y\")", true) == "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    CHECK(csv_cell("a=b", true) == "a=b");  // only a leading sign matters
}

// ---------------------------------------------------------------------------------------
// Cells

TEST_CASE("cell_text shows instants as ISO in data formats and short in tables") {
    const json::Value t(utc(2026, 11, 23, 2));
    const Zone sh = Zone::named("Asia/Shanghai");
    CHECK(cell_text(t, FieldType::instant, spec_for(Format::tsv, sh)) == "2026-11-23T10:00:00+08:00");
    CHECK(cell_text(t, FieldType::instant, spec_for(Format::csv)) == "2026-11-23T02:00:00Z");
    CHECK(cell_text(t, FieldType::instant, spec_for(Format::table, sh)) == "2026-11-23 10:00");
}

TEST_CASE("cell_text shows durations as seconds, humanized in tables") {
    const json::Value d(Seconds{7500});
    CHECK(cell_text(d, FieldType::duration, spec_for(Format::tsv)) == "7500");
    CHECK(cell_text(d, FieldType::duration, spec_for(Format::table)) == "2h05m");
    CHECK(cell_text(json::Value(Seconds{-4200}), FieldType::duration, spec_for(Format::table)) == "-1h10m");
}

TEST_CASE("cell_text shows money with two decimals, booleans and nulls plainly") {
    CHECK(cell_text(json::Value(12.5), FieldType::money, spec_for(Format::tsv)) == "12.50");
    CHECK(cell_text(json::Value(3), FieldType::money, spec_for(Format::table)) == "3.00");
    CHECK(cell_text(json::Value(true), FieldType::boolean, spec_for(Format::tsv)) == "true");
    CHECK(cell_text(json::Value(), FieldType::text, spec_for(Format::tsv)).empty());
    CHECK(cell_text(json::Value(), FieldType::instant, spec_for(Format::table)).empty());
    CHECK(cell_text(json::Value("x"), FieldType::text, spec_for(Format::tsv)) == "x");
}

TEST_CASE("cell_json gives instants as ISO strings and keeps durations as integers") {
    const Zone sh = Zone::named("Asia/Shanghai");
    const json::Value t = cell_json(json::Value(utc(2026, 11, 23, 2)), FieldType::instant, spec_for(Format::json, sh));
    REQUIRE(t.is_string());
    CHECK(t.as_string() == "2026-11-23T10:00:00+08:00");
    const json::Value d = cell_json(json::Value(Seconds{7500}), FieldType::duration, spec_for(Format::json));
    REQUIRE(d.is_integer());
    CHECK(d.as_integer() == 7500);
    CHECK(cell_json(json::Value(), FieldType::instant, spec_for(Format::json)).is_null());
}

// ---------------------------------------------------------------------------------------
// Formats

TEST_CASE("parse_format knows the five formats") {
    CHECK(parse_format("table") == Format::table);
    CHECK(parse_format("tsv") == Format::tsv);
    CHECK(parse_format("csv") == Format::csv);
    CHECK(parse_format("json") == Format::json);
    CHECK(parse_format("jsonl") == Format::jsonl);
    CHECK_FALSE(parse_format("xml").has_value());
    CHECK_FALSE(parse_format("JSON").has_value());
    CHECK_FALSE(parse_format("").has_value());
}

TEST_CASE("tsv has a header line and escapes tabs, newlines and backslashes") {
    RowSet r;
    r.fields = {{"id", FieldType::integer}, {"note", FieldType::text}};
    r.rows.push_back({json::Value(1), json::Value("a\tb\nc\\d\re")});
    r.rows.push_back({json::Value(2), json::Value("=1+1")});
    CHECK(rendered(r, spec_for(Format::tsv)) == "id\tnote\n1\ta\\tb\\nc\\\\d\\re\n2\t=1+1\n");
    CHECK(rendered(r, spec_for(Format::tsv, Zone(), false)) == "1\ta\\tb\\nc\\\\d\\re\n2\t=1+1\n");
}

TEST_CASE("tsv writes instants with their offset and durations as seconds") {
    const std::string out = rendered(tickets(), spec_for(Format::tsv, Zone::named("Asia/Shanghai")));
    CHECK(out ==
          "id\tsubject\topened\tage\tamount\tvip\n"
          "7\trefund, please\t2026-11-23T10:00:00+08:00\t7500\t12.50\ttrue\n"
          "8\t\t\t\t\tfalse\n");
}

TEST_CASE("csv ends lines with CRLF and quotes as RFC 4180") {
    RowSet r;
    r.fields = {{"id", FieldType::integer}, {"name", FieldType::text}, {"delta", FieldType::integer}};
    r.rows.push_back({json::Value(1), json::Value("Zhang, Wei"), json::Value(-5)});
    r.rows.push_back({json::Value(2), json::Value("=cmd()"), json::Value(0)});
    r.rows.push_back({json::Value(3), json::Value("say \"hi\"\nbye"), json::Value()});
    CHECK(rendered(r, spec_for(Format::csv)) ==
          "id,name,delta\r\n1,\"Zhang, Wei\",-5\r\n2,'=cmd(),0\r\n3,\"say \"\"hi\"\"\nbye\",\r\n");
}

TEST_CASE("json is an array of objects with ISO instants, integer durations and nulls") {
    const std::string out = rendered(tickets(), spec_for(Format::json, Zone::named("Asia/Shanghai")));
    CHECK(out ==
          "[\n"
          " {\"id\":7,\"subject\":\"refund, please\",\"opened\":\"2026-11-23T10:00:00+08:00\",\"age\":7500,"
          "\"amount\":12.5,\"vip\":true},\n"
          " {\"id\":8,\"subject\":null,\"opened\":null,\"age\":null,\"amount\":null,\"vip\":false}\n"
          "]\n");
    const json::Value parsed = json::parse(out);
    REQUIRE(parsed.is_array());
    REQUIRE(parsed.as_array().size() == 2);
    CHECK(parsed.as_array()[0].find("opened")->as_string() == "2026-11-23T10:00:00+08:00");
    CHECK(parsed.as_array()[0].find("age")->as_integer() == 7500);
    CHECK(parsed.as_array()[1].find("subject")->is_null());
}

TEST_CASE("json of no rows is an empty array, with or without the header flag") {
    RowSet r;
    r.fields = {{"id", FieldType::integer}};
    CHECK(rendered(r, spec_for(Format::json)) == "[]\n");
    CHECK(rendered(r, spec_for(Format::json, Zone(), false)) == "[]\n");
    CHECK(rendered(r, spec_for(Format::jsonl)).empty());
    CHECK(rendered(r, spec_for(Format::tsv)) == "id\n");
    CHECK(rendered(r, spec_for(Format::csv)) == "id\r\n");
}

TEST_CASE("jsonl is one object per line, in UTC with Z") {
    const std::string out = rendered(tickets(), spec_for(Format::jsonl));
    const auto lines = lines_of(out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] ==
          "{\"id\":7,\"subject\":\"refund, please\",\"opened\":\"2026-11-23T02:00:00Z\",\"age\":7500,"
          "\"amount\":12.5,\"vip\":true}");
    CHECK(json::parse(lines[1]).find("vip")->as_bool() == false);
}

TEST_CASE("a short row is padded with nulls in json and empty cells in tsv") {
    RowSet r;
    r.fields = {{"a", FieldType::text}, {"b", FieldType::text}};
    r.rows.push_back({json::Value("x")});
    CHECK(rendered(r, spec_for(Format::jsonl)) == "{\"a\":\"x\",\"b\":null}\n");
    CHECK(rendered(r, spec_for(Format::tsv)) == "a\tb\nx\t\n");
}

// ---------------------------------------------------------------------------------------
// Tables

TEST_CASE("a table aligns CJK text by display width") {
    RowSet r;
    r.fields = {{"name", FieldType::text}, {"tier", FieldType::text}};
    r.rows.push_back({json::Value("张伟"), json::Value("gold")});
    r.rows.push_back({json::Value("Bob"), json::Value("silver")});
    r.rows.push_back({json::Value("欧阳娜娜"), json::Value("platinum")});
    const std::string out = rendered(r, spec_for(Format::table));
    const auto lines = lines_of(out);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "NAME      TIER");
    CHECK(lines[1] == "张伟      gold");
    CHECK(lines[2] == "Bob       silver");
    CHECK(lines[3] == "欧阳娜娜  platinum");
    // the second column starts at the same display column on every line
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        const std::string second = i == 0 ? "TIER" : i == 1 ? "gold" : i == 2 ? "silver" : "platinum";
        const std::size_t pos = line.find(second);
        REQUIRE(pos != std::string::npos);
        CHECK(text::display_width(line.substr(0, pos)) == 10);
    }
}

TEST_CASE("a table pads a column of 张伟 and Bob to four columns") {
    RowSet r;
    r.fields = {{"n", FieldType::text}, {"x", FieldType::text}};
    r.rows.push_back({json::Value("张伟"), json::Value("1")});
    r.rows.push_back({json::Value("Bob"), json::Value("2")});
    const auto lines = lines_of(rendered(r, spec_for(Format::table, Zone(), false)));
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "张伟  1");
    CHECK(lines[1] == "Bob   2");
    CHECK(text::display_width(lines[0].substr(0, lines[0].find('1'))) ==
          text::display_width(lines[1].substr(0, lines[1].find('2'))));
}

TEST_CASE("a table right-aligns numbers and humanizes instants, durations and money") {
    const std::string out = rendered(tickets(), spec_for(Format::table, Zone::named("Asia/Shanghai")));
    const auto lines = lines_of(out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "ID  SUBJECT         OPENED            AGE    AMOUNT  VIP");
    CHECK(lines[1] == " 7  refund, please  2026-11-23 10:00  2h05m   12.50  true");
    // 2+14+2+16+2+5+2+6+2 = 51 spaces between the id and the boolean
    CHECK(lines[2] == " 8" + std::string(51, ' ') + "false");
}

TEST_CASE("a table cuts long text at max_width with an ellipsis") {
    RowSet r;
    r.fields = {{"summary", FieldType::text, 8}, {"id", FieldType::integer}};
    r.rows.push_back({json::Value("The parcel never arrived"), json::Value(1)});
    r.rows.push_back({json::Value("快递一直没有送到我家"), json::Value(2)});
    r.rows.push_back({json::Value("short"), json::Value(3)});
    const auto lines = lines_of(rendered(r, spec_for(Format::table)));
    REQUIRE(lines.size() == 4);
    // "summary" is 8 columns wide; the id column is right-aligned under "ID"
    CHECK(lines[0] == "SUMMARY   ID");
    CHECK(lines[1] == "The par…   1");
    CHECK(lines[2] == "快递一…    2");
    CHECK(lines[3] == "short      3");
    // only tables cut
    CHECK(contains(rendered(r, spec_for(Format::tsv)), "The parcel never arrived"));
}

TEST_CASE("a table shows each row on one line") {
    RowSet r;
    r.fields = {{"note", FieldType::text}};
    r.rows.push_back({json::Value("a\nb\tc")});
    CHECK(rendered(r, spec_for(Format::table, Zone(), false)) == "a b c\n");
}

TEST_CASE("no ANSI escape codes without colour; bold headers and status colours with it") {
    RowSet r;
    r.fields = {{"status", FieldType::text}};
    r.rows.push_back({json::Value("breached")});
    r.rows.push_back({json::Value("met")});
    const std::string plain = rendered(r, spec_for(Format::table));
    CHECK_FALSE(contains(plain, "\x1b"));
    const std::string coloured = rendered(r, spec_for(Format::table, Zone(), true, true));
    CHECK(contains(coloured, "\x1b[1mSTATUS\x1b[0m"));
    CHECK(contains(coloured, "\x1b[31mbreached\x1b[0m"));
    CHECK(contains(coloured, "\x1b[32mmet\x1b[0m"));
    // data formats never colour
    CHECK_FALSE(contains(rendered(r, spec_for(Format::tsv, Zone(), true, true)), "\x1b"));
    CHECK_FALSE(contains(rendered(r, spec_for(Format::json, Zone(), true, true)), "\x1b"));
}

// ---------------------------------------------------------------------------------------
// Records

TEST_CASE("a record in json carries its sections as arrays") {
    Record rec;
    rec.fields = {{"id", FieldType::integer}, {"opened", FieldType::instant}};
    rec.values = {json::Value(5), json::Value(utc(2026, 11, 23, 2))};
    RowSet notes;
    notes.fields = {{"text", FieldType::text}};
    notes.rows.push_back({json::Value("家里有小孩")});
    rec.sections.push_back({"notes", notes});
    std::ostringstream out;
    write_record(out, rec, spec_for(Format::json));
    CHECK(out.str() == "{\"id\":5,\"opened\":\"2026-11-23T02:00:00Z\",\"notes\":[{\"text\":\"家里有小孩\"}]}\n");
}

TEST_CASE("a record in a table is key: value lines then its sections") {
    Record rec;
    rec.fields = {{"id", FieldType::integer}, {"name", FieldType::text}};
    rec.values = {json::Value(5), json::Value("张伟")};
    RowSet notes;
    notes.fields = {{"text", FieldType::text}};
    notes.rows.push_back({json::Value("VIP")});
    rec.sections.push_back({"notes", notes});
    rec.sections.push_back({"empty", RowSet{{{"x", FieldType::text}}, {}}});
    std::ostringstream out;
    write_record(out, rec, spec_for(Format::table));
    CHECK(out.str() == "id:   5\nname: 张伟\n\nnotes\nTEXT\nVIP\n");
    std::ostringstream tsv;
    write_record(tsv, rec, spec_for(Format::tsv));
    CHECK(tsv.str() == "id\tname\n5\t张伟\n");
}

// ---------------------------------------------------------------------------------------
// Masking

TEST_CASE("mask_phone keeps the first three and last four digits") {
    CHECK(mask_phone("13800001234") == "138****1234");
    CHECK(mask_phone("+8613800001234") == "+86*******1234");
    CHECK(mask_phone("02088886666") == "020****6666");
    CHECK(mask_phone("12345678") == "123*5678");
}

TEST_CASE("mask_phone hides all but the last two digits of short numbers") {
    CHECK(mask_phone("1234567") == "*****67");
    CHECK(mask_phone("12345") == "***45");
}

TEST_CASE("mask_email keeps the first character and the domain") {
    CHECK(mask_email("zhang@example.com") == "z***@example.com");
    CHECK(mask_email("a@b.cn") == "a***@b.cn");
    CHECK(mask_email("no-at-sign") == "***");
    CHECK(mask_email("@example.com") == "***");
}

TEST_CASE("mask_email keeps a non-ASCII first character whole") {
    // BUG (lib/render/render.cpp, mask_email): it keeps the first *byte*, so a UTF-8 local
    // part (accepted by checked_email) is cut inside a character: "张伟@example.cn" gives
    // "\xe5***@example.cn", which is not valid UTF-8.
    const std::string masked = mask_email("张伟@example.cn");
    CHECK(text::valid_utf8(masked));
    CHECK(masked == "张***@example.cn");
}

// ---------------------------------------------------------------------------------------
// RowStream

namespace {

std::string streamed(const RowSet& rows, const Spec& spec) {
    std::ostringstream out;
    RowStream stream(out, spec, rows.fields);
    for (const auto& row : rows.rows) stream.add(row);
    stream.finish();
    return out.str();
}

// n rows of the ticket-like set, numbered from 1: several batches of the stream.
RowSet many_tickets(int n) {
    RowSet r = tickets();
    const auto first = r.rows.front();
    r.rows.clear();
    for (int i = 1; i <= n; ++i) {
        auto row = first;
        row[0] = json::Value(i);
        r.rows.push_back(std::move(row));
    }
    return r;
}

}  // namespace

TEST_CASE("a row stream writes what write_rows writes, in every format, over many batches") {
    for (const Format f : {Format::table, Format::tsv, Format::csv, Format::json, Format::jsonl}) {
        for (const bool header : {true, false}) {
            for (const int n : {0, 1, 499, 500, 501, 1234}) {
                CAPTURE(static_cast<int>(f));
                CAPTURE(header);
                CAPTURE(n);
                const Spec spec = spec_for(f, Zone::named("Asia/Shanghai"), header);
                const RowSet rows = many_tickets(n);
                CHECK(streamed(rows, spec) == rendered(rows, spec));
            }
        }
    }
}

TEST_CASE("a row stream with no rows writes a header alone, or an empty json array") {
    const RowSet none = many_tickets(0);
    CHECK(streamed(none, spec_for(Format::tsv)) == "id\tsubject\topened\tage\tamount\tvip\n");
    CHECK(streamed(none, spec_for(Format::tsv, Zone(), false)).empty());
    CHECK(streamed(none, spec_for(Format::json)) == "[]\n");
    CHECK(streamed(none, spec_for(Format::jsonl)).empty());
}
