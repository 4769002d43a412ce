#!/usr/bin/env bash
# Tiered complaint handling through the real binary: manual escalation with its solution
# targets on the business clock, escalate list and its states, the sweep's five rules walked
# through on a fixed clock (first-response breach, resolution breach, solution breach up to
# the last level, risk keywords, at-risk warnings), idempotence and --dry-run, a reopened
# escalated ticket, two sweeps at once on one store, --notify with failures, retries,
# business-hours holding, concurrent delivery and a command that ignores its input, and the
# compensation authority of each role with exceptions. Each part has a store of its own.
source "$(dirname "$0")/lib.sh"

# esc_states: "id:state" of each row of `escalate list --no-header` in $OUT, space-separated.
esc_states() { printf '%s\n' "$OUT" | cut -f1,14 | tr '\t' ':' | tr '\n' ' ' | sed 's/ $//'; }

# =======================================================================================
# 1. Manual escalation (Monday 2026-11-23, the business calendar 09:00-12:00, 13:30-18:30)
# =======================================================================================
run db init
expect_rc 0 "db init creates the store"
run --as li.manager agent add li.manager --name 李经理 --role manager
expect_rc 0 "a manager registers themselves first"
run --as li.manager agent add zhao.sup --name 赵主管 --role supervisor
expect_rc 0 "the manager registers a supervisor"
run --as li.manager agent add wang.fang --name 王芳 --role agent --comp-limit 50
expect_rc 0 "the manager registers an agent with a 50-yuan limit"
run --as li.manager agent add chen.jie --name 陈杰 --role agent
run --as li.manager agent add sun.li --name 孙丽 --role agent --comp-limit 80
expect_rc 0 "an agent with an own limit above the role's"
export SVC_USER=wang.fang
run customer add --name 张伟 --phone 13800001234
CUST=$OUT

open_complaint() { run ticket open --channel email --kind complaint --summary "$1" --customer "$CUST"; }
open_complaint '快递三天没到'
E1=$OUT
open_complaint '退款迟迟不到账'
E2=$OUT
open_complaint '商品爆炸伤人'
E3=$OUT
open_complaint '客服态度恶劣'
E4=$OUT
open_complaint '重复扣款'
E5=$OUT

run escalate "$E1" --reason '顾客要求主管处理'
expect_rc 0 "a manual escalation"
expect_out "1" "the escalation prints its id alone"
expect_err_has "ticket $E1 escalated to level 1 (supervisor, for a supervisor); solution due 2026-11-23T12:00:00+08:00" \
    "stderr names the level, its role and the solution deadline"
run ticket show "$E1" --format json
expect_out_has '"level":1,' "the ticket is at level 1"
expect_out_has '"level_role":"supervisor","solution_due":"2026-11-23T12:00:00+08:00"' \
    "solution_due is the escalation time + 2 business hours"
expect_out_has '{"target":"solution","rule":"supervisor","clock":"duty","due":"2026-11-23T12:00:00+08:00"' \
    "the solution target runs on the duty clock under the level's name"
expect_out_has '"event":"escalate","text":"level 0 → 1 (supervisor, manual): 顾客要求主管处理' "the timeline shows the escalation"
run --now 2026-11-23T11:00 escalate "$E2" --reason '顾客要求主管处理'
expect_err_has "solution due 2026-11-23T14:30:00+08:00" "escalated at 11:00, the 2 h skip lunch: due 14:30"
run escalate "$E3" --level 3 --reason '商品安全事故'
expect_rc 0 "--level 3 jumps straight to the crisis level"
expect_err_has "level 3 (crisis, for a manager); solution due 2026-11-23T14:00:00+08:00" "crisis: 4 hours around the clock, due 14:00"

before=$(dump)
run escalate "$E3" --level 2 --reason '降级'
expect_rc 4 "escalation never lowers a level"
expect_err_has "never lowers" "the refusal says escalation never lowers"
run escalate "$E1" --level 1 --reason '再升一次'
expect_rc 4 "raising to the current level is refused"
run escalate "$E3" --reason '还要再升'
expect_rc 4 "there is no level above the last one"
expect_err_has "the highest there is" "the refusal says it is the highest level"
run escalate "$E3" --level 4 --reason '不存在的级别'
expect_rc 2 "--level beyond the policy's levels is a usage error"
expect_err_has "0 to 3" "the error names the valid levels"
run escalate "$E4" --level 2 --to wang.fang --reason '交给客服'
expect_rc 4 "--to an agent below the level's role is refused"
expect_err_has "level 2 (complaints) is handled by a manager" "the refusal names the level's role"
run escalate "$E4" --level 2 --to zhao.sup --reason '交给主管'
expect_rc 4 "--to a supervisor for a manager's level is refused"
run escalate "$E4" --to nobody --reason '交给路人'
expect_rc 4 "--to an unregistered login is refused"
run escalate "$E5"
expect_rc 2 "escalating without --reason is a usage error"
expect_err_has "--reason" "the error names --reason"
run escalate "$E5" --reason '   '
expect_rc 2 "a blank reason is a usage error"
run escalate 999 --reason '不存在'
expect_rc 3 "escalating an unknown ticket is not found"
expect_err_has "ticket 999 not found" "the error names the ticket"
expect_eq "$(dump)" "$before" "refused escalations wrote nothing"

run escalate "$E4" --to zhao.sup --reason '主管接手'
expect_rc 0 "--to a supervisor at level 1"
expect_err_has "handled by zhao.sup" "stderr names the handler"
run ticket show "$E4" --format json
expect_out_has '"owner":"wang.fang","assignee":"zhao.sup","level":1' "--to moves the work to the supervisor; the owner stays"
expect_out_has '"transfer_count":1' "the hand-over counts as a transfer"
# Raised again before its solution was due: the level-1 escalation is superseded.
run --now 2026-11-23T11:00 escalate "$E4" --level 2 --to li.manager --reason '顾客要求经理处理'
expect_rc 0 "a second raise to level 2 with a manager"
expect_err_has "solution due 2026-11-24T11:00:00+08:00" "the complaints level has one working day"
# Resolved before the solution was due: met; after: breached.
run --now 2026-11-23T11:30 ticket resolve "$E1" --resolution '已补发'
expect_rc 0 "resolving an escalated ticket"
run --now 2026-11-23T15:00 ticket resolve "$E2" --resolution '已退款'
before=$(dump)
run --now 2026-11-23T11:40 escalate "$E1" --reason '顾客仍不满意'
expect_rc 4 "a resolved ticket is not escalated"
expect_err_has "only open or pending tickets" "the refusal says which tickets are escalated"
expect_eq "$(dump)" "$before" "the refused escalation of a resolved ticket wrote nothing"

run escalate list --no-header --now 2026-11-23T16:00
expect_eq "$(rows)" "5" "escalate list shows every escalation"
expect_eq "$(esc_states)" "1:met 3:overdue 4:superseded 2:breached 5:open" \
    "states: met before the due time, overdue while open past it, superseded, breached, open"
expect_out_has "1	$E1	0	1	supervisor	supervisor		wang.fang	manual	顾客要求主管处理	2026-11-23T10:00:00+08:00	2026-11-23T12:00:00+08:00	2026-11-23T11:30:00+08:00	met" \
    "a row has id, ticket, levels, names, handler, actor, trigger, reason, at, solution_due, ended_at and state"
expect_out_has "4	$E4	0	1	supervisor	supervisor	zhao.sup	wang.fang	manual	主管接手	2026-11-23T10:00:00+08:00	2026-11-23T12:00:00+08:00	2026-11-23T11:00:00+08:00	superseded" \
    "the superseded row keeps its handler and ends at the next raise"
expect_out_has "2	$E2	0	1	supervisor	supervisor		wang.fang	manual	顾客要求主管处理	2026-11-23T11:00:00+08:00	2026-11-23T14:30:00+08:00	2026-11-23T15:00:00+08:00	breached" \
    "resolving after solution_due ends the escalation as breached"
run escalate list --no-header --now 2026-11-23T13:00
expect_out_has "3	$E3	0	3	crisis	manager		wang.fang	manual	商品安全事故	2026-11-23T10:00:00+08:00	2026-11-23T14:00:00+08:00		open" \
    "before its due time an unresolved escalation is open"
run escalate list --open --no-header --now 2026-11-23T16:00
expect_eq "$(esc_states)" "3:overdue 5:open" "--open lists the current escalations of unresolved tickets"
run escalate list --overdue --no-header --now 2026-11-23T16:00
expect_eq "$(esc_states)" "3:overdue" "--overdue lists open escalations past their solution target"
run escalate list --overdue --no-header --now 2026-11-23T13:59:59
expect_eq "$(rows)" "0" "nothing is overdue a second before 14:00"
run escalate list --level 1 --no-header --now 2026-11-23T16:00
expect_eq "$(esc_states)" "1:met 4:superseded 2:breached" "--level 1 lists the escalations to level 1"
run escalate list --level 2 --format jsonl --now 2026-11-23T16:00
expect_out '{"id":5,"ticket":'"$E4"',"from_level":1,"to_level":2,"level_name":"complaints","role":"manager","handler":"li.manager","actor":"wang.fang","trigger":"manual","reason":"顾客要求经理处理","at":"2026-11-23T11:00:00+08:00","solution_due":"2026-11-24T11:00:00+08:00","ended_at":null,"state":"open"}' \
    "escalate list as JSONL carries every field"
run --now 2026-11-30T10:00 escalate "$E5" --reason '下周升级'
expect_err_has "solution due 2026-11-30T12:00:00+08:00" "a later escalation"
run escalate list --period 2026-W48 --no-header --now 2026-11-30T10:00
expect_eq "$(esc_states)" "1:met 3:overdue 4:superseded 2:breached 5:overdue" "--period 2026-W48 lists that week's escalations"
run escalate list --period 2026-W49 --no-header --now 2026-11-30T10:00
expect_eq "$(esc_states)" "6:open" "--period 2026-W49 lists only the later one"
run escalate list --period 2026-W77
expect_rc 2 "a bad --period is a usage error"

# =======================================================================================
# 2. The sweep, one complaint walked through every rule on a fixed clock
# =======================================================================================
use_store sweep
export SVC_USER=tester
run customer add --name 李娜 --phone 13900002222
# C: an e-mail complaint opened by wang.fang, worked by chen.jie. First response due 15:30
# (at risk from 14:42), resolution due Tue 11-24 10:00 (one working day on the duty clock,
# at risk from Mon 17:54, after 80 % of its 8 working hours).
run --as wang.fang ticket open --channel email --kind complaint --summary '物流太慢' --customer 1
C=$OUT
run --now 2026-11-23T10:05 ticket assign "$C" chen.jie
expect_rc 0 "the complaint is assigned to chen.jie"

run escalate sweep --now 2026-11-23T10:05
expect_rc 0 "a sweep with nothing to do succeeds"
expect_out "" "a sweep with nothing to do prints nothing"
expect_eq "$ERR" "" "a sweep with nothing to do says nothing on stderr either"
run escalate sweep --now 2026-11-23T14:41:59
expect_out "" "nothing is at risk a second before 80 % of the first-response time"
# Rule 5: at risk, to the assignee. --dry-run first.
AR1='{"at":"2026-11-23T14:42:00+08:00","ticket":'"$C"',"action":"at_risk","target":"first_response","level":0,"recipient":"chen.jie","detail":"due 2026-11-23T15:30:00+08:00"}'
before=$(dump)
run escalate sweep --dry-run --now 2026-11-23T14:42
expect_rc 0 "sweep --dry-run"
expect_out "$AR1" "--dry-run shows the at-risk warning as one JSON line"
expect_eq "$(dump)" "$before" "--dry-run writes nothing"
run escalate sweep --now 2026-11-23T14:42
expect_out "$AR1" "the sweep warns the assignee when the first response is at risk"
run escalate sweep --now 2026-11-23T14:50
expect_out "" "one at-risk warning per target and deadline"
run escalate sweep --dry-run --now 2026-11-23T14:50
expect_out "" "--dry-run finds the warning already given and reports nothing"
# Rule 1: first response breached, to the owner, once.
run escalate sweep --now 2026-11-23T15:30
expect_out '{"at":"2026-11-23T15:30:00+08:00","ticket":'"$C"',"action":"first_response_breached","target":"first_response","level":0,"recipient":"wang.fang","detail":""}' \
    "a breached first response is reported to the owner"
run escalate sweep --now 2026-11-23T16:00
expect_out "" "the first-response breach is reported once"
run escalate sweep --now 2026-11-23T17:54
expect_out '{"at":"2026-11-23T17:54:00+08:00","ticket":'"$C"',"action":"at_risk","target":"resolution","level":0,"recipient":"chen.jie","detail":"due 2026-11-24T10:00:00+08:00"}' \
    "the resolution target at risk is a warning of its own"
# Rule 2: resolution breached at the front line → level 1.
ESC1='{"at":"2026-11-24T10:00:00+08:00","ticket":'"$C"',"action":"escalated","target":"1","level":1,"recipient":"supervisor","detail":"level 0 → 1 (supervisor, for a supervisor): resolution target passed at 2026-11-24T10:00:00+08:00"}'
before=$(dump)
run escalate sweep --dry-run --now 2026-11-24T10:00
expect_out "$ESC1" "--dry-run shows the escalation it would make"
expect_eq "$(dump)" "$before" "--dry-run of an escalation writes nothing"
run escalate sweep --now 2026-11-24T10:00
expect_rc 0 "the sweep escalates"
expect_out "$ESC1" "a breached resolution at level 0 goes to level 1"
escalations=$(q "SELECT * FROM escalation")
run escalate sweep --now 2026-11-24T10:00
expect_out "" "a second sweep at the same now does nothing"
expect_eq "$(q "SELECT * FROM escalation")" "$escalations" "a second sweep leaves the escalation rows unchanged"
run escalate list --no-header --now 2026-11-24T10:00
expect_out "1	$C	0	1	supervisor	supervisor		tester	resolution_breached	resolution target passed at 2026-11-24T10:00:00+08:00	2026-11-24T10:00:00+08:00	2026-11-24T12:00:00+08:00		open" \
    "the sweep's escalation has trigger resolution_breached and a 2 h solution target"
run ticket show "$C" --format json --now 2026-11-24T10:00
expect_out_has '"owner":"wang.fang","assignee":"chen.jie","level":1' "the sweep raises the level and leaves owner and assignee"
run escalate sweep --format table --dry-run --now 2026-11-24T11:36
expect_out_has "ACTION" "--format table has a header"
expect_out_has "at_risk" "--format table lists the action"
run escalate sweep --now 2026-11-24T11:36
expect_out '{"at":"2026-11-24T11:36:00+08:00","ticket":'"$C"',"action":"at_risk","target":"solution","level":1,"recipient":"chen.jie","detail":"due 2026-11-24T12:00:00+08:00"}' \
    "the level's solution target warns at 80 % (96 of 120 minutes)"
# Rule 3: the level's solution target breached → the next level, up to the last.
run escalate sweep --now 2026-11-24T12:00
expect_out '{"at":"2026-11-24T12:00:00+08:00","ticket":'"$C"',"action":"escalated","target":"2","level":2,"recipient":"manager","detail":"level 1 → 2 (complaints, for a manager): level 1 solution target passed at 2026-11-24T12:00:00+08:00"}' \
    "a breached solution target goes up one level"
run ticket show "$C" --format json --now 2026-11-24T12:00
expect_out_has '"solution_due":"2026-11-25T13:30:00+08:00"' "raised in the lunch break, one working day runs from 13:30 to Wed 13:30"
run escalate sweep --now 2026-11-25T13:30
expect_out '{"at":"2026-11-25T13:30:00+08:00","ticket":'"$C"',"action":"escalated","target":"3","level":3,"recipient":"manager","detail":"level 2 → 3 (crisis, for a manager): level 2 solution target passed at 2026-11-25T13:30:00+08:00"}' \
    "and up again to the crisis level"
run escalate sweep --now 2026-11-25T17:30
expect_out '{"at":"2026-11-25T17:30:00+08:00","ticket":'"$C"',"action":"escalation_overdue","target":"solution","level":3,"recipient":"manager","detail":"level 3 (crisis) solution target passed at 2026-11-25T17:30:00+08:00; no level above it"}' \
    "past the crisis level's 4 hours around the clock there is no level left: its role hears that it is overdue"
run escalate sweep --now 2026-11-25T18:30
expect_out "" "once"
run escalate list --no-header --now 2026-11-25T17:30
expect_eq "$(esc_states)" "1:breached 2:breached 3:overdue" "each raise ended the previous level as breached; the last is overdue"
expect_out_has "2	$C	1	2	complaints	manager		tester	solution_breached	" "the second raise has trigger solution_breached"
expect_eq "$(q "SELECT level FROM ticket WHERE id = $C")" "3" "the ticket stays at the last level"

# Rule 4: risk keywords, warned at open, note and customer message; the sweep goes straight
# to level 3, the crisis level.
run --now 2026-12-02T10:00 ticket open --channel email --kind complaint --summary '再不处理我就找媒体曝光' --customer 1
R1=$OUT
expect_err_has "ticket $R1 mentions '媒体', a risk keyword: the sweep escalates it to level 3 (crisis)" \
    "opening a ticket with a risk word warns on stderr"
run --now 2026-12-02T10:00 ticket open --channel email --kind complaint --summary '退款不到账' --customer 1
R2=$OUT
case "$ERR" in *mentions*) failure "a ticket without risk words opens without a warning" ;; *) pass ;; esac
run --now 2026-12-02T10:00 ticket note "$R2" '顾客说要去12315投诉'
expect_rc 0 "a note with a risk word is recorded"
expect_err_has "ticket $R2 mentions '12315'" "a note with a risk word warns on stderr"
run --now 2026-12-02T10:00 ticket open --channel chat --kind inquiry --summary '商品质量问题' --customer 1
R3=$OUT
run --now 2026-12-02T10:00:30 ticket respond "$R3" '您好, 请讲'
run --now 2026-12-02T10:01 ticket respond "$R3" --from-customer '我要找律师起诉你们'
expect_rc 0 "a customer message with a risk word is recorded"
expect_err_has "ticket $R3 mentions '律师'" "a customer message with a risk word warns on stderr"
run --now 2026-12-02T10:00 ticket open --channel email --kind inquiry --summary '退货运费谁出' --customer 1
R4=$OUT
run ticket show "$R1" --format json --now 2026-12-02T10:00
expect_out_has '"risk_keyword":"媒体"' "the ticket keeps its risk word"
run escalate sweep --now 2026-12-02T10:05
expect_out '{"at":"2026-12-02T10:05:00+08:00","ticket":'"$R1"',"action":"escalated","target":"3","level":3,"recipient":"manager","detail":"level 0 → 3 (crisis, for a manager): risk keyword: 媒体"}
{"at":"2026-12-02T10:05:00+08:00","ticket":'"$R2"',"action":"escalated","target":"3","level":3,"recipient":"manager","detail":"level 0 → 3 (crisis, for a manager): risk keyword: 12315"}
{"at":"2026-12-02T10:05:00+08:00","ticket":'"$R3"',"action":"escalated","target":"3","level":3,"recipient":"manager","detail":"level 0 → 3 (crisis, for a manager): risk keyword: 律师"}' \
    "risk tickets go straight to the crisis level with the word in the reason"
run escalate list --level 3 --open --no-header --now 2026-12-02T10:05
expect_out_has "$R1	0	3	crisis	manager		tester	risk_keyword	risk keyword: 媒体	2026-12-02T10:05:00+08:00	2026-12-02T14:05:00+08:00		open" \
    "the risk escalation has trigger risk_keyword and a 4 h solution target around the clock"
run escalate sweep --now 2026-12-02T10:06
expect_out "" "risk tickets are escalated once"
run --now 2026-12-02T10:10 ticket resolve "$R1" --resolution '已道歉并补偿'
run --now 2026-12-02T10:10 ticket resolve "$R2" --resolution '已退款'
run --now 2026-12-02T10:10 ticket resolve "$R3" --resolution '已换货'
run escalate list --level 3 --no-header --now 2026-12-02T10:10
expect_out_has "2026-12-02T14:05:00+08:00	2026-12-02T10:10:00+08:00	met" "resolving in time ends the escalation as met"

# Rule 5, once per target and deadline: each new customer message makes a new deadline.
run --now 2026-12-02T10:20 ticket open --channel chat --kind inquiry --summary '在线追问' --customer 1
D=$OUT
run --now 2026-12-02T10:20:30 ticket respond "$D" '您好'
run --now 2026-12-02T10:21 ticket respond "$D" --from-customer '快递到哪了?'
run escalate sweep --now 2026-12-02T10:22:36
expect_out '{"at":"2026-12-02T10:22:36+08:00","ticket":'"$D"',"action":"at_risk","target":"next_response","level":0,"recipient":"tester","detail":"due 2026-12-02T10:23:00+08:00"}' \
    "the chat's next response (2 m) is at risk after 96 s"
run escalate sweep --now 2026-12-02T10:22:50
expect_out "" "no second warning for the same deadline"
run --now 2026-12-02T10:22:55 ticket respond "$D" '正在查询'
run --now 2026-12-02T10:23:10 ticket respond "$D" --from-customer '还没查到?'
run escalate sweep --now 2026-12-02T10:24:46
expect_out_has '"action":"at_risk","target":"next_response","level":0,"recipient":"tester","detail":"due 2026-12-02T10:25:10+08:00"}' \
    "a new deadline of the same target gets its own warning"
expect_eq "$(q "SELECT count(*) FROM sweep_event WHERE ticket_id = $D AND kind = 'at_risk'")" "2" "two at-risk events for two deadlines"
run --now 2026-12-02T10:25 ticket resolve "$D" --resolution '已告知物流'

# Rule 4 comes before rule 2: a risk word on a ticket whose resolution is also overdue goes
# to level 3 directly, not to 1 and stop there.
run --now 2026-12-07T10:30 ticket respond "$R4" --from-customer '再不退款我就去消协投诉'
expect_err_has "mentions '消协'" "the late customer message warns"
run escalate sweep --now 2026-12-07T10:30
expect_out '{"at":"2026-12-07T10:30:00+08:00","ticket":'"$R4"',"action":"first_response_breached","target":"first_response","level":0,"recipient":"tester","detail":""}
{"at":"2026-12-07T10:30:00+08:00","ticket":'"$R4"',"action":"escalated","target":"3","level":3,"recipient":"manager","detail":"level 0 → 3 (crisis, for a manager): risk keyword: 消协"}' \
    "an overdue risk ticket: first-response breach, then straight to the crisis level"
expect_eq "$(q "SELECT group_concat(from_level || '>' || to_level || ':' || trigger) FROM escalation WHERE ticket_id = $R4")" "0>3:risk_keyword" \
    "one escalation, 0 → 3, not via level 1"

# A reopened ticket: its level-1 escalation ended as met when it was resolved; the sweep must
# not later raise it for a breach of that same, met solution target.
run --now 2026-12-08T10:00 ticket open --channel email --kind complaint --summary '维修后又坏了' --customer 1
O=$OUT
run --now 2026-12-08T10:10 ticket respond "$O" '您好, 马上安排'
run --now 2026-12-08T10:20 escalate "$O" --reason '顾客要求主管处理'
expect_err_has "solution due 2026-12-08T13:50:00+08:00" "escalated at 10:20: the 2 h end at 13:50"
run --now 2026-12-08T11:00 ticket resolve "$O" --resolution '已上门维修'
run --now 2026-12-08T11:30 ticket reopen "$O" --reason '顾客说又坏了'
expect_rc 0 "the resolved ticket is reopened"
run escalate list --no-header --now 2026-12-08T11:30
expect_out_has "	$O	0	1	supervisor	supervisor		tester	manual	顾客要求主管处理	2026-12-08T10:20:00+08:00	2026-12-08T13:50:00+08:00	2026-12-08T11:00:00+08:00	met" \
    "the level-1 escalation ended as met when the ticket was resolved"
run escalate sweep --now 2026-12-08T13:50
expect_out_lacks '"ticket":'"$O"',"action":"escalated"' \
    "after a reopen the sweep does not escalate for the level-1 solution target that was met"

# =======================================================================================
# 3. Two sweeps at once on one store
# =======================================================================================
use_store race
run customer add --name 王磊 --phone 13700003333
for i in $(seq 30); do
    "$SVC" -q ticket open --channel email --kind complaint --summary "批量投诉$i" --customer 1 >/dev/null
done
expect_eq "$(q "SELECT count(*) FROM ticket")" "30" "30 complaints opened Monday 10:00"
# Thursday 10:00: each has a breached first response and a breached resolution.
"$SVC" escalate sweep --now 2026-11-26T10:00 >"$WORK/sweep1.out" 2>"$WORK/sweep1.err" &
p1=$!
"$SVC" escalate sweep --now 2026-11-26T10:00 >"$WORK/sweep2.out" 2>"$WORK/sweep2.err" &
p2=$!
wait "$p1"
rc1=$?
wait "$p2"
rc2=$?
OUT=$(cat "$WORK/sweep1.out" "$WORK/sweep2.out")
ERR=$(cat "$WORK/sweep1.err" "$WORK/sweep2.err")
expect_eq "$rc1,$rc2" "0,0" "both sweeps succeed"
expect_eq "$(rows)" "60" "together the sweeps report each of the 60 actions"
expect_eq "$(printf '%s\n' "$OUT" | grep -c '"action":"escalated"')" "30" "30 escalations reported in all"
expect_eq "$(printf '%s\n' "$OUT" | sort | uniq -d | wc -l | tr -d ' ')" "0" "no action is reported twice"
expect_eq "$(q "SELECT count(*) FROM escalation")" "30" "30 escalation rows"
expect_eq "$(q "SELECT count(*) FROM (SELECT ticket_id, to_level FROM escalation GROUP BY 1, 2 HAVING count(*) > 1) AS twice")" "0" \
    "each ticket's escalation to a level is recorded once"
expect_eq "$(q "SELECT count(*) FROM ticket WHERE level = 1")" "30" "every ticket is at level 1"
expect_eq "$(q "SELECT count(*) FROM sweep_event")" "60" "60 sweep events, one per ticket and kind"
run db check
expect_rc 0 "db check passes after concurrent sweeps"
expect_out_has "integrity	ok" "the store's integrity is ok"
run escalate sweep --now 2026-11-26T10:00
expect_out "" "a third sweep finds nothing left to do"

# =======================================================================================
# 4. Notify
# =======================================================================================
use_store notify
run customer add --name 赵敏 --phone 13600004444
before=$(dump)
run escalate sweep --notify
expect_rc 2 "--notify without a notify.command is a usage error"
expect_err_has "notify.command" "the error names notify.command"
expect_eq "$(dump)" "$before" "the refused --notify sweep wrote nothing"
# The pager is unreachable until the marker exists; delivered events are appended to a log.
use_flaky_notify
run ticket open --channel email --kind inquiry --summary '发票抬头错误' --customer 1
N1=$OUT
run escalate sweep --notify --now 2026-11-23T15:30
expect_rc 1 "a failed notification makes the sweep exit 1"
expect_out '{"at":"2026-11-23T15:30:00+08:00","ticket":'"$N1"',"action":"first_response_breached","target":"first_response","level":0,"recipient":"tester","detail":""}' \
    "the action is still reported"
expect_err_has "notify failed: event 1 (ticket $N1, first_response_breached): notify.command exited with status 1" "stderr names the failed event"
expect_err_has "tried again by the next sweep" "stderr says it will be retried"
expect_eq "$(lines "$WORK/notify.log")" "0" "nothing was delivered"
expect_eq "$(q "SELECT last_error FROM sweep_event WHERE id = 1")" "notify.command exited with status 1" "the failure is kept with the event"
touch "$WORK/marker"
run escalate sweep --notify --now 2026-11-23T15:35
expect_rc 0 "the next sweep delivers"
expect_out "" "no new actions"
expect_eq "$(lines "$WORK/notify.log")" "1" "the failed event is delivered on retry"
expect_eq "$(grep -c '"event":"first_response_breached","ticket":'"$N1"',"at":"2026-11-23T15:30:00+08:00","target":"first_response","due":"2026-11-23T15:30:00+08:00","level":0,"recipient":"tester","owner":"tester","assignee":"tester","priority":"normal","summary":"发票抬头错误"' "$WORK/notify.log")" "1" \
    "the notification is one JSON line with the event, ticket, due time, people and summary"
run escalate sweep --notify --now 2026-11-23T15:40
expect_eq "$(lines "$WORK/notify.log")" "1" "a delivered event is not sent again"
# Outside duty time: a duty-clock event waits, a 24x7 one (social) does not.
run --now 2026-11-23T17:00 ticket open --channel social --kind inquiry --summary '微博投诉' --customer 1
N2=$OUT
run --now 2026-11-23T18:29 ticket open --channel chat --kind inquiry --summary '下班前咨询' --customer 1
N3=$OUT
run escalate sweep --notify --now 2026-11-23T20:00
expect_rc 0 "an evening sweep"
expect_eq "$(rows)" "2" "two first-response breaches found at 20:00"
expect_err_has "1 notification held until working or duty time" "stderr says the duty-clock event is held"
expect_eq "$(lines "$WORK/notify.log")" "2" "only the 24x7 social event is delivered at 20:00"
expect_eq "$(grep -c "\"ticket\":$N2," "$WORK/notify.log")" "1" "the social ticket's event went out"
# Saturday evening, after the weekend duty's 09:00-18:00: the three inquiries' resolutions
# (three working days, to Thursday) have passed; the escalations wait with the chat breach.
run escalate sweep --notify --now 2026-11-28T19:00
expect_rc 0 "a Saturday evening sweep"
expect_out_has '"ticket":'"$N1"',"action":"escalated"' "the Saturday sweep escalates the overdue ticket"
expect_err_has "4 notifications held until working or duty time" "after the weekend duty's hours duty-clock events are held"
expect_eq "$(lines "$WORK/notify.log")" "2" "nothing delivered on Saturday evening"
run escalate sweep --notify --now 2026-11-29T10:00
expect_rc 0 "the Sunday morning sweep"
expect_eq "$(lines "$WORK/notify.log")" "6" "the held events are delivered to the weekend duty"
expect_eq "$(grep -c '"event":"first_response_breached","ticket":'"$N3"',' "$WORK/notify.log")" "1" "the chat's held breach is delivered once"
expect_eq "$(grep -c '"event":"escalated","ticket":'"$N1"',' "$WORK/notify.log")" "1" "the held escalation is delivered once"
run escalate sweep --notify --now 2026-11-29T10:05
expect_eq "$(lines "$WORK/notify.log")" "6" "nothing is delivered twice"
expect_eq "$(sort "$WORK/notify.log" | uniq -d | wc -l | tr -d ' ')" "0" "each event is in the log exactly once"
expect_eq "$(q "SELECT count(*) FROM sweep_event WHERE delivered_at IS NULL")" "0" "every event is marked delivered"

# Two notifying sweeps at once: still each event delivered exactly once.
use_store notify_race
cat >"$WORK/append.sh" <<EOF
#!/bin/sh
cat >>"$WORK/race.log"
EOF
chmod 755 "$WORK/append.sh"
sed "s|notify.sh|append.sh|" "$WORK/notify.toml" >"$WORK/append.toml"
run policy load "$WORK/append.toml"
expect_rc 0 "a policy whose notify command always succeeds"
run customer add --name 周杰 --phone 13500005555
for i in $(seq 30); do
    "$SVC" -q ticket open --channel email --kind complaint --summary "通知$i" --customer 1 >/dev/null
done
"$SVC" escalate sweep --notify --now 2026-11-26T10:00 >"$WORK/nsweep1.out" 2>"$WORK/nsweep1.err" &
p1=$!
"$SVC" escalate sweep --notify --now 2026-11-26T10:00 >"$WORK/nsweep2.out" 2>"$WORK/nsweep2.err" &
p2=$!
wait "$p1"
rc1=$?
wait "$p2"
rc2=$?
OUT=$(cat "$WORK/nsweep1.out" "$WORK/nsweep2.out")
ERR=$(cat "$WORK/nsweep1.err" "$WORK/nsweep2.err")
expect_eq "$rc1,$rc2" "0,0" "both notifying sweeps succeed"
expect_eq "$(q "SELECT count(*) FROM sweep_event WHERE delivered_at IS NOT NULL")" "60" "all 60 events are delivered"
# On failure show the events delivered twice and their attempts, not the 60 actions.
OUT=$(sort "$WORK/race.log" | uniq -d)
expect_eq "$(rows)" "0" "no event is delivered twice by concurrent sweeps"
expect_eq "$(lines "$WORK/race.log")" "60" "the notify command received exactly the 60 events"
OUT=$(q "SELECT id, ticket_id, kind, attempts FROM sweep_event WHERE attempts > 1")
expect_eq "$(rows)" "0" "each event was handed to the notify command once (attempts = 1)"

# A notify command that ignores its input (say a plain web hook): the sweep must report a
# failure or deliver, never die of a broken pipe. Repeated sweeps retry what is left. (This
# assumes SIGPIPE at its default disposition, as under cron.)
use_store notify_quiet
sed 's|^command = .*|command = "/bin/true"|' "$WORK/notify.toml" >"$WORK/quiet.toml"
run policy load "$WORK/quiet.toml"
expect_rc 0 "a policy whose notify command reads nothing"
run customer add --name 吴昊 --phone 13400006666
# 60 tickets, 120 events: the broken pipe is a race with the command's exit, so give it room.
for i in $(seq 60); do
    "$SVC" -q ticket open --channel email --kind complaint --summary "安静$i" --customer 1 >/dev/null
done
killed=""
for i in 1 2 3 4 5; do
    run escalate sweep --notify --now "2026-11-26T10:0$i"
    [ "$RC" -ge 128 ] && killed="$killed $RC"
    [ "$(q "SELECT count(*) FROM sweep_event WHERE delivered_at IS NULL")" = "0" ] && break
done
expect_eq "${killed:-none}" "none" "a notify command that does not read its input never kills the sweep (exit codes >= 128)"

# =======================================================================================
# 5. Compensation authority
# =======================================================================================
export SVC_DB="$MAIN_STORE"
export SVC_USER=wang.fang
open_complaint '包装破损'
K1=$OUT
run ticket compensate "$K1" --amount 50 --kind coupon --note '50元无门槛券'
expect_rc 0 "an agent's 50-yuan coupon is within the limit"
case "$OUT" in '' | *[!0-9]*) failure "compensate prints the compensation id" ;; *) pass ;; esac
expect_err_has "coupon 50.00 yuan" "stderr confirms kind and amount"
open_complaint '第三次收到破损商品'
K2=$OUT
before=$(dump)
run ticket compensate "$K2" --amount 80 --kind refund
expect_rc 4 "80 yuan is over the agent's authority"
expect_err_has "80.00 yuan on ticket $K2 is over wang.fang's limit of 50.00 yuan" "the refusal names the amount and the limit"
expect_err_has "a supervisor (up to 500.00) or a manager (unlimited) may grant it" "the refusal names who may approve"
expect_err_has "--exception REASON" "the refusal points at --exception"
expect_eq "$(dump)" "$before" "the refused compensation wrote nothing"
run ticket compensate "$K2" --amount 80 --kind refund --exception '顾客第三次收到破损商品'
expect_rc 0 "over the limit with --exception is recorded"
expect_err_has "recorded as an exception" "stderr says it is an exception"
expect_eq "$(q "SELECT amount_fen, limit_fen, exception FROM compensation WHERE ticket_id = $K2")" "8000|5000|顾客第三次收到破损商品" \
    "the exception reason and the limit are kept with the compensation"
# Cumulative per ticket.
open_complaint '少发配件'
K3=$OUT
run ticket compensate "$K3" --amount 30 --kind coupon
expect_rc 0 "a first 30 yuan"
before=$(dump)
run ticket compensate "$K3" --amount 30 --kind coupon
expect_rc 4 "30 + 30 is over the 50-yuan limit on one ticket"
expect_err_has "(30.00 already granted on this ticket)" "the refusal counts what was already granted"
run ticket compensate "$K3" --amount 20.01 --kind coupon
expect_rc 4 "30 + 20.01 is over the limit by one fen"
expect_eq "$(dump)" "$before" "refused cumulative grants wrote nothing"
run ticket compensate "$K3" --amount 20 --kind gift --exception '不需要例外'
expect_rc 0 "30 + 20 is exactly the limit"
expect_eq "$(q "SELECT CAST(exception IS NULL AS integer) FROM compensation WHERE ticket_id = $K3 AND amount_fen = 2000")" "1" \
    "within authority no exception is recorded"
# The limit covers the ticket's total, whoever granted it: a colleague cannot add a second 50.
run --as chen.jie ticket compensate "$K3" --amount 30 --kind coupon
expect_rc 4 "a colleague's 30 on a ticket already at 50 is over the agent limit"
expect_err_has "(50.00 already granted on this ticket)" "the refusal counts what others granted"
run --as sun.li ticket compensate "$K3" --amount 30 --kind cash
expect_rc 0 "an agent's own --comp-limit 80 overrides the role's 50: 50 + 30"
run --as zhao.sup ticket compensate "$K3" --amount 400 --kind refund
expect_rc 0 "a supervisor's 400 takes the ticket to 480, within 500"
run --as zhao.sup ticket compensate "$K3" --amount 200 --kind refund
expect_rc 4 "480 + 200 is over the supervisor's 500"
expect_err_has "a manager (unlimited) may grant it" "only a manager may approve 680"
run --as li.manager ticket compensate "$K3" --amount 5000 --kind cash
expect_rc 0 "a manager's authority is unlimited"
before=$(dump)
for amount in abc 12.345 0 -5 0.00 '' 1e2; do
    run ticket compensate "$K3" --amount "$amount" --kind coupon
    expect_rc 2 "--amount '$amount' is a usage error"
done
expect_err_has "'1e2' is not an amount in yuan" "the error names the bad amount"
run ticket compensate "$K3" --amount 12.345 --kind coupon
expect_err_has "more than two decimals" "three decimals are refused as such"
run ticket compensate "$K3" --amount 5 --kind voucher
expect_rc 2 "an unknown --kind is a usage error"
expect_err_has "--kind: unknown value 'voucher'" "the error names the kind"
run ticket compensate "$K3" --kind coupon
expect_rc 2 "--amount is required"
run ticket compensate 999 --amount 5 --kind coupon
expect_rc 3 "compensating an unknown ticket is not found"
expect_eq "$(dump)" "$before" "refused compensations wrote nothing"
run ticket show "$K3" --format json
expect_out_has '"compensation_total":5480' "compensation_total sums every grant on the ticket"
expect_out_has '"agent":"wang.fang","role":"agent","kind":"coupon","amount":30,"limit":50,"exception":null,"note":null}' "the agent's grant is listed with the agent's limit"
expect_out_has '"agent":"zhao.sup","role":"supervisor","kind":"refund","amount":400,"limit":500' "compensations list each grant with its limit"
expect_out_has '"agent":"li.manager","role":"manager","kind":"cash","amount":5000,"limit":null' "a manager's grant has no limit"
expect_eq "$(q "SELECT count(*) FROM compensation WHERE ticket_id = $K3")" "5" "five grants on the ticket"

finish
