// Money as typed: yuan with at most two decimals (lib/money.hpp).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "error.hpp"
#include "money.hpp"
#include "support.hpp"

using namespace svc;
using namespace svc::testing;

TEST_CASE("parse_yuan reads yuan and fen exactly") {
    CHECK(parse_yuan("--amount", "50") == 5000);
    CHECK(parse_yuan("--amount", "49.9") == 4990);
    CHECK(parse_yuan("--amount", "49.90") == 4990);
    CHECK(parse_yuan("--amount", "0.01") == 1);
    CHECK(parse_yuan("--amount", " 80 ") == 8000);
    CHECK(parse_yuan("--amount", "100000000") == k_max_fen);
    CHECK(parse_yuan("--comp-limit", "0", true) == 0);
}

TEST_CASE("parse_yuan refuses what is not an amount, naming the flag") {
    for (const char* bad : {"nan", "NaN", "inf", "-inf", "-0.5", "+5", "1e309", "1e3", "0x10", "12.345", "5.", ".5",
                            "5,00", "", "  ", "五十", "100000000.01", "999999999999999999999"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_yuan("--amount", bad), Error);
        CHECK(contains(error_message([&] { parse_yuan("--amount", bad); }), "--amount"));
    }
    CHECK(contains(error_message([] { parse_yuan("--amount", "12.345"); }), "more than two decimals"));
    CHECK(contains(error_message([] { parse_yuan("--amount", "0"); }), "more than 0"));
}

TEST_CASE("yuan_problem holds a number from a file to the same rules") {
    CHECK_FALSE(yuan_problem(0));
    CHECK_FALSE(yuan_problem(50));
    CHECK_FALSE(yuan_problem(49.9));
    CHECK_FALSE(yuan_problem(0.01));
    CHECK(yuan_problem(std::numeric_limits<double>::quiet_NaN()));
    CHECK(yuan_problem(std::numeric_limits<double>::infinity()));
    CHECK(yuan_problem(-0.5));
    CHECK(yuan_problem(12.345));
    CHECK(yuan_problem(1e12));
}

TEST_CASE("format_yuan writes two decimals") {
    CHECK(format_yuan(4990) == "49.90");
    CHECK(format_yuan(5) == "0.05");
    CHECK(format_yuan(0) == "0.00");
}
