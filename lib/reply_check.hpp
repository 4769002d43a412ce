#pragma once
// The reply check (口径一致性): one voice towards the customer. Phrases the team has agreed
// never to say (我不知道, 没办法…) each with what to say instead, and vague time
// commitments (尽快, 稍后, 可能…天) that should be a concrete promise. Pure text work: no
// store, no clock, so scripts (`svc kb lint`) and replies are checked the same way.
//
// Pattern syntax (policy [language], see svc-policy(5)): text matches itself; "…" (or
// "...") stands for at most k_max_gap characters within the same clause (no line break and
// no , ， 。 ！ ？ ； ! ? ;); "[abc]" matches any one of the characters listed. Matching is
// per line, after NFKC normalisation and case folding of both sides, so full-width letters,
// digits and punctuation match their ASCII forms. There is no backtracking beyond the few
// gaps a pattern may hold, so any text is checked in linear time.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace svc {

inline constexpr std::size_t k_max_gap = 6;        // characters a "…" may stand for
inline constexpr std::size_t k_max_gaps = 2;       // "…" per pattern
inline constexpr std::size_t k_max_pattern = 200;  // bytes

struct PhrasePattern {
    enum class Kind { literal, any_of, gap };
    struct Element {
        Kind kind = Kind::literal;
        std::u32string chars;  // literal: one character; any_of: the set
    };
    std::string text;  // as written
    std::vector<Element> elements;
};

// Throws Error(usage) with what is wrong (the policy reader adds the position).
PhrasePattern compile_pattern(std::string_view text);

struct AvoidRule {
    PhrasePattern phrase;
    std::string instead;  // what to say instead
    std::string reason;   // why; may be empty
};

struct LanguageRules {
    std::vector<AvoidRule> avoid;
    std::vector<PhrasePattern> vague_time;
    std::string vague_instead;  // the concrete form offered for a vague commitment
};

enum class FindingKind { avoid, vague };
std::string_view to_string(FindingKind kind);  // "avoid" / "vague"

struct Finding {
    FindingKind kind = FindingKind::avoid;
    std::size_t line = 0;    // 1-based
    std::size_t column = 0;  // 1-based, in characters of the normalised line
    std::string phrase;      // the rule's pattern as written
    std::string match;       // the text it matched (normalised)
    std::string instead, reason;
};

// Every finding in the text, by line and column. Each rule is reported once per line (its
// first match); a finding lying inside a longer one of the same kind is left out, so
// "不知道" adds nothing to "我不知道". Throws Error(usage) for text that is not UTF-8.
std::vector<Finding> check_text(const LanguageRules& rules, std::string_view text);

bool has_avoided(const std::vector<Finding>& findings);
bool has_vague(const std::vector<Finding>& findings);

}  // namespace svc
