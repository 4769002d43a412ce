#!/usr/bin/env bash
# svc today, the day's work list, on a fixed clock: each kind of item (breached, at risk,
# promise, callback, revisit, care, survey, escalation, customer at risk, on duty) for the
# acting agent, a team and everyone, sorted by due time, in the machine formats too.
source "$(dirname "$0")/lib.sh"

export SVC_NOW=2026-11-23T09:00
run db init
run --as li.manager agent add li.manager --name 李经理 --role manager --team lead
run --as li.manager agent add zhao.sup --name 赵主管 --role supervisor --team east
run --as li.manager agent add wang.fang --name 王芳 --role agent --team east
run --as li.manager agent add chen.jie --name 陈杰 --role agent --team west
export SVC_USER=wang.fang
run customer add --name 张伟 --phone 13800001234
run customer add --name 李娜 --phone 13900002222

# wang.fang's e-mail complaint (first response due 13:00, 4 working hours), chen.jie's chat.
run ticket open --channel email --kind complaint --summary '退款没到账' --customer 13800001234
T1=$OUT
run --as chen.jie ticket open --channel chat --kind inquiry --summary '发票怎么开' --customer 13900002222
T2=$OUT
run ticket respond "$T1" '您好, 正在核实' --promise 'today 11:00'
run followup add "$T1" --kind callback --due 'tomorrow 10:00' --note '明天回电'
run --as zhao.sup duty add 2026-11-23 zhao.sup --hours 09:00-18:00
run --now 2026-11-23T09:30 escalate "$T1" --reason '顾客要求主管处理'

run today --format tsv --now 2026-11-23T10:00
expect_rc 0 "svc today runs"
expect_out_has "due	due_in	kind	ticket	customer	who	what" "a header names the fields"
expect_eq "$(printf '%s\n' "$OUT" | tail -n +2 | cut -f3 | tr '\n' ' ')" "promise on_duty " \
    "wang.fang's list at 10:00: the promise due at 11:00, then who is on duty"
expect_out_has "2026-11-23T11:00:00+08:00	3600	promise	$T1	张伟	wang.fang	您好, 正在核实" "the promise's row"
expect_out_has "on_duty			zhao.sup	on duty until 2026-11-23 18:00" "who is on duty, until when"
expect_out_lacks "callback" "tomorrow's callback is not today's work"
run today --format tsv --no-header --now 2026-11-23T11:20
expect_eq "$(cut -f3 <<<"$OUT" | tr '\n' ' ')" "promise at_risk on_duty " \
    "at 11:20 the promise is overdue, still on the list, and the supervisor's solution target is at risk"
expect_out_has "-1200	promise" "due_in is negative when overdue"
run today --format tsv --no-header --now 2026-11-23T11:30
expect_out_has "0	breached	$T1	张伟	wang.fang	solution: 退款没到账" "at 11:30 the supervisor's solution target breaches on the agent's ticket"

# zhao.sup: the escalation waits on the supervisors; chen.jie's chat breached at 09:00:30.
run --as zhao.sup today --format tsv --no-header --now 2026-11-23T11:00
expect_eq "$(cut -f3 <<<"$OUT" | tr '\n' ' ')" "escalation on_duty " "the supervisor's list: the escalation waiting for the role"
expect_out_has "2026-11-23T11:30:00+08:00	1800	escalation	$T1	张伟	supervisor	level 1 (supervisor): 顾客要求主管处理" \
    "the escalation row: its solution due time and level"
run --as zhao.sup today --team west --format tsv --no-header --now 2026-11-23T11:00
expect_out_has "breached	$T2	李娜	chen.jie	first_response: 发票怎么开" "--team west: chen.jie's breached chat"
expect_out_lacks "promise" "and not team east's promise"
run --as zhao.sup today --all --format tsv --no-header --now 2026-11-23T11:00
expect_eq "$(cut -f3 <<<"$OUT" | tr '\n' ' ')" "breached promise escalation on_duty " "--all: everything, by due time"

# Resolved: the revisit (next working day) and the survey window; a second complaint in 30
# days makes the customer at risk.
run --now 2026-11-23T11:40 ticket resolve "$T1" --resolution '已退款'
run --now 2026-11-23T11:40 followup done 1 --outcome '已回电'
run --now 2026-11-23T11:40 followup cancel 2 --reason '已解决'
run --now 2026-11-23T11:50 ticket open --channel phone --kind complaint --summary '又扣款了' --customer 13800001234
T3=$OUT
run --now 2026-11-23T11:50 ticket respond "$T3" '您好'
run --as li.manager today --all --format jsonl --now 2026-11-24T13:00
expect_out_has '{"due":"2026-11-24T11:40:00+08:00","due_in":-4800,"kind":"revisit","ticket":'"$T1"',"customer":"张伟","who":"wang.fang","what":"回访: 退款没到账"}' \
    "the revisit is due one working day after the resolution"
expect_out_lacks '"kind":"survey"' "no survey while the customer has another complaint open"
expect_out_has '"kind":"customer_at_risk","ticket":null,"customer":"张伟"' "张伟 is at risk: two complaints"
run today --format jsonl --now 2026-11-24T13:00
expect_out_lacks "customer_at_risk" "an agent's own list leaves customers at risk to the leads"
run --now 2026-11-24T13:00 ticket resolve "$T3" --resolution '已退回多扣款项'
run today --format jsonl --now 2026-11-24T13:10
expect_out_has '{"due":"2026-11-25T11:40:00+08:00","due_in":81000,"kind":"survey","ticket":'"$T1"',"customer":"张伟","who":"wang.fang"' \
    "with the other complaint resolved, the survey is due before its window closes"

run today --team nowhere
expect_rc 3 "an unknown team is not found"
expect_err_has "no agent is in team 'nowhere'" "the error names the team"
run today --team east --all
expect_rc 2 "--team and --all contradict each other"
run today --bogus
expect_rc 2 "an unknown flag is bad usage"

finish
