#pragma once
// Plain records as the store keeps them. No behaviour: the rules live in lib/.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "time/instant.hpp"
#include "vocabulary.hpp"

namespace svc {

struct Agent {
    std::int64_t id = 0;
    std::string login;
    std::string name;
    std::string role;  // agent | supervisor | manager
    std::optional<std::string> team;
    std::optional<double> comp_limit;  // yuan; unset = the role's authority
    bool active = true;
    Instant created_at = 0;
    std::vector<std::string> skills;  // sorted; what routing rules ask for
};

// One shift of the duty roster (值班): `login` is on duty from starts_at until ends_at.
struct DutyShift {
    std::int64_t id = 0;
    std::string login;
    Instant starts_at = 0, ends_at = 0;
    std::optional<std::string> note;
    std::string created_by;
    Instant created_at = 0;
};

// Which contacts of a customer an update writes.
struct ContactChange {
    bool phone = false, email = false;
};

struct Customer {
    std::int64_t id = 0;
    std::optional<std::string> ref;  // the caller's own id (CRM, shop)
    std::string name;
    std::optional<std::string> phone;
    std::optional<std::string> email;
    std::string tier = "standard";
    bool no_survey = false;
    Instant created_at = 0;
    Instant updated_at = 0;
};

// One ticket's link to another: related, caused by it, or merged into it.
struct TicketLink {
    std::int64_t ticket_id = 0;
    std::int64_t other_id = 0;
    std::string kind;  // related, caused-by, merged-into
    Instant at = 0;
    std::string actor;
};

struct CustomerNote {
    std::int64_t id = 0;
    std::int64_t customer_id = 0;
    Instant at = 0;
    std::string actor;
    std::string text;
};

// 流失: a customer who left, from when, and why; ended when they come back.
struct CustomerLoss {
    std::int64_t id = 0;
    std::int64_t customer_id = 0;
    Instant lost_at = 0;
    std::string reason;
    std::string recorded_by;
    Instant recorded_at = 0;
    std::optional<Instant> returned_at;
    std::optional<std::string> returned_by;
};

struct PolicyVersion {
    std::int64_t version = 0;
    Instant loaded_at = 0;
    std::string loaded_by;
    std::string source;  // the file it came from
    std::string text;    // the TOML as loaded
    // Policy::authority_record() of the text (empty for a version loaded before it was kept).
    std::string authority;
};

}  // namespace svc

namespace svc {

struct Ticket {
    std::int64_t id = 0;
    TicketStatus status = TicketStatus::open;
    std::string kind, channel, priority = "normal";
    std::optional<std::string> category;
    std::string summary;
    std::optional<std::string> body;
    std::int64_t customer_id = 0;
    std::string owner;     // first-contact owner: answers for the ticket to the end
    std::string assignee;  // who works on it now
    int level = 0;         // escalation level
    std::optional<std::string> need, mood, cause, resolution;
    Instant created_at = 0, updated_at = 0;
    std::optional<Instant> first_response_due, first_response_warn, first_responded_at;
    std::optional<Instant> next_response_due, next_response_warn;
    std::optional<Instant> resolve_due, resolve_warn;
    Instant resolve_start = 0;        // creation, or the last reopen
    Seconds resolve_paused = 0;       // time on hold since resolve_start, on the rule's working clock
    Seconds resolve_paused_wall = 0;  // the same hold in wall-clock seconds
    // Contacts with the customer (sessions): messages either way less than the policy's
    // contact_gap apart are one contact. FCR of chat and phone counts these.
    int contacts = 1;
    std::optional<Instant> last_contact_at;  // the latest message either way
    std::optional<Instant> resolved_at, closed_at, paused_at;
    Seconds paused_total = 0;  // wall-clock seconds spent pending, whole life
    int reopen_count = 0, response_count = 0, transfer_count = 0;
    std::int64_t policy_version = 0;
    std::string sla;                                     // JSON: per target, the rule, clock and seconds chosen at open
    std::optional<Instant> next_due, next_warn;          // earliest unmet deadline and warning
    std::optional<Instant> solution_due, solution_warn;  // the current escalation level's target
    std::optional<std::string> level_role;               // the role the ticket is marked for at its level
    std::optional<std::string> risk_keyword;             // a risk word seen in its text (12315, 媒体…)
    std::vector<std::string> tags;
};

struct Escalation {
    std::int64_t id = 0;
    std::int64_t ticket_id = 0;
    int from_level = 0, to_level = 0;
    std::string role;
    std::optional<std::string> handler;
    std::string actor, trigger, reason;
    Instant at = 0;
    std::optional<Instant> solution_due;
    std::optional<std::string> solution_clock;
    std::optional<Instant> ended_at;
    std::optional<std::string> outcome;  // met | breached | superseded
};

// Something the sweep noticed, kept so it is acted on and notified once.
struct SweepEvent {
    std::int64_t id = 0;
    std::int64_t ticket_id = 0;
    std::string kind;    // first_response_breached | escalated | at_risk
    std::string target;  // which target, or the level for escalations
    Instant due = 0;     // the deadline it is about (part of its identity)
    Instant at = 0;
    std::optional<std::string> recipient;
    std::string clock;    // business | duty | 24x7: held until working, duty or any time
    std::string payload;  // the JSON line sent to notify.command
    bool notify = false;
    std::optional<Instant> delivered_at;
    int attempts = 0;
    std::optional<std::string> last_error;
};

struct Compensation {
    std::int64_t id = 0;
    std::int64_t ticket_id = 0, customer_id = 0;
    std::string agent, role;
    std::int64_t amount_fen = 0;
    std::string kind;
    std::optional<std::string> note;
    std::optional<std::int64_t> limit_fen;  // the granting agent's limit; unset = unlimited
    std::optional<std::string> exception;   // over authority, with its reason (容错机制)
    int level = 0;
    Instant at = 0;
};

// A ticket row for lists: the ticket with its customer's name and tier.
struct TicketRow {
    Ticket ticket;
    std::string customer_name;
    std::string customer_tier;
};

struct Followup {
    std::int64_t id = 0;
    std::optional<std::int64_t> ticket_id;
    std::int64_t customer_id = 0;
    std::string kind;  // callback | promise | revisit | care
    std::string note;
    std::string assignee, created_by;
    Instant created_at = 0, due = 0;
    std::optional<Seconds> every;  // care reminders repeat
    FollowupState state = FollowupState::open;
    std::optional<Instant> done_at;
    std::optional<std::string> outcome;
    bool unsatisfied = false;
    std::optional<Instant> cancelled_at;
    std::optional<std::string> cancel_reason;
    std::optional<Instant> reminded_at;
    std::optional<std::int64_t> previous_id;
};

// A satisfaction survey of one resolved ticket. `agent` is the ticket's owner when it went
// out: the agent the answer is credited to.
struct Survey {
    std::int64_t id = 0;
    std::int64_t ticket_id = 0, customer_id = 0;
    std::string agent, channel;
    Instant sent_at = 0;
    std::string sent_by;
    SurveyState state = SurveyState::sent;
    std::optional<Instant> answered_at;
    std::optional<int> csat, nps;
    std::optional<std::string> comment, recorded_by;
    std::optional<Instant> cancelled_at;
    std::optional<std::string> cancel_reason;
};

// What satisfaction figures are grouped by; none = one group for everything.
enum class SurveyGroup { none, agent, team, channel, kind, category, priority, tier };

// Survey counts of one group over a range: surveys sent in it (not cancelled) and how many
// of those were answered at any time, and the answers given in it.
struct SatisfactionCounts {
    std::string group;  // the group's value; "" without grouping or when unknown
    std::int64_t sent = 0, sent_answered = 0;
    std::int64_t answered = 0;
    std::array<std::int64_t, 5> csat{};  // answers with csat 1..5
    std::int64_t csat_sum = 0;
    std::int64_t nps_answers = 0, promoters = 0, passives = 0, detractors = 0;
};

}  // namespace svc

namespace svc {

// An action item agreed at a weekly complaint review (投诉分析会), tracked until done.
// `week` is the ISO week the review looked at ("2026-W47").
struct ReviewAction {
    std::int64_t id = 0;
    std::string text, owner, week;
    std::optional<Instant> due;
    std::string created_by;
    Instant created_at = 0;
    std::optional<Instant> done_at;
    std::optional<std::string> done_by, done_note;
    std::vector<std::int64_t> tickets;  // the complaints it came from
};

// One quality inspection (质检) of a resolved or closed ticket, credited to its owner.
struct QaScore {
    std::int64_t id = 0;
    std::int64_t ticket_id = 0;
    std::string agent;  // the ticket's owner
    int score = 0;      // 0..100
    std::optional<std::string> note;
    std::string inspector;
    Instant at = 0;
};

// A knowledge-base entry (统一话术): the current version of a script agents reply with.
struct KbEntry {
    std::int64_t id = 0;
    std::string title, body;
    std::optional<std::string> category;
    std::vector<std::string> tags;
    std::int64_t version = 1;
    Instant created_at = 0, updated_at = 0;
    std::string created_by, updated_by;
    std::optional<Instant> retired_at;
    std::optional<std::string> retired_by, retire_reason;
};

// One version of an entry as it was written, and by whom.
struct KbVersion {
    std::int64_t entry_id = 0, version = 0;
    std::string title, body;
    std::optional<std::string> category;
    std::vector<std::string> tags;
    Instant at = 0;
    std::string actor;
};

struct KbQuery {
    std::optional<std::string> tag, category;
    bool all = false;  // retired entries too
};

// A full-text search: terms the index can find (3 characters or more each) and short terms
// matched as substrings of the same rows.
struct KbSearch {
    std::string fts;                      // an FTS5 query of quoted terms; "" = none
    std::vector<std::string> terms;       // the same terms unquoted (three characters or more)
    std::vector<std::string> substrings;  // the shorter words
    bool all = false;
    std::int64_t limit = 20;
};

struct KbHit {
    KbEntry entry;
    std::optional<double> score;  // bm25: lower is better; none for substring-only searches
    std::string snippet;          // empty when the store could not make one
};

// The check of one agent reply (what svc ticket respond found).
struct ReplyCheckRecord {
    std::int64_t id = 0;
    std::int64_t ticket_id = 0;
    std::string agent;
    Instant at = 0;
    std::optional<std::int64_t> kb_id;
    bool forced = false, vague = false;
    std::string phrases = "[]";  // JSON array of the phrases found
    std::optional<std::int64_t> promise_id;
};

}  // namespace svc
