#pragma once
// The Monday-morning complaint review (投诉分析会, 复盘不甩锅): the week's complaints and what
// went wrong around them, to find process gaps rather than culprits; the action items the
// review agrees, tracked until done; and the weekly quality inspection (质检) of a random
// sample of closed tickets.
//
// A week's report is reproducible: every figure is taken as of the week's end from
// timestamps (creation, resolution events, due and done times), never from "now", so the
// same store and week give the same report whenever it is run.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "context.hpp"
#include "time/period.hpp"

namespace svc {

// A group of complaints with the same category and cause is a recurring issue — a
// candidate for a process fix — from this many in one week on.
inline constexpr std::size_t k_recurring_min = 3;

// The last complete ISO week before `now` in the zone.
Period last_complete_week(const Zone& zone, Instant now);
// Checks that a parsed period is one ISO week ("2026-W47", "last-week", "this-week");
// Error usage naming the flag otherwise.
const Period& require_week(std::string_view flag, const Period& period);

struct CountChange {
    std::string key;  // "" when the tickets have no value for the dimension
    std::int64_t count = 0, previous = 0;
    std::int64_t change() const { return count - previous; }
};
struct Breakdown {
    std::string dimension;          // category | cause | need | mood
    std::vector<CountChange> rows;  // biggest risers first
};
struct DayCount {
    std::string date;  // "2026-11-16"
    std::int64_t count = 0;
};
struct WeekCount {
    std::string week;  // "2026-W47"
    std::int64_t count = 0;
};
struct RecurringIssue {
    std::string category, cause;  // "" when unset
    std::vector<std::int64_t> tickets;
    std::int64_t customers = 0;  // distinct customers among them
    std::vector<std::string> shared_words;
    std::vector<std::string> summaries;  // verbatim, in ticket order
};
struct ReviewCustomer {
    Customer customer;
    std::int64_t complaints_in_week = 0;
    std::vector<std::string> reasons;
};
struct ReviewEscalation {
    Escalation escalation;
    std::string state;  // met | breached | superseded as ended by the week's end, else open | overdue
};
struct LevelSummary {
    int level = 0;
    std::int64_t total = 0, met = 0, breached = 0, superseded = 0, open = 0;
};
struct CompensationGroup {
    std::string kind;
    int level = 0;
    std::int64_t count = 0, fen = 0;
};
// Replies that broke the team's wording rules (统一话术): sent with an avoided phrase
// (--force), or with a vague time commitment.
struct ReplyLanguage {
    std::string agent;
    std::int64_t forced = 0, vague = 0;
};
struct ActionState {
    ReviewAction action;
    std::string state;  // overdue | open | done
};

struct WeeklyReview {
    Period week, previous;
    std::string zone;
    // 1. Headline
    std::int64_t complaints = 0, complaints_previous = 0;
    // The average of the 4 weeks before that had any ticket (weeks before the centre ran svc
    // are not weeks without complaints), one decimal; nothing when none of them had one.
    std::optional<double> complaints_average4;
    int average_weeks = 0;  // how many of the 4 weeks the average is over
    std::int64_t resolved = 0, resolved_previous = 0;
    std::int64_t backlog = 0, backlog_previous = 0;  // at each week's end
    std::optional<double> csat, csat_previous, nps, nps_previous;
    std::int64_t survey_answers = 0, survey_answers_previous = 0;
    std::vector<DayCount> per_day;             // the week's 7 days
    std::vector<WeekCount> trend;              // 8 weeks, ending with this one
    std::vector<ComplaintRow> complaint_list;  // the week's complaints, by id (the appendix)
    // 2. By category, cause, need and mood
    std::vector<Breakdown> breakdowns;
    // 3. Recurring issues
    std::vector<RecurringIssue> recurring;
    // 4. Repeat complainers and customers at risk
    std::vector<ReviewCustomer> customers;
    // 5. SLA breaches, escalations, broken promises
    std::vector<SlaBreach> sla_breaches;
    std::vector<LevelSummary> escalation_levels;
    std::vector<ReviewEscalation> escalations;
    std::vector<Followup> broken_promises;
    // 6. Compensation
    std::vector<CompensationGroup> compensation;
    std::vector<Compensation> exceptions;
    // 7. Detractor comments
    std::vector<Survey> detractors;
    // 8. Action items
    std::vector<ActionState> actions;
    // 9. Quality inspection
    std::vector<QaScore> qa;
    std::optional<double> qa_average;
    std::vector<ReplyLanguage> reply_language;  // agents with any, by login
};

WeeklyReview build_weekly_review(Context& ctx, const Period& week);

// The "words" of a summary: for Chinese (and other CJK) text every pair of adjacent
// characters, since Chinese is written without spaces and two characters are the most
// common word length; for other scripts, runs of letters and digits (lower-cased) of two
// or more. Punctuation and spaces separate.
std::vector<std::string> summary_words(std::string_view text);
// Words that occur in at least `min_texts` of the texts, adjacent shared bigrams joined
// into the longest phrase so shared ("取件", "件码") reads "取件码"; most shared first.
std::vector<std::string> shared_words(const std::vector<std::string>& texts, std::size_t min_texts);

// Action items ----------------------------------------------------------------------------
struct NewReviewAction {
    std::string text;
    std::optional<std::string> owner;  // default: the acting agent
    std::optional<Instant> due;
    std::optional<Period> week;  // default: the last complete week
    std::vector<std::int64_t> tickets;
};
std::int64_t add_review_action(Context& ctx, const NewReviewAction& a);
// Done, with an optional note; done twice is a conflict.
void complete_review_action(Context& ctx, std::int64_t id, const std::optional<std::string>& note);
struct ActionFilter {
    bool open = false, overdue = false;
};
std::vector<ActionState> list_review_actions(Context& ctx, const ActionFilter& filter);
// The state of an action item at `at`: done (by then), overdue (due before then) or open.
std::string action_state(const ReviewAction& a, Instant at);

// Quality inspection ----------------------------------------------------------------------
struct SampleRequest {
    Period period;
    std::int64_t count = 10;
    std::optional<std::uint64_t> seed;  // default: derived from the period's label
    bool per_agent = false;
};
struct Sample {
    std::uint64_t seed = 0;
    std::int64_t candidates = 0;
    std::vector<QaCandidate> tickets;
};
Sample draw_qa_sample(Context& ctx, const SampleRequest& request);
// The draw itself: `count` candidates (of each owner with per_agent) by a seeded shuffle,
// returned by id (by owner, then id, per agent). Same input and seed, same sample.
std::vector<QaCandidate> draw_sample(const std::vector<QaCandidate>& candidates, std::int64_t count, std::uint64_t seed,
                                     bool per_agent);
QaScore score_ticket(Context& ctx, std::int64_t ticket, int score, const std::optional<std::string>& note);

}  // namespace svc
