#pragma once
// The raw figures KPIs are made of, as the store aggregates them over a range: counts and
// sorted durations per group. lib/kpi turns them into the metrics (rates, percentiles).
#include <cstdint>
#include <string>
#include <vector>

#include "time/instant.hpp"

namespace svc {

// Which families of figures to aggregate (a bit each), so a report asks only for what its
// metrics need.
namespace kpi_family {
inline constexpr unsigned created = 1u << 0;         // tickets created in the range
inline constexpr unsigned first_response = 1u << 1;  // first responses and their target
inline constexpr unsigned resolution = 1u << 2;      // resolutions and their target
inline constexpr unsigned backlog = 1u << 3;         // open or pending at the range's end
inline constexpr unsigned compensation = 1u << 4;
inline constexpr unsigned followups = 1u << 5;
inline constexpr unsigned surveys = 1u << 6;  // through Store::satisfaction
inline constexpr unsigned qa = 1u << 7;
inline constexpr unsigned replies = 1u << 8;    // reply checks: forced and vague replies
inline constexpr unsigned customers = 1u << 9;  // customers kept and lost (retention)
inline constexpr unsigned all = (1u << 10) - 1;
}  // namespace kpi_family

struct KpiFigures {
    std::string group;  // the group's value; "" without grouping or when unknown
    // Tickets created in the range: all, complaints, those escalated at any time since, and
    // the complaints resolved with cause "service" (the service's own fault).
    std::int64_t created = 0, complaints = 0, escalated = 0, service_complaints = 0;
    // First responses given in the range: their times (in no order) and those in time.
    std::vector<Seconds> first_response_times;
    std::int64_t first_response_met = 0;
    // First-response targets that came due in the range (before now) unmet.
    std::int64_t first_response_breached = 0;
    // Tickets resolved in the range: their resolution times (in no order, paused time left
    // out), those resolved in time, at first contact, and after a reopen.
    std::vector<Seconds> resolution_times;
    std::int64_t resolved = 0, resolution_met = 0, first_contact = 0, reopened = 0;
    std::int64_t resolution_breached = 0;
    // Complaints whose resolution target came due in the range (before now), and of them
    // those resolved by it (投诉解决率).
    std::int64_t complaints_due = 0, complaints_resolved_in_time = 0;
    std::int64_t backlog = 0;
    std::int64_t exceptions = 0, compensation_fen = 0;
    // Follow-ups due in the range (up to now): revisits owed and done, promises and
    // callbacks owed and kept by their due time; care reminders done in the range.
    std::int64_t revisits_due = 0, revisits_done = 0, promises_due = 0, promises_kept = 0, care_done = 0;
    std::int64_t qa_count = 0, qa_sum = 0;
    // Agent replies in the range sent with an avoided phrase (--force), and with a vague
    // time commitment.
    std::int64_t forced_replies = 0, vague_replies = 0;
    // Customers registered before the range and not lost at its start, and of them those lost
    // at its end (retention, 留存率). Only without groups or by tier.
    std::int64_t customers_active = 0, customers_lost = 0;
};

// One plan line of a KPI query, for checking that each one reads an index range.
struct KpiQueryPlan {
    std::string query;   // the query's name
    std::string detail;  // EXPLAIN QUERY PLAN's lines, joined with "; "
};

}  // namespace svc
