#!/usr/bin/env bash
# Surveys through the real binary on a fixed clock (Monday 2026-11-23 10:00 +08:00, the
# shipped policy: window 24h–48h after the resolution, one survey per customer in 30 days,
# answers accepted for 7 days). Each eligibility rule with the window's edges, suppression
# and opt-out; send (idempotent, all or nothing, --force, --due); record with its range
# checks, duplicate and expired answers, phone surveys and the agent credited; reopening;
# import errors with line numbers; the stats formulas on a hand-computed set; --notify.
source "$(dirname "$0")/lib.sh"

# tickets_due: the ticket numbers `survey due` lists at the clock's now, space-separated.
tickets_due() { run survey due --no-header --format tsv "$@"; printf '%s\n' "$OUT" | cut -f1 | tr '\n' ' ' | sed 's/ $//'; }
# open_resolved CUSTOMER [AT]: a ticket opened and resolved at AT (default 2026-11-23T10:00); prints its number.
open_resolved() {
    local at=${2:-2026-11-23T10:00}
    "$SVC" --now "$at" ticket open --channel "${CHANNEL:-phone}" --kind inquiry --summary '咨询保修期' --customer "$1" 2>/dev/null
    local id
    id=$(q 'SELECT max(id) FROM ticket')
    "$SVC" --now "$at" ticket resolve "$id" --resolution '已解答' 2>/dev/null
}

# =======================================================================================
# 1. Who is due: the window, one per customer, opt-out, open and closed tickets
# =======================================================================================
run db init
for i in 1 2 3 4 5 6; do "$SVC" customer add --name "顾客$i" --phone "1380000000$i" --email "c$i@example.com" >/dev/null 2>&1; done
"$SVC" customer update 2 --no-survey 2>/dev/null
open_resolved 1                       # ticket 1: customer 1, resolved Monday 10:00
open_resolved 2                       # ticket 2: customer 2, who opted out
"$SVC" ticket open --channel chat --kind inquiry --summary '还没处理' --customer 3 >/dev/null 2>&1   # ticket 3: open
open_resolved 1 2026-11-23T10:05      # ticket 4: customer 1 again, five minutes later
open_resolved 4                       # ticket 5: customer 4, reopened before its window
"$SVC" --now 2026-11-23T12:00 ticket reopen 5 --reason '顾客说还有问题' 2>/dev/null
open_resolved 5                       # ticket 6: customer 5, resolved and closed
"$SVC" --now 2026-11-23T11:00 ticket close 6 2>/dev/null
expect_eq "$(q 'SELECT count(*) FROM ticket')" "6" "six tickets"

expect_eq "$(tickets_due --now 2026-11-24T09:59:59)" "" "a second before resolved_at + 24h nothing is due"
expect_eq "$(tickets_due --now 2026-11-24T10:00)" "1 6" \
    "at resolved_at + 24h exactly: the resolved and the closed ticket; not the opted-out customer's, the open or the reopened one"
expect_eq "$(tickets_due --now 2026-11-24T10:05)" "1 6" "one ticket per customer per run: ticket 4 of customer 1 waits"
expect_eq "$(tickets_due --now 2026-11-25T10:00)" "1 6" "at resolved_at + 48h exactly the ticket is still due"
expect_eq "$(tickets_due --now 2026-11-25T10:00:01)" "4" "a second later tickets 1 and 6 are past their window; ticket 4 is due till 10:05"
expect_eq "$(tickets_due --now 2026-11-25T10:05:01)" "" "and then nothing"

run --now 2026-11-24T10:00 survey due
expect_rc 0 "survey due"
expect_out_has '"ticket":1,"customer_id":1,"customer":"顾客1","contact":"138****0001"' \
    "piped, survey due writes JSON Lines; the phone channel's contact is the phone, masked"
expect_out_has '"window_end":"2026-11-25T10:00:00+08:00"' "window_end is resolved_at + 48h"
expect_eq "$(q "SELECT count(*) FROM survey")" "0" "survey due records nothing"
run --now 2026-11-24T10:00 survey due --reveal --format jsonl
expect_out_has '"contact":"13800000001","phone":"13800000001","email":"c1@example.com"' "--reveal shows the contact"
expect_eq "$(q "SELECT count(*) FROM audit WHERE action = 'reveal'")" "1" "--reveal is recorded in the audit trail"
CHANNEL=email open_resolved 6          # ticket 7: an email ticket
run --now 2026-11-24T10:00 survey due --format jsonl
expect_out_has '"ticket":7,"customer_id":6,"customer":"顾客6","contact":"c***@example.com"' \
    "the email channel's contact is the email address"

# =======================================================================================
# 2. Sending: idempotent, all or nothing, suppression and --force
# =======================================================================================
BEFORE=$(dump)
run --now 2026-11-24T10:00 survey send 1 3
expect_rc 4 "sending an open ticket's survey is refused"
expect_err_has "ticket 3 is open: a survey waits until the problem is resolved" "the refusal names the ticket and why"
expect_eq "$(dump)" "$BEFORE" "nothing recorded, not even ticket 1's"
run --now 2026-11-24T10:00 survey send 2
expect_rc 4 "a customer who opted out is never surveyed"
expect_err_has "customer 2 (顾客2) opted out of surveys" "the refusal names the customer"
run --now 2026-11-24T10:00 survey send 2 --force
expect_rc 4 "not even with --force"
run --now 2026-11-24T10:00 survey send 99
expect_rc 3 "an unknown ticket is not found"
run --now 2026-11-24T10:05 survey send 1 4
expect_rc 4 "two tickets of one customer at once are refused"
expect_err_has "would get two surveys at once" "and the refusal says so"
run --now 2026-11-24T10:00 survey send 1 --format jsonl
expect_rc 0 "ticket 1's survey is recorded as sent"
expect_out '{"id":1,"ticket":1,"customer_id":1,"agent":"tester","channel":"phone","sent_at":"2026-11-24T10:00:00+08:00","state":"sent","answered_at":null,"csat":null,"nps":null,"comment":null,"sent_by":"tester","recorded_by":null,"cancel_reason":null}' \
    "send prints the survey"
expect_err_has "recorded 1 survey sent" "and counts it on stderr"
run --now 2026-11-24T11:00 survey send 1 --no-header
expect_rc 0 "sending again is not an error"
expect_err_has "recorded 0 surveys sent, 1 sent before" "it is left as it was"
expect_eq "$(q 'SELECT count(*), min(sent_at) FROM survey WHERE ticket_id = 1')" "1|$(epoch '2026-11-24 02:00:00')" \
    "one survey, still sent at 10:00"
expect_eq "$(tickets_due --now 2026-11-24T10:06)" "6 7" "customer 1 was surveyed: ticket 4 is suppressed"
run --now 2026-11-24T10:06 survey send 4
expect_rc 4 "the suppression period refuses a send"
expect_err_has "customer 1 (顾客1) was surveyed within the last 30 days (survey.suppress_days); --force sends anyway" \
    "and names the rule"
run --now 2026-11-24T09:00 survey send 6
expect_rc 4 "before its window a send is refused"
expect_err_has "ticket 6: its survey window opens at 2026-11-24T10:00:00+08:00" "with the window's start"
run --now 2026-11-24T09:00 survey send 6 --force --no-header
expect_rc 0 "--force sends before the window"
run --now 2026-11-24T10:00 survey send --due --force
expect_rc 2 "--force is not for --due"
run --now 2026-11-24T10:00 survey send
expect_rc 2 "send needs TICKET numbers or --due"
run --now 2026-11-24T10:10 survey send --due --format jsonl
expect_rc 0 "send --due"
expect_out_has '"ticket":7,' "records and prints what was due"
expect_eq "$(rows)" "1" "only ticket 7 was still due"
expect_eq "$(q 'SELECT ticket_id FROM survey ORDER BY id' | tr '\n' ' ')" "1 6 7 " "three surveys sent"
expect_eq "$(tickets_due --now 2026-11-24T10:10)" "" "nothing is due any more"

# =======================================================================================
# 3. Answers: ranges, duplicates, expiry, phone surveys, the agent credited, reopening
# =======================================================================================
BEFORE=$(dump)
run --now 2026-11-24T12:00 survey record 1 --csat 6
expect_rc 2 "csat 6 is out of range"
expect_err_has "--csat: 6 is not between 1 and 5" "the error names the flag and the value"
run --now 2026-11-24T12:00 survey record 1 --csat 0
expect_rc 2 "csat 0 is out of range"
run --now 2026-11-24T12:00 survey record 1 --csat 5 --nps 11
expect_rc 2 "nps 11 is out of range"
expect_err_has "--nps: 11 is not between 0 and 10" "named"
run --now 2026-11-24T12:00 survey record 1 --csat 5 --nps -1
expect_rc 2 "nps -1 is out of range"
run --now 2026-11-24T12:00 survey record 1 --csat five
expect_rc 2 "csat must be a number"
run --now 2026-11-24T12:00 survey record 1 --csat 5 --at 2026-11-24T13:00
expect_rc 2 "an answer in the future is refused"
run --now 2026-11-24T12:00 survey record 1 --csat 5 --at 2026-11-24T09:00
expect_rc 2 "an answer before the send is refused"
expect_err_has "--at: 2026-11-24T09:00:00+08:00 is before the survey went out at 2026-11-24T10:00:00+08:00" "named"
expect_eq "$(dump)" "$BEFORE" "no refused answer wrote anything"

"$SVC" --now 2026-11-24T11:00 ticket assign 1 other.agent >/dev/null 2>&1
run --now 2026-11-24T12:00 survey record "#1" --csat 5 --nps 9 --comment '很满意'
expect_rc 0 "an answer is recorded"
expect_out "1" "record prints the survey id"
expect_err_has "credited to tester" "credited to the owner, not the assignee after a transfer"
run --now 2026-11-24T12:05 survey record 1 --csat 1
expect_rc 4 "a second answer is a conflict"
expect_err_has "ticket 1: its survey was already answered at 2026-11-24T12:00:00+08:00" "named"

# Ticket 7 was sent 2026-11-24T10:10: answers until 2026-12-01T10:10 inclusive.
run --now 2026-12-01T10:10:01 survey record 7 --csat 4 --at 2026-12-01T10:10
expect_rc 0 "an answer exactly expire_days after the send is accepted"
run --now 2026-12-01T10:00:01 survey record 6 --csat 4
expect_rc 4 "an answer more than 7 days after the send is refused"
expect_err_has "ticket 6: its survey expired at 2026-12-01T09:00:00+08:00 (survey.expire_days = 7)" "with the expiry"
run --now 2026-12-01T10:00:01 survey list --state expired --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f2,7 | tr '\t\n' ': ')" "6:expired " "the unanswered survey is listed as expired"

# A phone survey of a ticket never sent: sent and answered at once, channel phone.
open_resolved 3 2026-11-24T10:00       # ticket 8
run --now 2026-11-24T15:00 survey record 8 --csat 3 --nps 7 --at 2026-11-24T14:00
expect_rc 0 "a phone survey needs no send"
expect_eq "$(q "SELECT channel, CAST(sent_at = answered_at AS integer), state FROM survey WHERE ticket_id = 8")" "phone|1|answered" \
    "recorded as sent and answered at --at, by phone"
run survey record 3 --csat 5
expect_rc 4 "an open ticket cannot be surveyed by phone either"
run survey record 2 --csat 5
expect_rc 4 "nor a customer who opted out"

# Reopening cancels an unanswered survey; an answer stays.
open_resolved 4 2026-11-20T10:00       # ticket 9: customer 4
"$SVC" --now 2026-11-21T10:00 survey send 9 >/dev/null 2>&1
"$SVC" --now 2026-11-22T10:00 ticket reopen 9 --reason '问题复现' 2>/dev/null
expect_eq "$(q "SELECT state, cancel_reason FROM survey WHERE ticket_id = 9")" "cancelled|工单已重新打开" \
    "reopening cancels the unanswered survey"
run --now 2026-11-24T12:00 survey list --ticket 9 --state cancelled --no-header
expect_eq "$(rows)" "1" "listed as cancelled"
run --now 2026-11-24T12:00 ticket reopen 1 --reason '又坏了'
expect_eq "$(q "SELECT state FROM survey WHERE ticket_id = 1")" "answered" "an answered survey stays when the ticket reopens"
run --now 2026-11-24T12:00 ticket show 9 --format json
expect_out_has "survey 5 cancelled: 工单已重新打开" "the cancellation is on the ticket's timeline"
run --now 2026-11-24T12:00 survey list --state sideways
expect_rc 2 "an unknown state is refused"
expect_err_has "--state: unknown value 'sideways'" "named"

# =======================================================================================
# 4. Stats: the formulas on a hand-computed set, by agent, periods
# =======================================================================================
use_store stats
run db init
for i in 1 2 3 4 5 6 7 8; do "$SVC" customer add --name "客$i" --phone "1390000000$i" >/dev/null 2>&1; done
# wang.fang owns tickets 1–3, li.na 4–8 (channel chat for 1–2, phone otherwise).
for i in 1 2 3 4 5 6 7 8; do
    who=wang.fang; [ "$i" -gt 3 ] && who=li.na
    ch=phone; [ "$i" -le 2 ] && ch=chat
    "$SVC" --as $who --now 2026-11-02T10:00 ticket open --channel $ch --kind complaint --summary "问题$i" --customer $i >/dev/null 2>&1
    "$SVC" --as $who --now 2026-11-02T11:00 ticket resolve $i --resolution 已处理 >/dev/null 2>&1
done
run --now 2026-11-03T11:00 survey send 1 2 3 4 5 7 8 --no-header
expect_rc 0 "seven surveys sent"
run --now 2026-11-28T10:00 survey send 6 --force --no-header
expect_rc 0 "and one late, outside its window"
cat >"$WORK/answers.csv" <<'CSV'
ticket,csat,nps,comment,answered_at
1,5,10,很好,2026-11-03T12:00
2,5,9,,2026-11-03T12:00
3,4,9,,2026-11-04T09:00
4,3,6,一般,2026-11-04T09:00
5,2,0,太慢了,2026-11-05T09:00
6,1,,再也不来了,2026-12-01T00:00
CSV
run --now 2026-12-01T00:00 survey import "$WORK/answers.csv"
expect_rc 0 "six answers imported"
expect_err_has "imported 6 answers" "counted"
# November (answers 1–5; ticket 6 answered at 12-01 00:00 belongs to December):
#   sent 8, of which answered (at any time) 6 → response rate 75.0
#   answered 5: csat 5,5,4,3,2 → csat 3/5 = 60.0, average 19/5 = 3.8
#   nps 10,9,9,6,0 → promoters 3, passives 0, detractors 2 → 60.0 − 40.0 = 20.0
run --now 2026-12-01T00:00 survey stats --period 2026-11 --format json
expect_out '[
 {"sent":8,"answered":5,"response_rate":75,"csat":60,"csat_avg":3.8,"nps":20,"promoters":3,"passives":0,"detractors":2,"csat_1":0,"csat_2":1,"csat_3":1,"csat_4":1,"csat_5":2}
]' "November's figures, hand-computed"
run --now 2026-12-01T00:00 survey stats --period 2026-11 --by agent --format tsv --no-header
# li.na: sent 5 (4–8), answered in Nov 2 (4, 5), answered at all 3 → 60.0; csat 3,2 → 0.0, avg 2.5; nps 6,0 → −100.0
# wang.fang: sent 3, answered 3 → 100.0; csat 5,5,4 → 100.0, avg 4.67; nps 10,9,9 → 100.0
expect_out "$(printf 'li.na\t5\t2\t60\t0\t2.5\t-100\t0\t0\t2\t0\t1\t1\t0\t0\nwang.fang\t3\t3\t100\t100\t4.67\t100\t3\t0\t0\t0\t0\t0\t1\t2')" \
    "--by agent: the owner is credited; one row per agent in order"
run --now 2026-12-01T00:00 survey stats --period 2026-11 --by channel --format csv
expect_out_has "chat,2,2,100,100,5,100,2,0,0" "--by channel: the two chat tickets"
run --now 2026-12-01T00:00 survey stats --period 2026-12 --format json
expect_out '[
 {"sent":0,"answered":1,"response_rate":null,"csat":0,"csat_avg":1,"nps":null,"promoters":0,"passives":0,"detractors":0,"csat_1":1,"csat_2":0,"csat_3":0,"csat_4":0,"csat_5":0}
]' "December: an answer at the period's start counts; no sends → no response rate; no nps answers → no nps (null, not 0)"
run --now 2026-12-01T00:00 survey stats --period 2026-10 --format json
expect_out '[
 {"sent":0,"answered":0,"response_rate":null,"csat":null,"csat_avg":null,"nps":null,"promoters":0,"passives":0,"detractors":0,"csat_1":0,"csat_2":0,"csat_3":0,"csat_4":0,"csat_5":0}
]' "a period without surveys: one row of counts, figures null"
run --now 2026-12-01T00:00 survey stats --period 2026-11-03..2026-11-04 --format tsv --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f1-2)" "$(printf '7\t2')" "a range is half-open: 7 sent on 11-03; answers at 11-04 09:00 are outside 11-03..11-04"
run survey stats --by colour
expect_rc 2 "an unknown group is refused"
expect_err_has "--by: unknown value 'colour' (expected agent|team|channel|kind|category|tier)" "named with the choices"
run survey stats --period 2026-13
expect_rc 2 "a bad period is refused"
run --now 2026-12-01T00:00 survey list --answered 2026-11 --detractors --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f2 | tr '\n' ' ')" "4 5 " "detractors: csat ≤ 2 or nps ≤ 6, answered in November"
run --now 2026-12-01T00:00 survey list --agent wang.fang --no-header
expect_eq "$(rows)" "3" "--agent"

# =======================================================================================
# 5. Import: every bad line with its number, nothing written; --skip-invalid; JSONL types
# =======================================================================================
for i in 9 10 11; do
    "$SVC" customer add --name "客$i" --phone "13700000$i" >/dev/null 2>&1
    "$SVC" --now 2026-11-02T10:00 ticket open --channel phone --kind inquiry --summary "问题$i" --customer "$i" >/dev/null 2>&1
    "$SVC" --now 2026-11-02T11:00 ticket resolve "$i" --resolution 已处理 >/dev/null 2>&1
done
cat >"$WORK/bad.csv" <<'CSV'
ticket,csat,nps,comment,answered_at
9,5,10,好,2026-11-03T12:00
10,7,,,2026-11-03T12:00
404,5,,,2026-11-03T12:00
9,4,,,2026-11-03T12:00
11,4,x,,2026-11-03T12:00
1,3,,,2026-11-03T12:00
11,4,8,,2026-02-30T12:00
CSV
BEFORE=$(dump)
run --now 2026-12-01T00:00 survey import "$WORK/bad.csv"
expect_rc 2 "a file with bad lines is refused"
expect_err_has "6 invalid lines in $WORK/bad.csv; nothing imported" "the count and the promise"
expect_err_has "bad.csv:3: csat: 7 is not between 1 and 5" "line 3: out of range, named by its column"
expect_err_has "bad.csv:4: ticket 404 not found" "line 4: unknown ticket"
expect_err_has "bad.csv:5: ticket: 9 was already answered on line 2" "line 5: the same ticket twice"
expect_err_has "bad.csv:6: nps: expected an integer, got 'x'" "line 6: not a number"
expect_err_has "bad.csv:7: ticket 1: its survey was already answered" "line 7: answered before"
expect_err_has "bad.csv:8: answered_at:" "line 8: an impossible date"
expect_eq "$(dump)" "$BEFORE" "nothing written"
run --now 2026-12-01T00:00 survey import --skip-invalid "$WORK/bad.csv"
expect_rc 0 "--skip-invalid imports the good line"
expect_err_has "imported 1 answer, skipped 6 invalid lines" "and says what it skipped"
expect_err_has "bad.csv:3: skipped: csat: 7 is not between 1 and 5" "each skipped line on stderr"
expect_eq "$(q "SELECT csat, nps, comment FROM survey WHERE ticket_id = 9")" "5|10|好" "ticket 9's answer"
printf '%s\n' '{"ticket":"10","csat":4}' '{"ticket":10,"csat":4.5}' 'not json' '[1]' '{"csat":4}' >"$WORK/bad.jsonl"
run --now 2026-12-01T00:00 survey import "$WORK/bad.jsonl"
expect_rc 2 "JSONL with wrong types is refused"
expect_err_has "bad.jsonl:1: ticket: expected an integer, got '10'" "a string where a number belongs"
expect_err_has "bad.jsonl:2: csat: expected an integer" "a fraction"
expect_err_has "bad.jsonl:3:" "not JSON"
expect_err_has "bad.jsonl:4: expected a JSON object per line" "not an object"
expect_err_has "bad.jsonl:5: ticket: missing" "no ticket"
printf '%s\n' '{"ticket":10,"csat":4,"nps":8,"comment":"还行","answered_at":"2026-11-20T09:00"}' |
    { OUT=$("$SVC" --now 2026-12-01T00:00 survey import - 2>"$WORK/stderr"); RC=$?; ERR=$(cat "$WORK/stderr"); }
# A file larger than one read block: the bad line at its end is named by its own number,
# and the good line before it, written as it was checked, is rolled back with the rest.
{
    printf '%s\n' '{"ticket":11,"csat":5}'
    for _ in $(seq 6000); do printf '%999s\n' ""; done
    printf '%s\n' '{"ticket":11,"csat":9}'
} >"$WORK/big.jsonl"
BEFORE=$(dump)
run --now 2026-12-01T00:00 survey import "$WORK/big.jsonl"
expect_rc 2 "a large file with a bad last line is refused"
expect_err_has "big.jsonl:6002: ticket: 11 was already answered on line 1" "the bad line far into the file is named by its number"
expect_eq "$(dump)" "$BEFORE" "and the store is as it was"
run --now 2026-12-01T00:00 survey list --ticket 10 --format jsonl
expect_out_has '"state":"answered","answered_at":"2026-11-20T09:00:00+08:00","csat":4,"nps":8,"comment":"还行"' \
    "JSONL from standard input (-) is a phone survey for a ticket never sent"
"$SVC" agent add boss --name 老板 --role manager >/dev/null 2>&1
"$SVC" agent add clerk --name 小王 --role agent >/dev/null 2>&1
run --as clerk survey import "$WORK/answers.csv"
expect_rc 4 "an agent may not import answers once agents are registered"

# =======================================================================================
# 6. survey due --notify: delivered ones recorded, failed ones taken back
# =======================================================================================
use_store notify
run db init
"$SVC" customer add --name 张三 --phone 13600000001 >/dev/null 2>&1
"$SVC" customer add --name 李四 --phone 13600000002 >/dev/null 2>&1
open_resolved 1 >/dev/null
open_resolved 2
run --now 2026-11-24T10:00 survey due --notify
expect_rc 2 "--notify without a notify command is refused"
expect_err_has "--notify: the policy has no notify.command" "named"
expect_eq "$(q 'SELECT count(*) FROM survey')" "0" "nothing recorded"
use_flaky_notify
run --now 2026-11-24T10:00 survey due --notify
expect_rc 1 "a failing notify command fails the run"
expect_err_has "notify failed: ticket 1: notify.command exited with status 1 (tried again by the next run)" "each failure named"
expect_eq "$(q 'SELECT count(*) FROM survey')" "0" "the sends that failed are taken back"
expect_eq "$(q "SELECT count(*) FROM audit WHERE action = 'survey_unsend'")" "2" "and the attempt is in the audit trail"
touch "$WORK/marker"
run --now 2026-11-24T10:30 survey due --notify
expect_rc 0 "the next run delivers"
expect_eq "$(lines "$WORK/notify.log")" "2" "one line per survey"
expect_eq "$(grep -c '"contact":"13600000001"' "$WORK/notify.log")" "1" "the notify command gets the real contact"
expect_out_has '"contact":"136****0001"' "what svc prints stays masked"
expect_eq "$(q "SELECT count(*) FROM survey WHERE state = 'sent'")" "2" "both recorded as sent"
run --now 2026-11-24T11:00 survey due --notify
expect_eq "$(lines "$WORK/notify.log")" "2" "nothing is sent twice"

# =======================================================================================
# A customer with another complaint open is not asked how satisfied they are
# =======================================================================================
use_store held
"$SVC" customer add --name 顾客甲 --phone 13700000001 >/dev/null 2>&1
open_resolved 1 >/dev/null
"$SVC" --now 2026-11-23T15:00 ticket open --channel chat --kind complaint --summary '上次的问题又出现了' --customer 1 >/dev/null 2>&1
expect_eq "$(tickets_due --now 2026-11-24T10:00)" "" "the survey waits while the customer's complaint is open"
run --now 2026-11-24T10:00 survey send 1
expect_rc 4 "sending it by hand is refused, saying why"
expect_err_has "has complaint ticket 2 still open: the survey waits until it is resolved" "and names the open complaint"
"$SVC" --now 2026-11-24T11:00 ticket resolve 2 --resolution '已处理' 2>/dev/null
expect_eq "$(tickets_due --now 2026-11-24T11:00)" "1" "once that complaint is resolved, the survey is due again"

finish
