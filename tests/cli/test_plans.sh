#!/usr/bin/env bash
# SVC_EXPLAIN: every statement a command runs comes out on stderr with SQLite's plan, and
# the hot commands (an agent's queue, a customer's tickets, the overdue list, the sweep,
# the KPIs, the weekly review, at-risk customers, follow-ups due) read index ranges: no
# plan of theirs scans a large table, nor a whole index other than the narrow partial ones.
source "$(dirname "$0")/lib.sh"

run demo --bulk --days 10 --per-day 60 --quiet
expect_rc 0 "a small bulk demo store"
TICKET=$(q 'SELECT max(id) / 2 FROM ticket')
CUSTOMER=$(q "SELECT customer_id FROM ticket WHERE id = $TICKET")

run ticket show "$TICKET"
expect_rc 0 "ticket show without SVC_EXPLAIN"
expect_eq "$(printf '%s\n' "$ERR" | grep -c '^svc: sql:')" "0" "no statements are printed unless asked"

SVC_EXPLAIN=1 run ticket show "$TICKET"
expect_rc 0 "ticket show with SVC_EXPLAIN"
if sqlite_only; then
    expect_err_has "svc: sql: SELECT e.id, e.at, a.login, e.kind, k.action, e.payload FROM event e JOIN actor a ON a.id = e.actor JOIN event_kind k ON k.code = e.kind WHERE e.entity = ?1 AND e.entity_id = ?2 ORDER BY e.id" \
        "the trail query is printed on one line, with its parameters unexpanded"
    expect_err_has "svc: plan:   SEARCH e USING PRIMARY KEY (entity=? AND entity_id=?)" "its plan follows it: one range of the ticket's events"
else
    expect_err_has "svc: sql: SELECT e.id, e.at, a.login, e.kind, k.action, e.payload FROM event e JOIN actor a ON a.id = e.actor JOIN event_kind k ON k.code = e.kind WHERE e.entity = \$1 AND e.entity_id = \$2 ORDER BY e.id" \
        "the trail query is printed on one line, as PostgreSQL runs it"
    expect_err_has "on event e" "its plan follows it"
fi
expect_eq "$(printf '%s\n' "$ERR" | grep -c 'FROM event e JOIN actor')" "1" "a statement run again is printed once"
SVC_EXPLAIN=0 run ticket show "$TICKET"
expect_eq "$(printf '%s\n' "$ERR" | grep -c '^svc: sql:')" "0" "SVC_EXPLAIN=0 prints nothing"
SVC_EXPLAIN=1 run ticket show 999999
expect_rc 3 "a missing ticket still fails as before"
if sqlite_only; then
    expect_err_has "svc: plan:   SEARCH t USING INTEGER PRIMARY KEY (rowid=?)" "and the statements it ran are explained after the error"
else
    expect_err_has "on ticket t" "and the statements it ran are explained after the error"
fi

# Tables that grow with the store (their aliases in the queries are t, c, a, f, s, m, q, r
# and e), and the partial indexes small enough to read whole: the open and pending tickets
# (the backlog), the reopened ones, promises, open follow-ups, escalated and at-risk tickets.
big='ticket|customer|event|followup|survey|compensation|qa_score|reply_check|escalation|sweep_event|t|c|a|f|s|m|q|r|e'
narrow='ticket_active_by_created|ticket_reopened|followup_promises_by_due|followup_open_due|ticket_active_due|ticket_active_warn|ticket_by_level|ticket_risk'
check_plans() {  # check_plans ARGS…: the command's plans read no large table whole
    SVC_EXPLAIN=1 run "$@"
    expect_rc 0 "svc $* runs"
    local scans
    scans=$(printf '%s\n' "$ERR" | grep -E "^svc: plan: +SCAN ($big)( |$)" |
        grep -Ev "USING (COVERING )?INDEX ($narrow)( |$)")
    if [ -z "$scans" ]; then pass; else failure "svc $* scans: $scans"; fi
    expect_eq "$(printf '%s\n' "$ERR" | grep -c '^svc: plan:' | awk '{print ($1 > 0)}')" "1" "svc $* explains its statements"
}
AGENT=$(q "SELECT assignee FROM ticket GROUP BY assignee ORDER BY count(*) DESC LIMIT 1")
check_plans ticket list --assignee "$AGENT" --limit 50
check_plans ticket list --customer "$CUSTOMER"
check_plans ticket list --overdue
check_plans ticket list --at-risk
check_plans ticket show "$TICKET"
check_plans escalate sweep --dry-run
for by in none agent team channel kind category priority tier; do
    if [ "$by" = none ]; then check_plans kpi --period 2026-11; else check_plans kpi --period 2026-11 --by "$by"; fi
done
check_plans kpi --period 2026-11 --compare
check_plans review weekly --week 2026-W47
check_plans customer at-risk
check_plans customer show "$CUSTOMER"
check_plans followup due --within 1d
check_plans followup list --broken

finish
