#include <doctest/doctest.h>

#include <algorithm>

#include "review.hpp"

using namespace svc;

namespace {
std::vector<QaCandidate> candidates(int n) {
    std::vector<QaCandidate> out;
    for (int i = 1; i <= n; ++i) out.push_back({i, i % 3 == 0 ? "wang" : "li", "complaint", std::nullopt, "s", 0});
    return out;
}
std::vector<std::int64_t> ids(const std::vector<QaCandidate>& v) {
    std::vector<std::int64_t> out;
    for (const auto& c : v) out.push_back(c.ticket_id);
    return out;
}
}  // namespace

TEST_CASE("summary words are character pairs for Chinese and whole words otherwise") {
    CHECK(summary_words("取件码") == std::vector<std::string>{"取件", "件码"});
    CHECK(summary_words("没收到, 取件码") == std::vector<std::string>{"没收", "收到", "取件", "件码"});
    CHECK(summary_words("App 闪退 OK") == std::vector<std::string>{"app", "闪退", "ok"});
    CHECK(summary_words("a 的").empty());
}

TEST_CASE("shared words join adjacent shared pairs into the longest shared phrase") {
    const std::vector<std::string> texts{"一直没收到取件码, 取不了快递", "取件码短信没来", "取件码一直收不到"};
    const auto words = shared_words(texts, 3);
    CHECK(words == std::vector<std::string>{"取件码"});
    CHECK(shared_words({"屏幕有划痕", "屏幕有划痕, 要求换货", "屏幕有划痕"}, 2) ==
          std::vector<std::string>{"屏幕有划痕"});
    CHECK(shared_words({"退款没到账", "发票开错了"}, 2).empty());
    CHECK(shared_words({"App crash on login", "app crash again"}, 2) == std::vector<std::string>{"app", "crash"});
}

TEST_CASE("the quality-inspection sample is the same for the same seed") {
    const auto all = candidates(20);
    const auto a = draw_sample(all, 5, 42, false);
    CHECK(a.size() == 5);
    CHECK(ids(a) == ids(draw_sample(all, 5, 42, false)));
    CHECK(std::is_sorted(a.begin(), a.end(), [](auto& x, auto& y) { return x.ticket_id < y.ticket_id; }));
    // The input order does not matter, only the candidates.
    auto reversed = all;
    std::reverse(reversed.begin(), reversed.end());
    CHECK(ids(a) == ids(draw_sample(reversed, 5, 42, false)));
    CHECK(ids(a) != ids(draw_sample(all, 5, 43, false)));
    CHECK(draw_sample(all, 50, 1, false).size() == 20);
}

TEST_CASE("per agent, the sample takes the count of each owner") {
    const auto s = draw_sample(candidates(20), 2, 7, true);
    REQUIRE(s.size() == 4);
    CHECK(s[0].owner == "li");
    CHECK(s[1].owner == "li");
    CHECK(s[2].owner == "wang");
    CHECK(s[3].owner == "wang");
}

TEST_CASE("an action item's state at an instant") {
    ReviewAction a;
    a.due = 100;
    CHECK(action_state(a, 100) == "open");
    CHECK(action_state(a, 101) == "overdue");
    a.done_at = 150;
    CHECK(action_state(a, 150) == "overdue");
    CHECK(action_state(a, 151) == "done");
}
