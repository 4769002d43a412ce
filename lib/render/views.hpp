#pragma once
// Records → rows: the field names and types of every listing, in one place. These names
// are a promise to scripts; add fields, never rename them.
#include <vector>

#include "agents.hpp"
#include "customers.hpp"
#include "escalation.hpp"
#include "followups.hpp"
#include "kb.hpp"
#include "kpi.hpp"
#include "maintenance.hpp"
#include "render/render.hpp"
#include "staffing.hpp"
#include "store/records.hpp"
#include "store/store.hpp"
#include "surveys.hpp"
#include "sweep.hpp"
#include "ticket_io.hpp"
#include "tickets.hpp"
#include "today.hpp"

namespace svc::render {

RowSet agent_rows(const std::vector<AgentSummary>& agents);
RowSet duty_rows(const std::vector<DutyShift>& shifts);
// kpi --by hour|weekday-hour and kpi staffing: hour "09:00", weekday mon…sun when by weekday.
RowSet hourly_rows(const std::vector<HourlyFigures>& hours, bool by_weekday);
RowSet staffing_rows(const std::vector<StaffingRow>& rows, bool by_weekday);
// svc today: due_in is negative for what is overdue.
RowSet work_rows(const std::vector<WorkItem>& items, Instant now);
RowSet customer_rows(const std::vector<Customer>& customers, bool reveal);
Record customer_record(const CustomerProfile& profile, bool reveal);
RowSet policy_history_rows(const std::vector<PolicyVersion>& versions);
RowSet store_stats_rows(const StoreStats& stats, const std::string& path);
RowSet store_check_rows(const StoreCheck& check);
// A ticket list's columns and one ticket's cells, for a RowStream.
std::vector<Field> ticket_fields();
std::vector<Cell> ticket_cells(const TicketRow& row, Instant now);
Record ticket_record(const TicketDetail& detail, Instant now, bool reveal);
RowSet moved_deadline_rows(const std::vector<MovedDeadline>& moved);
// Export: one JSON document per ticket (full fidelity) or flat CSV rows (no timeline).
// Contacts are masked unless `reveal` (which the caller records in the audit trail).
json::Value ticket_export_json(const ExportedTicket& e, const Zone& zone, bool reveal);
std::vector<Field> ticket_export_fields();
std::vector<Cell> ticket_export_cells(const ExportedTicket& e, bool reveal);
RowSet import_problem_rows(const std::vector<ImportProblem>& problems);
RowSet escalation_rows(const std::vector<Escalation>& escalations, const std::vector<EscalationLevel>& levels,
                       Instant now);
std::vector<Field> sweep_action_fields();
std::vector<Cell> sweep_action_cells(const SweepAction& a);
RowSet compensation_rows(const std::vector<Compensation>& compensations);
RowSet followup_rows(const std::vector<Followup>& followups, Instant now, const Zone& zone);
RowSet at_risk_rows(const std::vector<AtRiskCustomer>& customers, bool reveal);
// Surveys due: with the contact a mail or SMS tool sends to (masked unless reveal).
RowSet survey_due_rows(const std::vector<SurveyDue>& due, bool reveal);
RowSet survey_rows(const std::vector<Survey>& surveys, Instant now, int expire_days);
// One row per group; `group` names the first column (empty: no group column).
RowSet survey_stats_rows(const std::vector<SatisfactionCounts>& counts, std::string_view group);
// KPIs: `period`, the --by column (named after it), a column per metric, and with --compare
// `<metric>_prev` and `<metric>_change` after each.
RowSet kpi_rows(const KpiReport& report);
RowSet kpi_metric_rows(const std::vector<MetricDef>& metrics);  // kpi --list
RowSet star_rows(const StarsReport& report);
// Knowledge base: entries (state active|retired), one entry with its body, its versions,
// search hits (rank 1 = best) and the findings of the reply check (kb lint).
RowSet kb_rows(const std::vector<KbEntry>& entries);
Record kb_record(const KbEntry& entry);
RowSet kb_version_rows(const std::vector<KbVersion>& versions);
Record kb_version_record(const KbVersion& version);
RowSet kb_hit_rows(const std::vector<KbHit>& hits);
RowSet finding_rows(const std::vector<Finding>& findings);

}  // namespace svc::render
