#!/usr/bin/env bash
# KPIs through the real binary on a hand-built November 2026 (+08:00): every metric's value
# for the month, per agent and per team, per day at the month's first edge, compared with
# October, an empty month (rates null, counts 0), the half-open edges (an event exactly at
# 2026-11-01T00:00 counts, one at 2026-12-01T00:00 does not), --list, the refusals, and
# the service star. Tickets are social + urgent, so both targets run around the clock:
# first response within 2h, resolution within 4h of creation (plus time pending).
source "$(dirname "$0")/lib.sh"

# Every KPI below is asked for after the month, so no target or promise is still running.
LATER=2026-12-05T10:00
# kpi ARGS…: `svc kpi` as of LATER, tsv without header.
kpi() { run --now "$LATER" kpi --no-header "$@"; }
# at INSTANT LOGIN ARGS…: svc as LOGIN at INSTANT.
at() { local when=$1 who=$2; shift 2; run --now "$when" --as "$who" "$@"; }

run db init
run agent add tester --name 测试 --role manager
run agent add wang --name 王芳 --role agent --team 北区
run agent add li --name 李明 --role agent --team 南区
run customer add --name 张伟 --phone 13800001234
CUST=$OUT
open_ticket() {  # open_ticket INSTANT LOGIN KIND → $OUT is the ticket number
    at "$1" "$2" ticket open --channel social --priority urgent --kind "$3" --summary "工单 $1" --customer "$CUST"
    [ "$RC" -eq 0 ] || failure "ticket open at $1"
}

# T6: October's ticket, first response in October, resolved exactly at November's start
# (16 days late: its resolution target breached in October, counted there).
open_ticket 2026-10-15T10:00 wang inquiry; T6=$OUT
at 2026-10-15T10:30 wang ticket respond "$T6" '已收到'
at 2026-11-01T00:00 wang ticket resolve "$T6" --resolution '已处理'
# T1: created exactly at November's start; answered in 30 min, a promise kept, 30 yuan,
# resolved in 2h with one response: first-contact resolution; its revisit is done.
open_ticket 2026-11-01T00:00 wang complaint; T1=$OUT
at 2026-11-01T00:10 wang followup add "$T1" --kind promise --due 2026-11-01T01:00 --note '一小时内回复'
P1=$OUT
at 2026-11-01T00:30 wang ticket respond "$T1" '抱歉, 马上处理'
at 2026-11-01T00:50 wang followup done "$P1" --outcome '已回复'
at 2026-11-01T01:00 wang ticket compensate "$T1" --amount 30 --kind coupon
expect_rc 0 "compensation within authority"
at 2026-11-01T02:00 wang ticket resolve "$T1" --resolution '已补发'
# T2: first response after 3h (breached), 2h pending, resolved 8h after creation: 6h of
# resolution time, past the target moved to 16:00; a late callback; 80 yuan over authority.
open_ticket 2026-11-10T10:00 wang inquiry; T2=$OUT
at 2026-11-10T10:05 wang followup add "$T2" --kind callback --due 2026-11-10T12:00 --note '中午前回电'
P2=$OUT
at 2026-11-10T12:30 wang followup done "$P2" --outcome '回电晚了'
at 2026-11-10T13:00 wang ticket respond "$T2" '已查询'
at 2026-11-10T14:00 wang ticket pending "$T2" --reason '等仓库'
at 2026-11-10T16:00 wang ticket resume "$T2"
at 2026-11-10T17:00 wang ticket respond "$T2" '仓库已确认'
at 2026-11-10T17:30 wang ticket compensate "$T2" --amount 80 --kind refund --exception '顾客等太久'
expect_rc 0 "compensation over authority with an exception"
at 2026-11-10T18:00 wang ticket resolve "$T2" --resolution '已退款'
# T3: li's complaint, transferred to wang, resolved, reopened, resolved again (25h after
# creation, within the target that restarted at the reopen).
open_ticket 2026-11-15T09:00 li complaint; T3=$OUT
at 2026-11-15T09:10 li ticket assign "$T3" wang
at 2026-11-15T09:20 wang ticket respond "$T3" '我来处理'
at 2026-11-15T10:00 wang ticket resolve "$T3" --resolution '已换货'
at 2026-11-16T09:00 li ticket reopen "$T3" --reason '顾客说还没收到'
at 2026-11-16T10:00 wang ticket resolve "$T3" --resolution '已签收'
expect_rc 0 "the reopened ticket is resolved again"
# T4: li's complaint, escalated, answered in 10 minutes, never resolved (its target
# breached on 2026-11-20T14:00); a promise called off before its due time; one due exactly
# at the month's end.
open_ticket 2026-11-20T10:00 li complaint; T4=$OUT
at 2026-11-20T10:05 li escalate "$T4" --reason '顾客要求主管处理'
expect_rc 0 "escalated"
at 2026-11-20T10:10 li ticket respond "$T4" '主管已介入'
# A reply with an avoided phrase, sent anyway (forced_replies); T1's '马上处理' above is
# wang's vague time commitment (vague_replies).
at 2026-11-20T10:15 li ticket respond "$T4" '这个不归我们管, 已转给主管' --force
expect_rc 0 "a reply with an avoided phrase is sent with --force"
at 2026-11-20T10:20 li followup add "$T4" --kind promise --due 2026-11-25T10:00 --note '周三前答复'
P3=$OUT
at 2026-11-21T10:00 li followup cancel "$P3" --reason '顾客改约'
at 2026-11-21T10:00 li followup add "$T4" --kind promise --due 2026-12-01T00:00 --note '月底前答复'
# T5: created exactly at the month's end: December's; li's 20 yuan then is December's too.
open_ticket 2026-12-01T00:00 wang inquiry; T5=$OUT
at 2026-12-01T00:00 li ticket compensate "$T4" --amount 20 --kind coupon
# Care reminders: one done exactly at the start (counts), one exactly at the end (not).
at 2026-10-30T10:00 wang followup add --customer "$CUST" --kind care --due 2026-10-31T10:00 --note '会员到期提醒'
C1=$OUT
at 2026-11-01T00:00 wang followup done "$C1" --outcome '已提醒'
at 2026-11-29T10:00 wang followup add --customer "$CUST" --kind care --due 2026-11-30T10:00 --note '保养提醒'
C2=$OUT
at 2026-12-01T00:00 wang followup done "$C2" --outcome '已提醒'
# Revisits scheduled at resolve (complaints): T1's is done; T3's first was cancelled by the
# reopen, its second stays open.
run --now "$LATER" followup list --kind revisit --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f3,5,7 | tr '\t' ':' | tr '\n' ' ')" \
    "$T1:wang:overdue $T3:li:cancelled $T3:li:overdue " "three revisits: T1's (wang), T3's twice (li, the owner)"
R1=$(printf '%s\n' "$OUT" | head -1 | cut -f1)
at 2026-11-05T10:00 wang followup done "$R1" --outcome '顾客满意'
expect_rc 0 "T1's revisit is done"

# Surveys and quality scores come from their own commands; here they are rows.
q "INSERT INTO survey (ticket_id, customer_id, agent, channel, sent_at, sent_by, state, answered_at, csat, nps) VALUES
 ($T1, $CUST, 'wang', 'social', $(epoch 2026-11-02T02:00:00), 'tester', 'answered', $(epoch 2026-11-02T04:00:00), 5, 10),
 ($T3, $CUST, 'li', 'social', $(epoch 2026-11-17T02:00:00), 'tester', 'answered', $(epoch 2026-11-17T03:00:00), 3, 6),
 ($T2, $CUST, 'wang', 'social', $(epoch 2026-11-11T02:00:00), 'tester', 'sent', NULL, NULL, NULL),
 ($T6, $CUST, 'wang', 'social', $(epoch 2026-11-30T15:00:00), 'tester', 'answered', $(epoch 2026-11-30T16:00:00), 1, 0);"
q "INSERT INTO qa_score (ticket_id, agent, score, inspector, at) VALUES
 ($T1, 'wang', 90, 'tester', $(epoch 2026-11-20T02:00:00)),
 ($T2, 'wang', 85, 'tester', $(epoch 2026-11-21T02:00:00)),
 ($T3, 'li', 70, 'tester', $(epoch 2026-11-30T16:00:00));"

# =======================================================================================
# November, one row: every metric.
# =======================================================================================
kpi --period 2026-11
expect_rc 0 "kpi for a month"
# created T1 T2 T3 T4 (T5 at the end is December's); resolved T6 (at the start) T1 T2 T3;
# backlog T4; first responses 600 1200 1800 10800 (T2 late); resolution times 7200 21600
# 90000 1432800; resolution targets met T1 T3, breached T2 T4 (T6's in October); first
# contact T1 T6; reopened T3; escalated T4; 30 + 80 yuan, one exception; revisits T1 done,
# T3 open (the cancelled one left out); promises P1 kept, P2 late (P3 called off, P4 due
# at the end); care C1; answers csat 5/nps 10 and 3/6 (T6's at the end is December's); four
# surveys sent in November, three answered; QA 90 and 85 (T3's at the end left out); one
# forced reply (li's), one vague (wang's). Of the three complaints whose resolution target
# came due, two were resolved in time (投诉解决率 66.7); none was the service's fault.
expect_out "2026-11	4	4	1	3	75	0	66.7	1200	10800	21600	1432800	75	50	50	25	25	1	110.00	50	50	1	50	0	50	87.5	1	1	" \
    "every metric of November"
run --now "$LATER" kpi --period 2026-11 --format json
expect_out_has '"period":"2026-11","created":4,"resolved":4,"backlog":1,"complaints":3,"complaint_rate":75,"service_complaint_rate":0,"complaint_res_sla":66.7,"frt_p50":1200,"frt_p90":10800,"res_p50":21600,"res_p90":1432800,"frt_sla":75,"res_sla":50,"fcr":50,"reopen_rate":25,"escalation_rate":25,"exception_count":1,"compensation_total":110,"revisit_rate":50,"promise_kept":50,"proactive_count":1,"csat":50,"nps":0,"response_rate":50,"qa_avg":87.5,"forced_replies":1,"vague_replies":1,"retention":null}' \
    "JSON: numbers, not text"

# By agent: ticket figures go to the owner (T3 stays li's though wang worked it); li has no
# promise due, so promise_kept is empty, not 0, and no QA score.
kpi --period 2026-11 --by agent
expect_out "2026-11	li	2	1	1	2	100	0	50	600	1200	90000	90000	100	50	0	100	50	0	0.00	0		0	0	-100	100		1	0	
2026-11	wang	2	3	0	1	50	0	100	1800	10800	21600	1432800	50	50	66.7	0	0	1	110.00	100	50	1	100	100	33.3	87.5	0	1	" \
    "per agent, ordered by login"
run --now "$LATER" kpi --period 2026-11 --by agent --metrics promise_kept,qa_avg --format jsonl
expect_out '{"period":"2026-11","agent":"li","promise_kept":null,"qa_avg":null}
{"period":"2026-11","agent":"wang","promise_kept":50,"qa_avg":87.5}' "no data is null in JSON"
kpi --period 2026-11 --by team --metrics created,csat,compensation_total
expect_out "2026-11	北区	2	100	110.00
2026-11	南区	2	0	0.00" "per team: the agents' teams"
kpi --period 2026-11 --by kind --metrics created,resolved
expect_out "2026-11	complaint	3	2
2026-11	inquiry	1	2" "per ticket kind"

# Edges: T1 and T6's resolution and C1 exactly at the start count; nothing at the end.
kpi --period 2026-11-01..2026-11-03 --by day --metrics created,resolved,proactive_count
expect_out "2026-11-01..2026-11-03	2026-11-01	1	2	1
2026-11-01..2026-11-03	2026-11-02	0	0	0" "per day: the event at the start counts, every day has a row"
kpi --since 2026-10-31T23:59 --until 2026-11-01T00:00 --metrics created,resolved,proactive_count
expect_out "2026-10-31T23:59:00+08:00..2026-11-01T00:00:00+08:00	0	0	0" "an event exactly at the end is not in the range"
kpi --period 2026-12-01 --metrics created,exception_count,compensation_total,proactive_count,qa_avg
expect_out "2026-12-01	1	0	20.00	1	70" "the events at November's end are December's"

# An empty month: counts 0, everything else empty.
run --now "$LATER" kpi --period 2026-09 --format jsonl
expect_out '{"period":"2026-09","created":0,"resolved":0,"backlog":0,"complaints":0,"complaint_rate":null,"service_complaint_rate":null,"complaint_res_sla":null,"frt_p50":null,"frt_p90":null,"res_p50":null,"res_p90":null,"frt_sla":null,"res_sla":null,"fcr":null,"reopen_rate":null,"escalation_rate":null,"exception_count":0,"compensation_total":0,"revisit_rate":null,"promise_kept":null,"proactive_count":0,"csat":null,"nps":null,"response_rate":null,"qa_avg":null,"forced_replies":0,"vague_replies":0,"retention":null}' \
    "a month without data"

# --compare: November against October (T6: created, first response 1800s, open at the end).
kpi --period 2026-11 --metrics created,backlog,frt_p50,frt_sla,csat --compare
expect_out "2026-11	4	1	3	1	1	0	1200	1800	-600	75	100	-25	50		" \
    "value, previous value and change; empty when either side is"
run --now "$LATER" kpi --period 2026-11 --metrics csat --compare --format jsonl
expect_out '{"period":"2026-11","csat":50,"csat_prev":null,"csat_change":null}' "a change without a previous value is null"
kpi --period 2026-11 --by week --metrics created --compare
expect_out "2026-11	2026-W44	1	0	1
2026-11	2026-W45	0	1	-1
2026-11	2026-W46	2	0	2
2026-11	2026-W47	1	2	-1
2026-11	2026-W48	0	1	-1
2026-11	2026-W49	0	0	0" "per ISO week, cut to the month, each compared with its own previous week"
kpi --period 2026-11-10..2026-11-20 --metrics created --compare
expect_out "2026-11-10..2026-11-20	2	1	1" "a range is compared with the same length before it (T1 on 2026-11-01)"

# --list and the refusals.
run kpi --list --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f1 | tr '\n' ' ')" \
    "created resolved backlog complaints complaint_rate service_complaint_rate complaint_res_sla frt_p50 frt_p90 res_p50 res_p90 frt_sla res_sla fcr reopen_rate escalation_rate exception_count compensation_total revisit_rate promise_kept proactive_count csat nps response_rate qa_avg forced_replies vague_replies retention " \
    "--list names every metric"
expect_out_has "fcr	percent	First-contact resolution" "--list gives the unit and definition"
run kpi --by shift
expect_rc 2 "an unknown --by"
expect_err_has "--by: unknown dimension 'shift'" "the error names --by and the value"
run kpi --metrics csat,speed
expect_rc 2 "an unknown metric"
expect_err_has "--metrics: unknown metric 'speed'" "the error names --metrics and the value"
run kpi --period 2026-11 --since 2026-11-01
expect_rc 2 "--period with --since"
run kpi --until 2026-11-01
expect_rc 2 "--until without --since"
expect_err_has "--until '2026-11-01' needs --since" "the error names --until"
run kpi --period 2026-13
expect_rc 2 "a bad period"
expect_err_has "--period" "the error names --period"

# =======================================================================================
# The service star.
# =======================================================================================
run --now "$LATER" kpi stars --period 2026-11 --no-header
expect_out "2026-11		li	0	1		0	0	1	left out: 1 of the 5 answers needed (CSAT 0.0% of 1 answer; no promises due; 1 resolved)
2026-11		wang	100	1	50	2	1	3	left out: 1 of the 5 answers needed (CSAT 100.0% of 1 answer; 1 of 2 promises kept; 3 resolved)" \
    "with the default five answers needed nobody ranks, and each says why"
run policy show
printf '%s\n' "$OUT" | sed 's/^stars_min_answers = 5/stars_min_answers = 1/' >"$WORK/stars.toml"
run policy load "$WORK/stars.toml"
expect_rc 0 "a policy needing one answer"
run --now "$LATER" kpi stars --period 2026-11 --no-header
expect_out "2026-11	1	wang	100	1	50	2	1	3	CSAT 100.0% of 1 answer; 1 of 2 promises kept; 3 resolved
2026-11	2	li	0	1		0	0	1	CSAT 0.0% of 1 answer; no promises due; 1 resolved" "ranked by CSAT"
run --now "$LATER" kpi stars --period 2026-11 --top 1 --no-header
expect_eq "$(rows)" "1" "--top keeps the first N"
run --now 2026-12-05T10:00 kpi stars --no-header
expect_out_has "2026-11	1	wang" "the default period is last month"
run kpi stars --top x
expect_rc 2 "--top must be a number"
expect_err_has "--top: 'x'" "the error names --top"

# =======================================================================================
# By hour of day, and the staffing it calls for (Erlang C)
# =======================================================================================
use_store hours
run customer add --name 接线测试 --phone 13100001111
# Monday 2026-11-23: ten calls between 09:00 and 10:00, each answered after 10 s; two chats at
# 14:00, one answered after 40 s (its 30 s target missed).
for m in 00 06 12 18 24 30 36 42 48 54; do
    run --now "2026-11-23T09:$m:10" ticket open --channel phone --kind inquiry --summary "来电 $m" --customer 13100001111 --waited 10s
done
run --now 2026-11-23T14:00 ticket open --channel chat --kind inquiry --summary '在线 1' --customer 13100001111
C1=$OUT
run --now 2026-11-23T14:00:40 ticket respond "$C1" '您好'
run --now 2026-11-23T14:05 ticket open --channel chat --kind inquiry --summary '在线 2' --customer 13100001111
C2=$OUT
run --now 2026-11-23T14:05:10 ticket respond "$C2" '您好'
run kpi --by hour --period 2026-11-23 --format tsv --now 2026-11-24T09:00
expect_rc 0 "kpi --by hour"
expect_eq "$(rows)" "25" "a header and one row per hour of the day"
expect_out_has "09:00	10	10	10	10	100" "09:00: ten calls, ten a day, answered in 10 s, every target met"
expect_out_has "14:00	2	2	10	40	50" "14:00: two chats, the median and p90 first response, half in time"
expect_out_has "10:00	0	0			" "an hour without tickets has no times"
run kpi --by weekday-hour --period 2026-11-23..2026-11-29 --format tsv --no-header --now 2026-11-30T09:00
expect_eq "$(rows)" "168" "weekday × hour: 7 × 24 rows"
expect_out_has "mon	09:00	10	10	" "Monday 09:00 has the calls, one Monday in the week"
run kpi --by hour --metrics fcr --period 2026-11-23
expect_rc 2 "--by hour has fixed figures: --metrics is refused"
run kpi staffing --channel phone --period 2026-11-23 --handle-time 6m --service-level 80/20 --format tsv --now 2026-11-24T09:00
expect_rc 0 "kpi staffing"
expect_out_has "hour	arrivals	erlangs	agents	service_level	occupancy	average_wait" "the staffing header"
expect_out_has "09:00	10	1	3	91.9	33.3	16" "10 calls an hour of 6 minutes are one erlang: 3 agents reach 80/20 (2 would answer 68 %)"
expect_out_has "14:00	0	0	0			" "the chats are not phone calls"
run kpi staffing --channel phone --period 2026-11-23 --handle-time 6m --service-level 90/10 --format tsv --no-header --now 2026-11-24T09:00
expect_out_has "09:00	10	1	3	" "90/10 needs 3 too"
# FCR counts contacts: a chat solved in one session with three replies is a first-contact
# resolution; one the customer came back to an hour later is not.
run --now 2026-11-23T15:00 ticket open --channel chat --kind inquiry --summary '一次会话' --customer 13100001111
F1=$OUT
for m in 00:20 02 04; do run --now "2026-11-23T15:$m" ticket respond "$F1" '回复'; done
run --now 2026-11-23T15:05 ticket resolve "$F1" --resolution '已解答'
run kpi --metrics fcr --period 2026-11-23 --format tsv --no-header --now 2026-11-24T09:00
expect_out "2026-11-23	100" "a chat solved in one session with three replies is first-contact resolution"
run --now 2026-11-23T16:00 ticket open --channel chat --kind inquiry --summary '两次会话' --customer 13100001111
F2=$OUT
run --now 2026-11-23T16:00:20 ticket respond "$F2" '您好'
run --now 2026-11-23T17:10 ticket respond "$F2" --from-customer '我又来问了'
run --now 2026-11-23T17:11 ticket resolve "$F2" --resolution '已解答'
run kpi --metrics fcr --period 2026-11-23 --format tsv --no-header --now 2026-11-24T09:00
expect_out "2026-11-23	50" "a customer back after 70 minutes is a second contact: not first-contact"
run kpi staffing --service-level 80
expect_rc 2 "a service level without seconds is bad input"
expect_err_has "--service-level: '80'" "the error names the flag and the value"
run kpi staffing --handle-time 0s
expect_rc 2 "a handle time of nothing is bad input"
run kpi staffing --channel fax
expect_rc 2 "an unknown channel is bad input"
expect_err_has "--channel: unknown value 'fax'" "the error names the flag and the value"
run kpi staffing --by day
expect_rc 2 "staffing is by hour or weekday-hour only"

# A closed period is reported as it stood at its end: a reopen later changes nothing in it,
# and --as-of shows any earlier instant.
run --now 2026-09-10T10:00 ticket open --channel email --kind complaint --summary '九月的投诉' --customer 13100001111
S1=$OUT
run --now 2026-09-10T11:00 ticket respond "$S1" '马上处理'
run --now 2026-09-11T09:00 ticket resolve "$S1" --resolution '已补发' --cause service
run kpi --period 2026-09 --metrics resolved,backlog,res_sla,fcr,reopen_rate,service_complaint_rate --format tsv --now 2026-09-30T23:00
SEPT=$OUT
expect_out_has "2026-09	1	0	" "September as printed on its last evening"
run --now 2026-10-08T10:00 ticket reopen "$S1" --reason '补发的也坏了'
expect_rc 0 "reopened in October"
run kpi --period 2026-09 --metrics resolved,backlog,res_sla,fcr,reopen_rate,service_complaint_rate --format tsv --now 2026-10-09T10:00
expect_out "$SEPT" "September printed in October equals September printed on 30 September"
run kpi --period 2026-09 --metrics created,resolved,backlog --format tsv --no-header --as-of 2026-09-10T12:00 --now 2026-10-09T10:00
expect_out "2026-09	1	0	1" "--as-of: the month as it stood before the resolution"
run kpi --period 2026-09 --as-of 2026-10-10 --now 2026-10-09T10:00
expect_rc 2 "--as-of later than now is bad input"
expect_err_has "--as-of: 2026-10-10" "the error names the flag and the value"
run kpi --period 2026-09 --as-of someday
expect_rc 2 "--as-of that is not an instant is bad input"
run kpi --by hour --as-of 2026-09-10
expect_rc 2 "--by hour has fixed figures: --as-of is refused"

# 留存率: of the customers registered before August and not lost then, those not lost at its
# end. One leaves, one leaves and comes back, one is warned about (two complaints) and leaves.
R=()
for i in 1 2 3 4; do
    run --now "2026-07-0${i}T10:00" customer add --name "留存$i" --phone "1370000000$i"
    R+=("$OUT")
done
run --now 2026-08-10T10:00 customer lost "${R[0]}" --reason '改用别家'
expect_rc 0 "customer lost"
run --now 2026-08-10T11:00 customer lost "${R[0]}" --reason '又一次'
expect_rc 4 "a customer already lost is not lost again"
expect_err_has "already recorded lost since 2026-08-10" "the refusal says since when"
run --now 2026-08-11T10:00 customer lost "${R[1]}" --reason '会员到期'
run --now 2026-08-20T10:00 customer returned "${R[1]}"
expect_rc 0 "customer returned"
run --now 2026-08-21T10:00 customer returned "${R[1]}"
expect_rc 4 "a customer not lost cannot return"
for d in 05 06; do
    run --now "2026-08-${d}T10:00" ticket open --channel phone --kind complaint --summary "第${d}次投诉" --customer 13700000003
done
run --now 2026-08-25T10:00 customer lost 13700000003 --reason '投诉两次未解决'
run customer lost "${R[3]}" --reason '以后再说' --at 2027-01-01 --now 2026-08-26T10:00
expect_rc 2 "a loss later than now is bad input"
expect_err_has "--at: 2027-01-01" "the error names the flag and the value"
run --now 2026-08-26T10:00 customer lost "${R[3]}" --reason ''
expect_rc 2 "a loss without a reason is bad input"
run kpi --period 2026-08 --metrics retention --format tsv --no-header --now 2026-09-02T10:00
expect_out "2026-08	50" "retention: four customers, two lost at the month's end (the one who came back is kept)"
run kpi --period 2026-08 --metrics retention --format tsv --no-header --as-of 2026-08-15 --now 2026-09-02T10:00
expect_out "2026-08	50" "as of the 15th: two lost then, one of them back later"
run kpi --period 2026-08 --metrics retention --format tsv --no-header --as-of 2026-08-10T12:00 --now 2026-09-02T10:00
expect_out "2026-08	75" "as of the 10th at noon: one lost"
run kpi --period 2026-08 --metrics retention --by agent --format tsv --no-header --now 2026-09-02T10:00
expect_out_lacks "50" "retention is not an agent's figure"
run customer at-risk --period 2026-08 --format tsv --now 2026-09-02T10:00
expect_out_has "留存3	standard	137****0003	2 complaints from 2026-08-01 to 2026-08-31	2026-08-25T10:00:00+08:00" \
    "the churn warning says the customer was lost, and when"
expect_err_has "1 of 1 customers warned about are recorded lost" "and how many warnings ended in loss"
run customer show "${R[0]}" --format json --now 2026-09-02T10:00
expect_out_has '"lost_at":"2026-08-10T10:00:00+08:00","lost_reason":"改用别家"' "customer show says when and why they left"

finish
