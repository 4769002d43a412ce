// The store: schema migrations, the append-only audit trail, customers, agents, policy
// versions and health checks (lib/store/store.hpp), on in-memory SQLite.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "error.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

// A fresh, migrated in-memory store.
struct Fresh {
    SqliteStore store{":memory:", 5, true};
    Fresh() { store.migrate(); }
    // What check finds after `sql` has run: exactly one problem, returned.
    std::string the_problem_after(const std::string& sql) {
        store.db().exec(sql);
        const StoreCheck c = store.check();
        REQUIRE(c.problems.size() == 1);
        return c.problems.front();
    }
};

Customer customer(std::string name, std::optional<std::string> phone = std::nullopt,
                  std::optional<std::string> ref = std::nullopt) {
    Customer c;
    c.name = std::move(name);
    c.phone = std::move(phone);
    c.ref = std::move(ref);
    c.created_at = c.updated_at = 1795399200;
    return c;
}

AuditEvent event(Entity entity, std::int64_t id, std::string action) {
    AuditEvent e;
    e.at = 1795399200;
    e.actor = "wang";
    e.entity = entity;
    e.entity_id = id;
    e.kind = event_kind(entity, action);
    e.action = std::move(action);
    e.detail = R"({"text":"hello"})";
    return e;
}

// Appends in a transaction of its own, unless one is open.
std::int64_t append(SqliteStore& store, const AuditEvent& e) {
    if (store.in_transaction()) return store.trail().append_audit(e);
    WriteTransaction tx(store);
    const std::int64_t id = store.trail().append_audit(e);
    tx.commit();
    return id;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Schema

TEST_CASE("a new store is at schema version 0 and migrates to the latest") {
    SqliteStore store(":memory:", 5, true);
    CHECK(store.schema_version() == 0);
    CHECK(store.latest_schema_version() >= 1);
    CHECK(store.migrate() == 0);
    CHECK(store.schema_version() == store.latest_schema_version());
}

TEST_CASE("migrating an up-to-date store changes nothing") {
    Fresh f;
    const int latest = f.store.latest_schema_version();
    CHECK(f.store.migrate() == latest);
    CHECK(f.store.schema_version() == latest);
}

TEST_CASE("a store newer than this svc is refused naming both versions") {
    SqliteStore store(":memory:", 5, true);
    store.migrate();
    const int latest = store.latest_schema_version();
    store.db().exec("PRAGMA user_version = " + std::to_string(latest + 41));
    CHECK_THROWS_AS(store.migrate(), Error);
    const std::string msg = error_message([&] { store.migrate(); }, ErrorKind::storage);
    CHECK(contains(msg, "version " + std::to_string(latest + 41)));
    CHECK(contains(msg, "up to " + std::to_string(latest)));
    CHECK(store.schema_version() == latest + 41);  // left alone
}

TEST_CASE("the store path is kept, :memory: included") {
    SqliteStore store(":memory:", 5, true);
    CHECK(store.path() == ":memory:");
}

TEST_CASE("a missing store file is not created unless asked") {
    CHECK_THROWS_AS(SqliteStore("/nonexistent-dir-for-svc-tests/store.db", 5, false), Error);
    const std::string msg =
        error_message([] { SqliteStore("/nonexistent-dir-for-svc-tests/store.db", 5, false); }, ErrorKind::storage);
    CHECK(contains(msg, "/nonexistent-dir-for-svc-tests/store.db"));
}

TEST_CASE("the migrated store has the expected tables, all empty") {
    Fresh f;
    const auto counts = f.store.table_counts();
    std::vector<std::string> names;
    for (const auto& c : counts) {
        names.push_back(c.table);
        CAPTURE(c.table);
        CHECK(c.rows == (c.table == "event_counter" ? 1 : 0));  // the trail's one counter row
    }
    for (const char* t : {"agent", "actor", "event", "event_kind", "customer", "customer_note", "policy_version"}) {
        CAPTURE(t);
        CHECK(std::find(names.begin(), names.end(), t) != names.end());
    }
    CHECK(f.store.file_size() > 0);
}

// ---------------------------------------------------------------------------------------
// Health

TEST_CASE("a fresh store is healthy") {
    Fresh f;
    const StoreCheck c = f.store.check();
    CHECK(c.problems.empty());
    CHECK(c.schema_version == f.store.latest_schema_version());
}

TEST_CASE("check reports an unmigrated store") {
    SqliteStore store(":memory:", 5, true);
    const StoreCheck c = store.check();
    CHECK(c.schema_version == 0);
    REQUIRE_FALSE(c.problems.empty());
    CHECK(contains(c.problems.front(), "schema version 0"));
}

TEST_CASE("check reports an audit trail that lost its protection") {
    Fresh f;
    CHECK(contains(f.the_problem_after("DROP TRIGGER audit_no_delete"), "audit"));
}

TEST_CASE("check reports a note whose customer is gone") {
    Fresh f;
    f.store.db().exec("PRAGMA foreign_keys = OFF");
    CHECK(contains(
        f.the_problem_after("INSERT INTO customer_note (customer_id, at, actor, text) VALUES (99, 0, 'x', 'orphan')"),
        "foreign key"));
}

TEST_CASE("check names a missing index and how to create it again") {
    Fresh f;
    const std::string problem = f.the_problem_after("DROP INDEX ticket_by_owner");
    CHECK(contains(problem, "index ticket_by_owner is missing"));
    CHECK(contains(problem, "sqlite3 :memory: 'CREATE INDEX ticket_by_owner ON ticket (owner, created_at)'"));
}

TEST_CASE("an index laid out over several lines is named on one, and created again from it, checks clean") {
    Fresh f;
    const std::string problem = f.the_problem_after("DROP INDEX ticket_by_resolved");
    CHECK(problem.find('\n') == std::string::npos);
    const std::size_t from = problem.find("'CREATE"), to = problem.rfind('\'');
    REQUIRE(from != std::string::npos);
    f.store.db().exec(problem.substr(from + 1, to - from - 1));
    CHECK(f.store.check().problems.empty());
}

TEST_CASE("check names an index that differs from the schema") {
    Fresh f;
    f.store.db().exec("DROP INDEX ticket_by_owner");
    CHECK(contains(f.the_problem_after("CREATE INDEX ticket_by_owner ON ticket (owner)"),
                   "index ticket_by_owner differs"));
}

namespace {

// The names of the store's indexes (of one table when given), in order.
std::vector<std::string> index_names(SqliteStore& store, std::string_view table = {}) {
    sql::Statement s = store.db().prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'index' AND (?1 = '' OR tbl_name = ?1) ORDER BY name");
    s.bind(1, table);
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
}

}  // namespace

TEST_CASE("deferred indexes are set aside while writing and built again after") {
    Fresh f;
    const auto before = index_names(f.store);
    std::vector<std::string> during;
    sql::Transaction tx(f.store.db());
    f.store.with_indexes_deferred({"ticket", "survey", "customer"}, [&] {
        during = index_names(f.store, "ticket");
        // Unique indexes stay while the others are away, and so do their constraints.
        CHECK(index_names(f.store, "survey") == std::vector<std::string>{"survey_once"});
        CHECK(index_names(f.store, "customer") ==
              std::vector<std::string>{"sqlite_autoindex_customer_1", "sqlite_autoindex_customer_2"});
        f.store.people().insert_customer(customer("张伟", "13800001234"));
        CHECK_THROWS_AS(f.store.people().insert_customer(customer("李娜", "13800001234")), Error);
        append(f.store, event(Entity::ticket, 1, "open"));
    });
    tx.commit();
    CHECK(during.empty());
    CHECK(index_names(f.store) == before);
    CHECK(f.store.check().problems.empty());
    CHECK(f.store.trail().audit_for(Entity::ticket, 1).size() == 1);
}

TEST_CASE("indexes are not set aside outside a transaction") {
    Fresh f;
    const auto before = index_names(f.store);
    CHECK_THROWS_AS(f.store.with_indexes_deferred({"ticket"}, [] {}), Error);
    CHECK(index_names(f.store) == before);
}

TEST_CASE("a failed deferred write rolls back with its transaction, indexes included") {
    Fresh f;
    const auto before = index_names(f.store);
    {
        sql::Transaction tx(f.store.db());
        CHECK_THROWS_AS(f.store.with_indexes_deferred({"ticket", "audit"},
                                                      [&] {
                                                          append(f.store, event(Entity::ticket, 1, "open"));
                                                          fail(ErrorKind::usage, "line 3: bad");
                                                      }),
                        Error);
    }
    CHECK(index_names(f.store) == before);
    CHECK(f.store.trail().audit_for(Entity::ticket, 1).empty());
    CHECK(f.store.check().problems.empty());
}

// ---------------------------------------------------------------------------------------
// The audit trail

TEST_CASE("audit events are appended and read back in order") {
    Fresh f;
    const auto first = append(f.store, event(Entity::customer, 1, "add"));
    const auto second = append(f.store, event(Entity::customer, 1, "update"));
    append(f.store, event(Entity::customer, 2, "add"));
    CHECK(second > first);
    const auto events = f.store.trail().audit_for(Entity::customer, 1);
    REQUIRE(events.size() == 2);
    CHECK(events[0].action == "add");
    CHECK(events[1].action == "update");
    CHECK(events[0].actor == "wang");
    CHECK(events[0].entity_id == 1);
    CHECK(events[0].detail == R"({"text":"hello"})");
    CHECK(f.store.trail().audit_for(Entity::ticket, 1).empty());
}

TEST_CASE("the audit table refuses UPDATE") {
    Fresh f;
    append(f.store, event(Entity::customer, 1, "add"));
    CHECK_THROWS_AS(f.store.db().exec("UPDATE audit SET actor = 'mallory'"), Error);
    const std::string msg =
        error_message([&] { f.store.db().exec("UPDATE audit SET actor = 'mallory'"); }, ErrorKind::conflict);
    CHECK(contains(msg, "append-only"));
    CHECK(f.store.trail().audit_for(Entity::customer, 1).at(0).actor == "wang");
}

TEST_CASE("the audit table refuses DELETE") {
    Fresh f;
    append(f.store, event(Entity::customer, 1, "add"));
    CHECK_THROWS_AS(f.store.db().exec("DELETE FROM audit"), Error);
    const std::string msg =
        error_message([&] { f.store.db().exec("DELETE FROM audit WHERE id = 1"); }, ErrorKind::conflict);
    CHECK(contains(msg, "append-only"));
    CHECK(f.store.trail().audit_for(Entity::customer, 1).size() == 1);
}

// ---------------------------------------------------------------------------------------
// Customers

TEST_CASE("a customer is found by id, ref and phone") {
    Fresh f;
    Customer c = customer("张伟", "13800001234", "CRM-001");
    c.email = "zhang@example.com";
    c.tier = "gold";
    const std::int64_t id = f.store.people().insert_customer(c);
    CHECK(id > 0);
    for (const auto& found :
         {f.store.people().find_customer_by_id(id), f.store.people().find_customer_by_ref("CRM-001"),
          f.store.people().find_customer_by_phone("13800001234")}) {
        REQUIRE(found.has_value());
        CHECK(found->id == id);
        CHECK(found->name == "张伟");
        CHECK(found->phone == "13800001234");
        CHECK(found->email == "zhang@example.com");
        CHECK(found->ref == "CRM-001");
        CHECK(found->tier == "gold");
        CHECK_FALSE(found->no_survey);
        CHECK(found->created_at == 1795399200);
    }
}

TEST_CASE("an unknown id, ref or phone finds nobody") {
    Fresh f;
    f.store.people().insert_customer(customer("Bob", "13900000000"));
    CHECK_FALSE(f.store.people().find_customer_by_id(999).has_value());
    CHECK_FALSE(f.store.people().find_customer_by_ref("nope").has_value());
    CHECK_FALSE(f.store.people().find_customer_by_phone("13800001234").has_value());
}

TEST_CASE("optional contact details stay unset") {
    Fresh f;
    const std::int64_t id = f.store.people().insert_customer(customer("Anonymous"));
    const auto c = f.store.people().find_customer_by_id(id);
    REQUIRE(c.has_value());
    CHECK_FALSE(c->phone.has_value());
    CHECK_FALSE(c->email.has_value());
    CHECK_FALSE(c->ref.has_value());
    CHECK(c->tier == "standard");
}

TEST_CASE("two customers cannot share a phone number") {
    Fresh f;
    f.store.people().insert_customer(customer("张伟", "13800001234"));
    CHECK_THROWS_AS(f.store.people().insert_customer(customer("李娜", "13800001234")), Error);
    const std::string msg =
        error_message([&] { f.store.people().insert_customer(customer("李娜", "13800001234")); }, ErrorKind::conflict);
    CHECK(contains(msg, "phone"));
    // the store stays usable after the refusal
    const std::int64_t id = f.store.people().insert_customer(customer("李娜", "13900005678"));
    CHECK(f.store.people().find_customer_by_id(id)->name == "李娜");
    CHECK(f.store.people().list_customers({}).size() == 2);
}

TEST_CASE("two customers cannot share a ref, but many may have none") {
    Fresh f;
    f.store.people().insert_customer(customer("A", std::nullopt, "R1"));
    CHECK_THROWS_AS(f.store.people().insert_customer(customer("B", std::nullopt, "R1")), Error);
    f.store.people().insert_customer(customer("C"));
    f.store.people().insert_customer(customer("D"));
    CHECK(f.store.people().list_customers({}).size() == 3);
}

TEST_CASE("a tier outside the vocabulary is refused by the store") {
    Fresh f;
    Customer c = customer("X");
    c.tier = "diamond";
    CHECK_THROWS_AS(f.store.people().insert_customer(c), Error);
}

TEST_CASE("customers are listed by id and filtered by tier and substring") {
    Fresh f;
    Customer a = customer("张伟", "13800001234");
    a.tier = "gold";
    f.store.people().insert_customer(a);
    f.store.people().insert_customer(customer("张三丰", "13900009999"));
    f.store.people().insert_customer(customer("Bob", std::nullopt, "shop-77"));
    CHECK(f.store.people().list_customers({}).size() == 3);
    CustomerFilter gold;
    gold.tier = "gold";
    CHECK(f.store.people().list_customers(gold).size() == 1);
    CustomerFilter zhang;
    zhang.search = "张";
    const auto found = f.store.people().list_customers(zhang);
    REQUIRE(found.size() == 2);
    CHECK(found[0].id < found[1].id);
    CustomerFilter by_phone;
    by_phone.search = "9999";
    CHECK(f.store.people().list_customers(by_phone).size() == 1);
    CustomerFilter by_ref;
    by_ref.search = "shop";
    CHECK(f.store.people().list_customers(by_ref).at(0).name == "Bob");
    CustomerFilter limited;
    limited.limit = 2;
    CHECK(f.store.people().list_customers(limited).size() == 2);
}

TEST_CASE("a customer update is stored") {
    Fresh f;
    const std::int64_t id = f.store.people().insert_customer(customer("张伟", "13800001234"));
    Customer c = *f.store.people().find_customer_by_id(id);
    c.tier = "platinum";
    c.no_survey = true;
    c.phone = "13800005678";
    c.updated_at = 1795400000;
    f.store.people().update_customer(c, {true, true});
    const Customer after = *f.store.people().find_customer_by_id(id);
    CHECK(after.tier == "platinum");
    CHECK(after.no_survey);
    CHECK(after.updated_at == 1795400000);
    CHECK(f.store.people().find_customer_by_phone("13800005678").has_value());
    CHECK_FALSE(f.store.people().find_customer_by_phone("13800001234").has_value());
}

TEST_CASE("a customer update writes only the contacts it names") {
    Fresh f;
    Customer c = customer("张伟", "13800001234");
    c.email = "zhang@example.cn";
    const std::int64_t id = f.store.people().insert_customer(c);
    c = *f.store.people().find_customer_by_id(id);
    c.phone = "138****1234";  // as a session that may not see contacts reads it
    c.email = "z***@example.cn";
    c.tier = "gold";
    f.store.people().update_customer(c, {});
    Customer after = *f.store.people().find_customer_by_id(id);
    CHECK(after.tier == "gold");
    CHECK(after.phone == "13800001234");
    CHECK(after.email == "zhang@example.cn");
    after.email = "wei@example.cn";
    f.store.people().update_customer(after, {false, true});
    CHECK(f.store.people().find_customer_by_id(id)->email == "wei@example.cn");
}

TEST_CASE("customer notes come back newest first") {
    Fresh f;
    const std::int64_t id = f.store.people().insert_customer(customer("张伟"));
    f.store.people().insert_customer_note({0, id, 100, "wang", "家里有小孩"});
    f.store.people().insert_customer_note({0, id, 300, "li", "prefers phone calls"});
    f.store.people().insert_customer_note({0, id, 200, "wang", "VIP since 2020"});
    const auto notes = f.store.people().customer_notes(id);
    REQUIRE(notes.size() == 3);
    CHECK(notes[0].text == "prefers phone calls");
    CHECK(notes[1].at == 200);
    CHECK(notes[2].text == "家里有小孩");
    CHECK(f.store.people().customer_notes(id + 1).empty());
}

TEST_CASE("a note for a customer that does not exist is refused") {
    Fresh f;
    CHECK_THROWS_AS(f.store.people().insert_customer_note({0, 42, 100, "wang", "orphan"}), Error);
}

// ---------------------------------------------------------------------------------------
// Agents and policy versions

TEST_CASE("agents are inserted, found, listed and updated") {
    Fresh f;
    CHECK(f.store.people().count_agents() == 0);
    Agent a;
    a.login = "wang";
    a.name = "王芳";
    a.role = "agent";
    a.team = "east";
    a.created_at = 10;
    a.id = f.store.people().insert_agent(a);
    Agent b;
    b.login = "li";
    b.name = "李雷";
    b.role = "supervisor";
    b.comp_limit = 800;
    b.created_at = 20;
    f.store.people().insert_agent(b);
    CHECK(f.store.people().count_agents() == 2);
    const auto found = f.store.people().find_agent("wang");
    REQUIRE(found.has_value());
    CHECK(found->name == "王芳");
    CHECK(found->team == "east");
    CHECK_FALSE(found->comp_limit.has_value());
    CHECK(found->active);
    CHECK(f.store.people().find_agent("li")->comp_limit == doctest::Approx(800));
    CHECK_FALSE(f.store.people().find_agent("nobody").has_value());
    CHECK(f.store.people().list_agents(std::string("supervisor"), std::nullopt).size() == 1);
    CHECK(f.store.people().list_agents(std::nullopt, std::string("east")).at(0).login == "wang");
    a.active = false;
    a.role = "manager";
    f.store.people().update_agent(a);
    CHECK_FALSE(f.store.people().find_agent("wang")->active);
    CHECK(f.store.people().find_agent("wang")->role == "manager");
    // logins are unique
    CHECK_THROWS_AS(f.store.people().insert_agent(b), Error);
}

TEST_CASE("policy versions are numbered and the newest is active") {
    Fresh f;
    CHECK_FALSE(f.store.policies().active_policy().has_value());
    const auto v1 = f.store.policies().insert_policy({0, 100, "wang", "policy.toml", "zone = \"UTC\"", "{}"});
    const auto v2 = f.store.policies().insert_policy({0, 200, "li", "new.toml", "zone = \"Asia/Shanghai\"", "{}"});
    CHECK(v2 == v1 + 1);
    const auto active = f.store.policies().active_policy();
    REQUIRE(active.has_value());
    CHECK(active->version == v2);
    CHECK(active->text == "zone = \"Asia/Shanghai\"");
    const auto history = f.store.policies().policy_history();
    REQUIRE(history.size() == 2);
    CHECK(history[0].source == "policy.toml");
    CHECK(history[0].text.empty());  // text omitted from the history
}
