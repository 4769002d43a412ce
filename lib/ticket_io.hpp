#pragma once
// Moving tickets in and out: export in id order, in batches (a million tickets never sit
// in memory at once), and import of a whole file as one all-or-nothing change.
//
// JSONL is the full-fidelity form: each line a ticket with its customer and every event of
// its timeline, so export → import into a fresh store reproduces them. CSV is the flat
// form for spreadsheets and other systems: ticket fields and customer columns, no timeline;
// deadlines of CSV rows are computed from their created_at with the active policy.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "context.hpp"
#include "io/rows.hpp"
#include "json/json.hpp"

namespace svc {

struct ExportedTicket {
    Ticket ticket;
    Customer customer;
    std::vector<AuditEvent> events;
    std::vector<Escalation> escalations;
    std::vector<Compensation> compensations;
};

// Calls `sink` for every ticket matching `query`, in id order. Records that contact
// details left the store (an export is a reveal).
void export_tickets(Context& ctx, TicketQuery query, const std::function<void(const ExportedTicket&)>& sink);

struct ImportReport {
    std::size_t imported = 0;
    std::size_t customers_created = 0;
    std::vector<ImportProblem> problems;  // lines skipped (with skip_invalid)
};

// Validates every line first. Any invalid line refuses the whole file (Error usage listing
// every bad line) unless skip_invalid, which imports the good lines and reports the rest.
// The file is read twice, block by block, and no line's parsed form outlives it, so memory
// does not grow with the file. The caller holds the transaction.
// A column (key) the import does not know, or one named twice, refuses the file unless it
// is among `ignored_columns` (--ignore-column), which are dropped.
// `progress(done, total)` is called now and then while rows are written.
ImportReport import_tickets(Context& ctx, io::Input& input, ImportFormat format, bool skip_invalid,
                            const std::vector<std::string>& ignored_columns,
                            const std::function<void(std::size_t, std::size_t)>& progress = {});

}  // namespace svc
