// The reply check (lib/reply_check.hpp): the phrase matcher, its pattern syntax, and the
// [language] section of the policy; placeholders of knowledge-base entries (lib/kb.hpp).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "error.hpp"
#include "kb.hpp"
#include "policy/policy.hpp"
#include "reply_check.hpp"
#include "support.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

LanguageRules rules(std::vector<std::pair<std::string, std::string>> avoid, std::vector<std::string> vague) {
    LanguageRules r;
    for (auto& [phrase, instead] : avoid) r.avoid.push_back({compile_pattern(phrase), instead, "reason"});
    for (auto& v : vague) r.vague_time.push_back(compile_pattern(v));
    r.vague_instead = "15 分钟内给您回电";
    return r;
}

// "kind:phrase@line:column" per finding, space-separated.
std::string found(const LanguageRules& r, std::string_view text) {
    std::string out;
    for (const Finding& f : check_text(r, text))
        out += (out.empty() ? "" : " ") + std::string(to_string(f.kind)) + ":" + f.match + "@" +
               std::to_string(f.line) + ":" + std::to_string(f.column);
    return out;
}

const LanguageRules& shipped() {
    static const Policy p = parse_policy(default_policy_text(), "default");
    return p.language;
}

std::string policy_error(const std::string& language) {
    const std::string base = std::string(default_policy_text());
    // The shipped policy ends with its [language] section: replace it.
    const std::string text = base.substr(0, base.find("\n[language]")) + "\n" + language;
    try {
        parse_policy(text, "test.toml");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
        return e.what();
    }
    FAIL("the policy was accepted");
    return {};
}

// The line of the policy text where `marker` appears (1-based).
std::size_t line_of(const std::string& language, std::string_view marker) {
    const std::string base = std::string(default_policy_text());
    const std::string text = base.substr(0, base.find("\n[language]")) + "\n" + language;
    const std::size_t at = text.find(marker);
    return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n')) + 1;
}

}  // namespace

TEST_CASE("empty text and text without a rule have no findings") {
    const auto r = rules({{"我不知道", "我帮您核实"}}, {"尽快"});
    CHECK(found(r, "").empty());
    CHECK(found(r, "\n\n").empty());
    CHECK(found(r, "您好, 已为您处理, 今天 18:00 前回电").empty());
    CHECK(found(LanguageRules{}, "我不知道").empty());
}

TEST_CASE("an avoided phrase is found with its line and column, and its suggestion") {
    const auto r = rules({{"我不知道", "我需要帮您核实, 10 分钟内给您回电"}}, {});
    const auto f = check_text(r, "您好\n这个我不知道。");
    REQUIRE(f.size() == 1);
    CHECK(f[0].kind == FindingKind::avoid);
    CHECK(f[0].line == 2);
    CHECK(f[0].column == 3);
    CHECK(f[0].phrase == "我不知道");
    CHECK(f[0].instead == "我需要帮您核实, 10 分钟内给您回电");
    CHECK(f[0].reason == "reason");
    CHECK(has_avoided(f));
    CHECK_FALSE(has_vague(f));
}

TEST_CASE("overlapping phrases: the longer finding of a kind covers the shorter") {
    const auto r = rules({{"不知道", "a"}, {"我不知道", "b"}}, {});
    CHECK(found(r, "我不知道") == "avoid:我不知道@1:1");
    CHECK(found(r, "他不知道") == "avoid:不知道@1:2");
    // Two rules matching the same span: the first listed is kept.
    const auto same = rules({{"没办法", "a"}, {"没办法", "b"}}, {});
    const auto f = check_text(same, "真没办法");
    REQUIRE(f.size() == 1);
    CHECK(f[0].instead == "a");
    // Findings of different kinds both stay, in order of their column.
    const auto mixed = rules({{"不可能", "a"}}, {"可能…[点天]"});
    CHECK(found(mixed, "不可能明天到") == "avoid:不可能@1:1 vague:可能明天@1:2");
}

TEST_CASE("each rule is reported once per line, on every line it occurs") {
    const auto r = rules({}, {"尽快"});
    CHECK(found(r, "尽快尽快, 尽快") == "vague:尽快@1:1");
    CHECK(found(r, "尽快\n好的\n尽快处理") == "vague:尽快@1:1 vague:尽快@3:1");
}

TEST_CASE("a gap stands for at most six characters within a clause") {
    const auto r = rules({}, {"可能…[点天]", "大概…[点天]"});
    CHECK(found(r, "可能明天") == "vague:可能明天@1:1");
    CHECK(found(r, "可能天") == "vague:可能天@1:1");  // zero characters
    CHECK(found(r, "大概下午三点到") == "vague:大概下午三点@1:1");
    CHECK(found(r, "可能一二三四五六天") == "vague:可能一二三四五六天@1:1");  // six
    CHECK(found(r, "可能一二三四五六七天").empty());                          // seven
    CHECK(found(r, "可能是质量问题，明天给您答复").empty());                  // a full-width comma ends the clause
    CHECK(found(r, "可能是质量问题。明天").empty());
    CHECK(found(r, "可能\n明天").empty());  // and a line break
    CHECK(found(r, "可能需要").empty());
}

TEST_CASE("mixed scripts and case: Latin letters fold, Chinese matches as is") {
    const auto r = rules({{"no way", "a"}, {"不归我们管", "b"}}, {"ASAP"});
    CHECK(found(r, "Sorry, NO WAY.") == "avoid:no way@1:8");
    CHECK(found(r, "这个不归我们管 OK") == "avoid:不归我们管@1:3");
    CHECK(found(r, "we will fix it asap 尽快") == "vague:asap@1:16");
}

TEST_CASE("full-width letters, digits and punctuation match their ASCII forms") {
    const auto r = rules({{"no way", "a"}}, {"2天…[点号]"});
    CHECK(found(r, "ＮＯ　ＷＡＹ！") == "avoid:no way@1:1");  // NFKC: full-width letters, ideographic space
    CHECK(found(r, "２天后5号") == "vague:2天后5号@1:1");
    const auto bang = rules({{"我不知道！", "a"}}, {});
    CHECK(found(bang, "我不知道!") == "avoid:我不知道!@1:1");  // a full-width rule matches ASCII text
}

TEST_CASE("a character class matches one of its characters") {
    const auto r = rules({{"你们自己…[办查]", "a"}}, {});
    CHECK(found(r, "你们自己看着办") == "avoid:你们自己看着办@1:1");
    CHECK(found(r, "你们自己去查") == "avoid:你们自己去查@1:1");
    CHECK(found(r, "你们自己的订单").empty());
}

TEST_CASE("text that is not UTF-8 is refused with its line") {
    const auto r = rules({{"我不知道", "a"}}, {});
    const std::string msg = error_message([&] { check_text(r, "ok\n\xff\xfe"); });
    CHECK(contains(msg, "line 2"));
}

TEST_CASE("pattern syntax errors are named") {
    CHECK(contains(error_message([] { compile_pattern(""); }), "must not be empty"));
    CHECK(contains(error_message([] { compile_pattern("  "); }), "must not be empty"));
    CHECK(contains(error_message([] { compile_pattern("可能[点天"); }), "'[' without its ']'"));
    CHECK(contains(error_message([] { compile_pattern("可能[]"); }), "empty class"));
    CHECK(contains(error_message([] { compile_pattern("可能]"); }), "']' without its '['"));
    CHECK(contains(error_message([] { compile_pattern("…可能"); }), "start or end with a gap"));
    CHECK(contains(error_message([] { compile_pattern("可能…"); }), "start or end with a gap"));
    CHECK(contains(error_message([] { compile_pattern("a…b…c…d"); }), "more than 2 gaps"));
    CHECK(contains(error_message([] { compile_pattern("a……b"); }), "two gaps"));
    CHECK_NOTHROW(compile_pattern("a...b"));
}

TEST_CASE("long text is checked quickly: no backtracking blow-up") {
    const auto r = rules({}, {"a…a…b"});
    const std::string text(200000, 'a');
    CHECK(check_text(r, text).empty());
}

TEST_CASE("the shipped policy has the practice's rules") {
    const LanguageRules& r = shipped();
    CHECK(r.avoid.size() == 5);
    CHECK(found(r, "这个我不知道") == "avoid:我不知道@1:3");
    CHECK(found(r, "我们会尽快处理") == "vague:尽快@1:4");
    CHECK(found(r, "大概明天到") == "vague:大概明天@1:1");
    CHECK(found(r, "15 分钟内会有售后同事给您打电话").empty());
    CHECK(r.vague_instead == "15 分钟内会有售后同事给您打电话");
}

TEST_CASE("a bad [language] section is refused with its line and column") {
    const std::string empty_phrase = "[language]\navoid = [\n  { phrase = \"\", instead = \"x\" },\n]\n";
    const std::string msg = policy_error(empty_phrase);
    CHECK(contains(msg, fmt::format("test.toml:{}:14:", line_of(empty_phrase, "{ phrase"))));
    CHECK(contains(msg, "must not be empty"));
    CHECK(contains(policy_error("[language]\navoid = [{ phrase = \"没办法\" }]\n"), "needs 'phrase' and 'instead'"));
    CHECK(contains(policy_error("[language]\navoid = [{ phrase = \"没办法\", instead = \"a\", why = \"b\" }]\n"),
                   "unknown key 'language.avoid.why'"));
    CHECK(contains(
        policy_error(
            "[language]\navoid = [{ phrase = \"a\", instead = \"b\" }, { phrase = \"a\", instead = \"c\" }]\n"),
        "listed twice"));
    CHECK(contains(policy_error("[language]\nvague_time = [\"可能[点天\"]\n"), "'[' without its ']'"));
    CHECK(contains(policy_error("[language]\nvague_time = \"尽快\"\n"), "must be a list"));
    CHECK(contains(policy_error("[language]\nvague = []\n"), "unknown key 'language.vague'"));
}

TEST_CASE("placeholders are filled; braces are escaped by doubling") {
    auto values = [](std::string_view name) -> std::string {
        if (name == "customer") return "张伟";
        if (name == "ticket") return "42";
        fail(ErrorKind::usage, "unknown placeholder {{{}}}", name);
    };
    CHECK(fill_placeholders("{customer}您好, 工单 {ticket}", values) == "张伟您好, 工单 42");
    CHECK(fill_placeholders("{{customer}} {\"a\":1} {Customer} { }", values) == "{customer} {\"a\":1} {Customer} { }");
    CHECK(contains(error_message([&] { fill_placeholders("{phone}", values); }), "{phone}"));
    CHECK(placeholders_in("{due} {customer} {due}") == std::vector<std::string>{"due", "customer"});
}
