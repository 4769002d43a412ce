// Customers' contact details as people type them (lib/customers.hpp).
#include <doctest/doctest.h>

#include "customers.hpp"
#include "error.hpp"
#include "support.hpp"

using namespace svc;
using namespace svc::testing;

TEST_CASE("a Chinese mobile number is one number however it is written") {
    for (const char* written : {"13800001234", "138 0000 1234", "138-0000-1234", "+86 138-0000-1234", "+8613800001234",
                                "008613800001234", "0086 138 0000 1234", "8613800001234", "(+86) 138.0000.1234"})
        CHECK(normalize_phone("--phone", written) == "13800001234");
}

TEST_CASE("a Chinese landline with its country code is kept with its trunk 0") {
    CHECK(normalize_phone("--phone", "+86 10 8888 1234") == "01088881234");
    CHECK(normalize_phone("--phone", "0086 755 1234567") == "07551234567");
    CHECK(normalize_phone("--phone", "010-88881234") == "01088881234");
}

TEST_CASE("numbers of other countries keep their country code") {
    CHECK(normalize_phone("--phone", "+852 9123 4567") == "+85291234567");
    CHECK(normalize_phone("--phone", "+1 (415) 555-0100") == "+14155550100");
    CHECK(normalize_phone("--phone", "400-800-8888") == "4008008888");
}

TEST_CASE("a phone that is not one is refused, naming the flag") {
    CHECK(contains(error_message([] { normalize_phone("--phone", "138****1234"); }), "--phone"));
    CHECK(contains(error_message([] { normalize_phone("--phone", "12"); }), "5 to 20 digits"));
    CHECK_THROWS_AS(normalize_phone("--phone", "+86"), Error);
}
