#!/usr/bin/env bash
# Regressions found in review: each block is one scenario that once went wrong.
source "$(dirname "$0")/lib.sh"

run db init
# A one-level policy: the sweep must not try to raise anything to a level that does not exist.
run policy show
printf '%s\n' "$OUT" | sed '/^levels = \[/,/^\]/c\levels = [ { name = "frontline", role = "agent" } ]' \
    | sed 's/^risk_level = 3/# no risk level/' > "$WORK/one.toml"
run policy check "$WORK/one.toml"
expect_rc 2 "risk keywords need a level to go to"
sed -i 's/^risk_keywords = .*/risk_keywords = []/' "$WORK/one.toml"
run policy load "$WORK/one.toml"
expect_rc 0 "a one-level policy loads"
run --now 2026-03-02T09:00 ticket open --channel email --kind complaint --summary 'a' --name A --phone 13000000001
run --now 2026-03-02T09:00 ticket open --channel email --kind complaint --summary 'b' --customer 13000000001
run --now 2026-03-10T10:00 escalate sweep
expect_rc 0 "the sweep runs on a one-level policy"
expect_out_has '"ticket":2,"action":"first_response_breached"' "every ticket is swept"
expect_out_lacks '"escalated"' "nothing is escalated without a level to go to"

# A fresh store for the rest, with the default policy.
use_store second

# A hold measured on both clocks: a later 24x7 rule moves the target by the real hold.
run --now 2026-03-06T17:00 ticket open --channel email --kind inquiry --summary 'hold' --name B --phone 13000000002
H=$OUT
run --now 2026-03-06T17:30 ticket pending "$H" --reason '等待顾客'
run --now 2026-03-09T10:00 ticket resume "$H"
run --now 2026-03-09T10:00 ticket update "$H" --priority urgent
run --now 2026-03-09T10:00 ticket show "$H" --format json
expect_out_has '"resolve_due":"2026-03-09T13:30:00+08:00"' "urgent 4h on 24x7: 30 min before the hold, 3.5 h after it: Mon 13:30"

# A pending ticket whose resolution was missed before the hold stays overdue.
run --now 2026-03-02T09:00 ticket open --channel email --kind inquiry --summary 'late hold' --customer 13000000002
L=$OUT
run --now 2026-03-06T10:00 ticket pending "$L" --reason '等待厂家'
run --now 2026-03-06T11:00 ticket list --overdue --no-header
expect_out_has "$L	pending" "a hold after the deadline does not hide the breach"

# Resolved before anyone replied: the first response is judged at the resolution.
run --now 2026-03-02T09:00 ticket open --channel email --kind inquiry --summary 'quick' --customer 13000000002
Q=$OUT
run --now 2026-03-02T09:30 ticket resolve "$Q" --resolution '直接解决'
run --now 2026-03-20T09:00 ticket show "$Q" --format json
expect_out_has '"sla_state":"met"' "a quick resolution stays met a week later"

# Number keywords count standing alone only; Chinese keywords anywhere.
run --now 2026-03-02T09:00 ticket open --channel chat --kind inquiry --summary '查询订单 20261131502 的物流' --customer 13000000002
expect_err_has "" "no keyword warning for an order number"
case "$ERR" in *"risk keyword"*) failure "315 inside an order number is not a risk keyword" ;; *) pass ;; esac
run --now 2026-03-02T09:00 ticket open --channel chat --kind complaint --summary '我要打315投诉' --customer 13000000002
expect_err_has "risk keyword" "315 standing alone is"
run --now 2026-03-02T09:00 ticket open --channel chat --kind inquiry --summary 'plain' --customer 13000000002
P=$OUT
run --now 2026-03-02T09:10 ticket update "$P" --summary '再不处理就找媒体曝光'
run --now 2026-03-02T09:20 escalate sweep
expect_out_has "\"ticket\":$P,\"action\":\"escalated\"" "a risk word brought in by ticket update is escalated"

# Tags cannot hold the CSV list separator.
run --now 2026-03-02T09:00 ticket open --channel chat --kind inquiry --summary 't' --customer 13000000002 --tag '退款;加急'
expect_rc 2 "a tag with ';' is refused"

# An import whose rows mix kept and new numbers never collides.
printf '%s\n' '{"channel":"email","kind":"inquiry","summary":"no id","created_at":"2026-03-01T10:00","customer":{"name":"C","phone":"13000000003"}}' \
    '{"id":1000,"channel":"email","kind":"inquiry","summary":"kept","created_at":"2026-03-01T10:00","customer":{"name":"C","phone":"13000000003"}}' \
    > "$WORK/mixed.jsonl"
run --db "$WORK/third.db" ticket import --create "$WORK/mixed.jsonl"
expect_rc 0 "rows with and without numbers import together"
expect_eq "$(sqlite3 "$WORK/third.db" "SELECT group_concat(id || ':' || summary, ' ') FROM (SELECT id, summary FROM ticket ORDER BY id)")" \
    "1000:kept 1001:no id" "the kept number stays, the new one comes after it"

# Import refuses records that point outside the ticket's life or the policy.
printf '%s\n' '{"channel":"email","kind":"inquiry","summary":"x","created_at":"2026-03-01T10:00","updated_at":"2030-01-01T00:00","customer":{"name":"D","phone":"13000000004"}}' \
    '{"channel":"email","kind":"inquiry","summary":"y","created_at":"2026-03-01T10:00","customer":{"name":"D","phone":"13000000004"},"sla":{},"escalations":[{"from_level":0,"to_level":42,"role":"king","actor":"x","trigger":"manual","reason":"r","at":"2026-03-01T11:00"}]}' \
    > "$WORK/bad.jsonl"
run --db "$WORK/fourth.db" ticket import --create "$WORK/bad.jsonl"
expect_rc 2 "bad records refuse the file"
expect_err_has "bad.jsonl:1: updated_at" "an updated_at in the future is named"
expect_err_has "bad.jsonl:2: escalations" "an escalation beyond the policy's levels is named"

# Tables keep to the essential columns unless --wide; tsv always has every field.
run --now 2026-03-02T09:00 ticket list --format table --limit 1
expect_out_has "SLA_STATE" "a table shows the SLA state"
expect_out_lacks "FIRST_RESPONSE_DUE" "a table leaves out the deadline columns"
run --now 2026-03-02T09:00 ticket list --format table --limit 1 --wide
expect_out_has "FIRST_RESPONSE_DUE" "--wide shows every column"
run --now 2026-03-02T09:00 ticket list --limit 1
expect_out_has "first_response_due" "tsv always has every field"

finish
