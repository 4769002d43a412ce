// Values from the store for shell completion: the prefix narrows before the cap, so a
// ticket past the first 500 still completes.
#include <doctest/doctest.h>

#include <algorithm>

#include "centre.hpp"
#include "completion.hpp"
#include "customers.hpp"

using namespace svc;
using namespace svc::testing;

TEST_CASE("completion applies the prefix before the 500-value cap") {
    Centre c;
    for (int i = 0; i < 620; ++i) {
        c.later(60);  // the most recently changed are the newest
        open_ticket(c.ctx(), request("chat", "inquiry", "问题", "1380000" + std::to_string(1000 + i)));
    }
    const auto all = completion_values(c.store(), CompletionValues::open_tickets);
    CHECK(all.size() == 500);
    // Ticket 12 is among the oldest, so past the cap of the most recently changed.
    CHECK(std::find(all.begin(), all.end(), "12") == all.end());
    const auto twelve = completion_values(c.store(), CompletionValues::open_tickets, "12");
    CHECK(std::find(twelve.begin(), twelve.end(), "12") != twelve.end());
    CHECK(std::find(twelve.begin(), twelve.end(), "120") != twelve.end());
    CHECK(std::all_of(twelve.begin(), twelve.end(), [](const std::string& v) { return v.starts_with("12"); }));
    CHECK(twelve.size() == 1 + 10 + 0);  // 12, 120–129 (1200 and up do not exist)
    CHECK(completion_values(c.store(), CompletionValues::open_tickets, "#12") ==
          completion_values(c.store(), CompletionValues::open_tickets, "12"));
    CHECK(completion_values(c.store(), CompletionValues::open_tickets, "x1").empty());
    CHECK(completion_values(c.store(), CompletionValues::open_tickets, "9999").empty());
}

TEST_CASE("customer refs complete by prefix among more than the cap") {
    Centre c;
    for (int i = 0; i < 520; ++i) {
        NewCustomer n;
        n.name = "客户" + std::to_string(i);
        n.phone = "1390000" + std::to_string(1000 + i);
        n.ref = "CRM-" + std::to_string(i);
        add_customer(c.ctx(), n);
    }
    const auto refs = completion_values(c.store(), CompletionValues::customers, "CRM-51");
    CHECK(refs == std::vector<std::string>{"CRM-51", "CRM-510", "CRM-511", "CRM-512", "CRM-513", "CRM-514", "CRM-515",
                                           "CRM-516", "CRM-517", "CRM-518", "CRM-519"});
}
