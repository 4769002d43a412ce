#include "reply_check.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "error.hpp"

namespace svc {

namespace {

// NFKC with case folding: full-width forms become ASCII, "Ｒｅｆｕｎｄ" reads as "refund".
// False for text that is not valid UTF-8.
bool normalise(std::string_view in, std::u32string& out) {
    out.clear();
    if (in.empty()) return true;
    utf8proc_uint8_t* mapped = nullptr;
    const utf8proc_ssize_t n = utf8proc_map(
        reinterpret_cast<const utf8proc_uint8_t*>(in.data()), static_cast<utf8proc_ssize_t>(in.size()), &mapped,
        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD));
    if (n < 0) return false;
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> hold(mapped, &std::free);
    utf8proc_ssize_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp = 0;
        const utf8proc_ssize_t len = utf8proc_iterate(mapped + i, n - i, &cp);
        if (len <= 0) return false;
        out.push_back(static_cast<char32_t>(cp));
        i += len;
    }
    return true;
}

std::string encode(std::u32string_view s) {
    std::string out;
    for (char32_t c : s) {
        utf8proc_uint8_t buf[4];
        const auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(c), buf);
        out.append(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(n));
    }
    return out;
}

// Where a clause ends: a gap never reaches across one (after NFKC, "，" is ",").
bool is_break(char32_t c) {
    switch (c) {
        case U'\n':
        case U'\r':
        case U',':
        case U'.':
        case U'!':
        case U'?':
        case U';':
        case U'\u3002':
        case U'\u3001':
        case U'\uFF0C':
        case U'\uFF01':
        case U'\uFF1F':
        case U'\uFF1B':
            return true;
        default:
            return false;
    }
}

// Matches elements[e…] at text[t…]; on success `end` is one past the match. Gaps take as
// few characters as possible, so the first match found is the shortest at that start.
bool match_at(const std::vector<PhrasePattern::Element>& elements, std::size_t e, std::u32string_view text,
              std::size_t t, std::size_t& end) {
    if (e == elements.size()) {
        end = t;
        return true;
    }
    const auto& el = elements[e];
    switch (el.kind) {
        case PhrasePattern::Kind::literal:
            return t < text.size() && text[t] == el.chars[0] && match_at(elements, e + 1, text, t + 1, end);
        case PhrasePattern::Kind::any_of:
            return t < text.size() && el.chars.find(text[t]) != std::u32string::npos &&
                   match_at(elements, e + 1, text, t + 1, end);
        case PhrasePattern::Kind::gap:
            for (std::size_t k = 0; k <= k_max_gap; ++k) {
                if (match_at(elements, e + 1, text, t + k, end)) return true;
                if (t + k >= text.size() || is_break(text[t + k])) break;
            }
            return false;
    }
    return false;
}

// The first match of the pattern in the line: [start, end).
bool find(const PhrasePattern& p, std::u32string_view line, std::size_t& start, std::size_t& end) {
    if (p.elements.empty()) return false;
    for (std::size_t t = 0; t < line.size(); ++t) {
        if (match_at(p.elements, 0, line, t, end)) {
            start = t;
            return true;
        }
    }
    return false;
}

struct Hit {
    Finding finding;
    std::size_t start, end;
};

}  // namespace

PhrasePattern compile_pattern(std::string_view text) {
    if (text.find_first_not_of(" \t") == std::string_view::npos) fail(ErrorKind::usage, "a phrase must not be empty");
    if (text.size() > k_max_pattern) fail(ErrorKind::usage, "a phrase is limited to {} bytes", k_max_pattern);
    std::u32string s;
    if (!normalise(text, s)) fail(ErrorKind::usage, "\"{}\" is not valid UTF-8", text);
    PhrasePattern p;
    p.text = std::string(text);
    std::size_t gaps = 0;
    for (std::size_t i = 0; i < s.size();) {
        if (s.compare(i, 3, U"...") == 0) {
            if (++gaps > k_max_gaps) fail(ErrorKind::usage, "\"{}\" has more than {} gaps (…)", text, k_max_gaps);
            if (!p.elements.empty() && p.elements.back().kind == PhrasePattern::Kind::gap)
                fail(ErrorKind::usage, "\"{}\" has two gaps (…) in a row", text);
            p.elements.push_back({PhrasePattern::Kind::gap, {}});
            i += 3;
        } else if (s[i] == U'[') {
            const std::size_t close = s.find(U']', i + 1);
            if (close == std::u32string::npos) fail(ErrorKind::usage, "\"{}\" has '[' without its ']'", text);
            std::u32string set = s.substr(i + 1, close - i - 1);
            if (set.empty()) fail(ErrorKind::usage, "\"{}\" has an empty class []", text);
            if (set.find(U'[') != std::u32string::npos) fail(ErrorKind::usage, "\"{}\" has '[' inside a class", text);
            p.elements.push_back({PhrasePattern::Kind::any_of, std::move(set)});
            i = close + 1;
        } else if (s[i] == U']') {
            fail(ErrorKind::usage, "\"{}\" has ']' without its '['", text);
        } else {
            p.elements.push_back({PhrasePattern::Kind::literal, std::u32string(1, s[i])});
            ++i;
        }
    }
    // A gap at either end would only widen the reported match, never change what matches.
    if (p.elements.front().kind == PhrasePattern::Kind::gap || p.elements.back().kind == PhrasePattern::Kind::gap)
        fail(ErrorKind::usage, "\"{}\" must not start or end with a gap (…)", text);
    return p;
}

std::string_view to_string(FindingKind kind) {
    return kind == FindingKind::avoid ? "avoid" : "vague";
}

std::vector<Finding> check_text(const LanguageRules& rules, std::string_view text) {
    std::vector<Finding> out;
    std::size_t line_no = 0;
    std::u32string line;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t nl = text.find('\n', pos);
        const std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++line_no;
        if (!normalise(raw, line)) fail(ErrorKind::usage, "line {}: not valid UTF-8", line_no);
        std::vector<Hit> hits;
        auto look = [&](const PhrasePattern& p, FindingKind kind, const std::string& instead,
                        const std::string& reason) {
            std::size_t start = 0, end = 0;
            if (!find(p, line, start, end)) return;
            Finding f{kind,    line_no, start + 1, p.text, encode(std::u32string_view(line).substr(start, end - start)),
                      instead, reason};
            hits.push_back({std::move(f), start, end});
        };
        for (const AvoidRule& r : rules.avoid) look(r.phrase, FindingKind::avoid, r.instead, r.reason);
        for (const PhrasePattern& p : rules.vague_time) look(p, FindingKind::vague, rules.vague_instead, "");
        // Leave out what a longer (or earlier, equally long) finding of the same kind covers.
        std::vector<bool> covered(hits.size(), false);
        for (std::size_t i = 0; i < hits.size(); ++i)
            for (std::size_t j = 0; j < hits.size(); ++j) {
                if (i == j || hits[i].finding.kind != hits[j].finding.kind) continue;
                const bool inside = hits[j].start <= hits[i].start && hits[i].end <= hits[j].end;
                const bool same = hits[j].start == hits[i].start && hits[j].end == hits[i].end;
                if (inside && (!same || j < i)) covered[i] = true;
            }
        std::vector<std::size_t> kept;
        for (std::size_t i = 0; i < hits.size(); ++i)
            if (!covered[i]) kept.push_back(i);
        std::stable_sort(kept.begin(), kept.end(),
                         [&](std::size_t a, std::size_t b) { return hits[a].start < hits[b].start; });
        for (std::size_t i : kept) out.push_back(std::move(hits[i].finding));
    }
    return out;
}

bool has_avoided(const std::vector<Finding>& findings) {
    return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.kind == FindingKind::avoid; });
}

bool has_vague(const std::vector<Finding>& findings) {
    return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.kind == FindingKind::vague; });
}

}  // namespace svc
