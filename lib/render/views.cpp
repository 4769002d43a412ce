#include "render/views.hpp"

namespace svc::render {

namespace {
Cell phone_cell(const std::optional<std::string>& phone, bool reveal) {
    if (!phone) return {};
    return reveal ? Cell(*phone) : Cell(mask_phone(*phone));
}
Cell email_cell(const std::optional<std::string>& email, bool reveal) {
    if (!email) return {};
    return reveal ? Cell(*email) : Cell(mask_email(*email));
}
}  // namespace

RowSet agent_rows(const std::vector<Agent>& agents) {
    RowSet r;
    r.fields = {{"login"}, {"name"}, {"role"}, {"team"}, {"comp_limit", FieldType::money}, {"active", FieldType::boolean},
                {"created_at", FieldType::instant}};
    for (const Agent& a : agents)
        r.rows.push_back({a.login, a.name, a.role, a.team, a.comp_limit, a.active, a.created_at});
    return r;
}

RowSet customer_rows(const std::vector<Customer>& customers, bool reveal) {
    RowSet r;
    r.fields = {{"id", FieldType::integer}, {"ref"}, {"name", FieldType::text, 24}, {"phone"}, {"email"}, {"tier"},
                {"no_survey", FieldType::boolean}, {"created_at", FieldType::instant}};
    for (const Customer& c : customers)
        r.rows.push_back({c.id, c.ref, c.name, phone_cell(c.phone, reveal), email_cell(c.email, reveal), c.tier,
                          c.no_survey, c.created_at});
    return r;
}

Record customer_record(const CustomerProfile& p, bool reveal) {
    const Customer& c = p.customer;
    Record rec;
    rec.fields = {{"id", FieldType::integer}, {"ref"}, {"name"}, {"phone"}, {"email"}, {"tier"},
                  {"no_survey", FieldType::boolean}, {"created_at", FieldType::instant},
                  {"updated_at", FieldType::instant}};
    rec.values = {c.id, c.ref, c.name, phone_cell(c.phone, reveal), email_cell(c.email, reveal), c.tier,
                  c.no_survey, c.created_at, c.updated_at};
    RowSet notes;
    notes.fields = {{"at", FieldType::instant}, {"actor"}, {"text"}};
    for (const CustomerNote& n : p.notes) notes.rows.push_back({n.at, n.actor, n.text});
    rec.sections.emplace_back("notes", std::move(notes));
    return rec;
}

RowSet policy_history_rows(const std::vector<PolicyVersion>& versions) {
    RowSet r;
    r.fields = {{"version", FieldType::integer}, {"loaded_at", FieldType::instant}, {"loaded_by"}, {"source"}};
    for (const PolicyVersion& v : versions) r.rows.push_back({v.version, v.loaded_at, v.loaded_by, v.source});
    return r;
}

RowSet store_stats_rows(const StoreStats& s, const std::string& path) {
    RowSet r;
    r.fields = {{"item"}, {"value"}};
    r.rows.push_back({"path", path});
    r.rows.push_back({"file_bytes", s.file_bytes});
    r.rows.push_back({"schema_version", s.schema_version});
    r.rows.push_back({"policy_version", s.policy_version});
    for (const TableCount& t : s.tables) r.rows.push_back({"rows." + t.table, t.rows});
    return r;
}

RowSet store_check_rows(const StoreCheck& c) {
    RowSet r;
    r.fields = {{"check"}, {"result"}};
    r.rows.push_back({"schema_version", std::to_string(c.schema_version)});
    if (c.problems.empty()) r.rows.push_back({"integrity", "ok"});
    for (const auto& p : c.problems) r.rows.push_back({"problem", p});
    return r;
}

}  // namespace svc::render
