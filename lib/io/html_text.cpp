#include "io/html_text.hpp"

#include <array>
#include <cstdint>
#include <utility>

#include "text.hpp"

namespace svc::io {

namespace {

char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// The named references mail from real clients uses; others stay as written.
constexpr std::array<std::pair<std::string_view, std::uint32_t>, 16> k_entities{{
    {"amp", '&'},
    {"lt", '<'},
    {"gt", '>'},
    {"quot", '"'},
    {"apos", '\''},
    {"nbsp", ' '},
    {"copy", 0xA9},
    {"reg", 0xAE},
    {"hellip", 0x2026},
    {"mdash", 0x2014},
    {"ndash", 0x2013},
    {"lsquo", 0x2018},
    {"rsquo", 0x2019},
    {"ldquo", 0x201C},
    {"rdquo", 0x201D},
    {"yen", 0xA5},
}};

// Decodes the reference at html[i] ('&'); returns how many bytes it took, 0 if none.
std::size_t decode_reference(std::string_view html, std::size_t i, std::string& out) {
    const std::size_t semi = html.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) return 0;
    const std::string_view name = html.substr(i + 1, semi - i - 1);
    if (name.size() >= 2 && name[0] == '#') {
        std::uint32_t cp = 0;
        const bool hex = name[1] == 'x' || name[1] == 'X';
        const std::string_view digits = name.substr(hex ? 2 : 1);
        if (digits.empty()) return 0;
        for (char c : digits) {
            int d = -1;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (hex && ascii_lower(c) >= 'a' && ascii_lower(c) <= 'f')
                d = ascii_lower(c) - 'a' + 10;
            if (d < 0) return 0;
            cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
            if (cp > 0x10FFFF) cp = 0x110000;
        }
        text::append_utf8(out, cp == 0 ? 0xFFFD : cp);
        return semi - i + 1;
    }
    for (const auto& [entity, cp] : k_entities) {
        if (entity == name) {
            text::append_utf8(out, cp);
            return semi - i + 1;
        }
    }
    return 0;
}

bool block_tag(std::string_view tag) {
    static constexpr std::array<std::string_view, 19> k_blocks{
        "p",  "div", "br", "li",    "tr",         "h1",  "h2", "h3",      "h4",     "h5",
        "h6", "ul",  "ol", "table", "blockquote", "pre", "hr", "section", "article"};
    for (std::string_view b : k_blocks)
        if (b == tag) return true;
    return false;
}

// Text with spaces collapsed the way a browser shows it, lines kept, at most one blank line.
class Writer {
public:
    void text(std::string_view s) {
        for (char c : s) {
            if (space(c)) {
                m_space = true;
                continue;
            }
            if (m_space && !m_out.empty() && m_out.back() != '\n') m_out += ' ';
            m_space = false;
            m_out += c;
        }
    }
    void raw(std::string_view s) {
        if (m_space && !m_out.empty() && m_out.back() != '\n') m_out += ' ';
        m_space = false;
        m_out += s;
    }
    void line_break(bool paragraph) {
        m_space = false;
        while (!m_out.empty() && m_out.back() == ' ') m_out.pop_back();
        if (m_out.empty()) return;
        const std::size_t newlines = m_out.ends_with("\n\n") ? 2 : m_out.ends_with('\n') ? 1 : 0;
        const std::size_t wanted = paragraph ? 2 : 1;
        for (std::size_t n = newlines; n < wanted; ++n) m_out += '\n';
    }
    std::string done() {
        while (!m_out.empty() && (m_out.back() == '\n' || m_out.back() == ' ')) m_out.pop_back();
        return std::move(m_out);
    }

private:
    std::string m_out;
    bool m_space = false;
};

// The value of attribute `name` in the inside of a tag (`a href="…" class=x`), or "".
std::string attribute(std::string_view inside, std::string_view name) {
    std::size_t i = 0;
    while (i < inside.size()) {
        while (i < inside.size() && (space(inside[i]) || inside[i] == '/')) ++i;
        const std::size_t start = i;
        while (i < inside.size() && !space(inside[i]) && inside[i] != '=' && inside[i] != '/') ++i;
        std::string key;
        for (char c : inside.substr(start, i - start)) key += ascii_lower(c);
        while (i < inside.size() && space(inside[i])) ++i;
        std::string value;
        if (i < inside.size() && inside[i] == '=') {
            ++i;
            while (i < inside.size() && space(inside[i])) ++i;
            if (i < inside.size() && (inside[i] == '"' || inside[i] == '\'')) {
                const char quote = inside[i++];
                const std::size_t end = std::min(inside.find(quote, i), inside.size());
                value = inside.substr(i, end - i);
                i = end + 1;
            } else {
                const std::size_t vstart = i;
                while (i < inside.size() && !space(inside[i])) ++i;
                value = inside.substr(vstart, i - vstart);
            }
        }
        if (key == name) return value;
        if (start == i) ++i;
    }
    return "";
}

}  // namespace

std::string html_to_text(std::string_view html) {
    Writer out;
    std::string link;  // the address of the link being read, to show after its text
    std::string link_text;
    bool in_link = false;
    std::size_t i = 0;
    while (i < html.size()) {
        const char c = html[i];
        if (c == '<') {
            if (html.substr(i, 4) == "<!--") {
                const std::size_t end = html.find("-->", i + 4);
                i = end == std::string_view::npos ? html.size() : end + 3;
                continue;
            }
            const std::size_t end = html.find('>', i);
            if (end == std::string_view::npos) break;
            std::string_view inside = html.substr(i + 1, end - i - 1);
            i = end + 1;
            const bool closing = !inside.empty() && inside[0] == '/';
            if (closing) inside.remove_prefix(1);
            std::size_t name_end = 0;
            while (name_end < inside.size() && !space(inside[name_end]) && inside[name_end] != '/') ++name_end;
            std::string tag;
            for (char t : inside.substr(0, name_end)) tag += ascii_lower(t);
            if (!closing && (tag == "script" || tag == "style" || tag == "head" || tag == "title")) {
                // Skipped to its end tag, whatever it holds.
                std::size_t k = i;
                std::string lowered;
                const std::string close = "</" + tag;
                while (k < html.size()) {
                    const std::size_t lt = html.find("</", k);
                    if (lt == std::string_view::npos) {
                        k = html.size();
                        break;
                    }
                    std::string candidate;
                    for (char t : html.substr(lt, close.size())) candidate += ascii_lower(t);
                    if (candidate == close) {
                        const std::size_t gt = html.find('>', lt);
                        k = gt == std::string_view::npos ? html.size() : gt + 1;
                        break;
                    }
                    k = lt + 2;
                }
                i = k;
                continue;
            }
            if (tag == "a") {
                if (!closing) {
                    link = attribute(inside.substr(name_end), "href");
                    link_text.clear();
                    in_link = true;
                } else if (in_link) {
                    in_link = false;
                    std::string shown;
                    for (char t : link_text)
                        if (!space(t)) shown += t;
                    std::string target = link;
                    if (target.starts_with("mailto:")) target.erase(0, 7);
                    if (!link.empty() && !link.starts_with('#') && shown != target && shown != link)
                        out.raw(" <" + link + ">");
                }
                continue;
            }
            if (block_tag(tag)) {
                const bool paragraph = tag == "p" || tag[0] == 'h' || tag == "table" || tag == "blockquote";
                out.line_break(paragraph && tag != "hr");
                if (tag == "li" && !closing) out.raw("- ");
            }
            continue;
        }
        if (c == '&') {
            std::string decoded;
            if (const std::size_t taken = decode_reference(html, i, decoded)) {
                // A decoded no-break space is a space the browser would show.
                if (decoded == " ")
                    out.raw(" ");
                else
                    out.text(decoded);
                if (in_link) link_text += decoded;
                i += taken;
                continue;
            }
        }
        const std::size_t next = std::min(html.find_first_of("<&", i + 1), html.size());
        out.text(html.substr(i, next - i));
        if (in_link) link_text += html.substr(i, next - i);
        i = next;
    }
    return out.done();
}

}  // namespace svc::io
