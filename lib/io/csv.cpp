#include "io/csv.hpp"

#include "error.hpp"
#include "text.hpp"

namespace svc::csv {

std::optional<Record> Reader::next() {
    // Skip blank lines between records.
    while (m_pos < m_text.size() && (m_text[m_pos] == '\n' || m_text[m_pos] == '\r')) {
        if (m_text[m_pos] == '\n') ++m_line;
        ++m_pos;
    }
    if (m_pos >= m_text.size()) return std::nullopt;
    Record rec;
    rec.line = m_line;
    std::string field;
    bool quoted = false, was_quoted = false;
    for (;;) {
        if (m_pos >= m_text.size()) {
            if (quoted) fail(ErrorKind::usage, "line {}: unterminated quoted field", rec.line);
            rec.fields.push_back(std::move(field));
            return rec;
        }
        const char c = m_text[m_pos++];
        if (quoted) {
            if (c == '"') {
                if (m_pos < m_text.size() && m_text[m_pos] == '"') {
                    field += '"';
                    ++m_pos;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') ++m_line;
                field += c;
            }
            continue;
        }
        if (c == '"') {
            if (!field.empty() || was_quoted)
                fail(ErrorKind::usage,
                     "line {}: a quote inside an unquoted field (quote the whole field and double "
                     "the quote)",
                     m_line);
            quoted = was_quoted = true;
        } else if (c == ',') {
            rec.fields.push_back(std::move(field));
            field.clear();
            was_quoted = false;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && m_pos < m_text.size() && m_text[m_pos] == '\n') ++m_pos;
            ++m_line;
            rec.fields.push_back(std::move(field));
            return rec;
        } else {
            if (was_quoted) fail(ErrorKind::usage, "line {}: text after a closing quote", m_line);
            field += c;
        }
    }
}

std::string unneutralise(std::string_view cell) {
    // One quote was added before a formula character, or before a quote that precedes one.
    if (cell.size() >= 2 && cell[0] == '\'' &&
        (text::starts_formula(cell[1]) || (cell.size() >= 3 && cell[1] == '\'' && text::starts_formula(cell[2]))))
        return std::string(cell.substr(1));
    return std::string(cell);
}

}  // namespace svc::csv
