// The language of messages as gettext would choose it from the environment, and English
// whenever no catalogue was chosen (the library's and the tests' own state).
#include <doctest/doctest.h>

#include <map>

#include "error.hpp"
#include "i18n.hpp"

namespace {

std::string language_of(const std::map<std::string, std::string>& vars) {
    return svc::language_from_environment([&](const char* name) {
        const auto it = vars.find(name);
        return it == vars.end() ? std::string() : it->second;
    });
}

}  // namespace

TEST_CASE("the messages' language follows gettext's order of the locale variables") {
    CHECK(language_of({}) == "en");
    CHECK(language_of({{"LANG", "zh_CN.UTF-8"}}) == "zh_CN");
    CHECK(language_of({{"LANG", "zh_CN.GB18030"}}) == "zh_CN");
    CHECK(language_of({{"LANG", "zh_CN.UTF-8@pinyin"}}) == "zh_CN");
    CHECK(language_of({{"LANG", "en_US.UTF-8"}}) == "en_US");
    // LC_ALL over LC_MESSAGES over LANG.
    CHECK(language_of({{"LANG", "zh_CN.UTF-8"}, {"LC_MESSAGES", "en_GB.UTF-8"}}) == "en_GB");
    CHECK(language_of({{"LANG", "en_US.UTF-8"}, {"LC_MESSAGES", "zh_CN.UTF-8"}, {"LC_ALL", "C"}}) == "en");
    CHECK(language_of({{"LC_ALL", "zh_CN.UTF-8"}, {"LANG", "C"}}) == "zh_CN");
    // LANGUAGE picks among languages, but never over a C locale (gettext's rule).
    CHECK(language_of({{"LANG", "en_US.UTF-8"}, {"LANGUAGE", "zh_CN:en"}}) == "zh_CN");
    CHECK(language_of({{"LANG", "C"}, {"LANGUAGE", "zh_CN"}}) == "en");
    CHECK(language_of({{"LANG", "C.UTF-8"}, {"LANGUAGE", "zh_CN"}}) == "en");
    CHECK(language_of({{"LANG", "POSIX"}}) == "en");
}

TEST_CASE("without a chosen catalogue, messages and errors are the English texts") {
    CHECK(std::string(svc::tr("None this week.")) == "None this week.");
    CHECK(std::string(svc::tr_in("heading", "created_at")) == "created_at");
    CHECK(svc::trf("{} of {} shown", 3, 10) == "3 of 10 shown");
    CHECK_THROWS_WITH(svc::fail(svc::ErrorKind::usage, "--limit: '{}' is not a number", "x"),
                      "--limit: 'x' is not a number");
}

TEST_CASE("English needs no catalogue; another language needs its own") {
    CHECK(svc::has_messages("en", "/nonexistent"));
    CHECK(svc::has_messages("en_US.UTF-8", "/nonexistent"));
    CHECK_FALSE(svc::has_messages("zh_CN", "/nonexistent"));
    CHECK_FALSE(svc::use_messages("en", "/nonexistent"));
    CHECK_FALSE(svc::use_messages("zh_CN", "/nonexistent"));
}
