#pragma once
// How a ticket's resolution counts in the KPIs, as expressions over its row `t`: the KPI
// queries read them from the ticket, and a reopen keeps them, as they stood, in
// past_resolution (the resolution it undid), so a past period keeps its figures.
namespace svc::resolution_sql {

// Time to resolve, less the time on hold.
inline constexpr const char* k_duration = "t.resolved_at - t.created_at - t.paused_total";
// Resolved by its target.
inline constexpr const char* k_met = "t.resolve_due IS NOT NULL AND t.resolved_at <= t.resolve_due";
// Resolved at first contact: a chat or phone ticket in one contact (a session), another in at
// most one agent response; no transfer, escalation or earlier reopen.
inline constexpr const char* k_first_contact =
    "(CASE WHEN t.channel IN ('chat', 'phone') THEN t.contacts ELSE t.response_count END) <= 1 "
    "AND t.transfer_count = 0 AND t.level = 0 AND t.reopen_count = 0";
// Resolved again after a reopen.
inline constexpr const char* k_after_reopen = "t.reopen_count > 0";

}  // namespace svc::resolution_sql
