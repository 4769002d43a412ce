#!/usr/bin/env bash
# The duty roster and the duty clock through the real binary, over 国庆 2026: svc duty add
# (ranges, hours from the policy, overlaps, roles, bad input), list (--period, --login,
# --on-duty), remove, the trail; ticket list --overdue naming who is on duty; and the sweep
# naming the people on duty in what it delivers outside working hours, a crisis escalation
# delivered at once to the manager on duty, and an overdue crisis told to that manager.
source "$(dirname "$0")/lib.sh"

export SVC_NOW=2026-09-30T17:00
run db init
run --as li.manager agent add li.manager --name 李经理 --role manager
run --as li.manager agent add zhao.sup --name 赵主管 --role supervisor
run --as li.manager agent add wang.fang --name 王芳 --role agent
run --as li.manager agent add old.hand --name 老张 --role agent
run --as li.manager agent update old.hand --inactive
export SVC_USER=zhao.sup

# =======================================================================================
# 1. Keeping the roster
# =======================================================================================
run duty add 2026-10-01..2026-10-07 zhao.sup --hours 10:00-16:00 --note '备用手机 13900000000'
expect_rc 0 "a supervisor puts themselves on duty for the holiday week"
expect_eq "$(rows)" "7" "one shift per date, each id on its own line"
expect_err_has "7 shifts for zhao.sup, 2026-10-01 10:00 to 2026-10-07 16:00" "stderr says what was added"
# Without --hours a date takes the policy's working and duty hours: holiday duty 09:00-18:00,
# the make-up Saturday's working hours in two intervals.
run duty add 2026-10-01 li.manager
expect_rc 0 "a date without --hours takes the policy's duty hours"
run duty add 2026-10-10 wang.fang
expect_rc 0 "the make-up working day takes its working hours"
expect_eq "$(rows)" "2" "two shifts: the morning and the afternoon"
run duty list --period 2026-10-01 --format tsv --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f2-5 | tr '\t' ' ')" "li.manager 2026-10-01T09:00:00+08:00 2026-10-01T18:00:00+08:00 32400
zhao.sup 2026-10-01T10:00:00+08:00 2026-10-01T16:00:00+08:00 21600" "duty list --period shows the day's shifts by start"
run duty list --period 2026-10-10 --format tsv --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f3,4 | tr '\t' ' ')" "2026-10-10T09:00:00+08:00 2026-10-10T12:00:00+08:00
2026-10-10T13:30:00+08:00 2026-10-10T18:30:00+08:00" "a make-up working day's shifts skip the lunch break"
run duty list --login zhao.sup --format tsv --no-header
expect_eq "$(rows)" "7" "duty list --login shows one agent's shifts from today on"
expect_out_has "备用手机 13900000000" "the note is listed"
run duty list --on-duty --now 2026-10-01T11:00 --format tsv --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f2 | tr '\n' ' ')" "li.manager zhao.sup " "--on-duty lists the shifts running now"
run duty list --on-duty --now 2026-10-01T20:00 --format tsv --no-header
expect_eq "$(rows)" "0" "nobody is on duty at 20:00"

before=$(dump)
run duty add 2026-10-03 zhao.sup --hours 15:00-18:00
expect_rc 4 "an overlapping shift is refused"
expect_err_has "zhao.sup is already on duty from 2026-10-03T10:00:00+08:00 to 2026-10-03T16:00:00+08:00" "the refusal names the shift it overlaps"
run duty add 2026-10-08..2026-10-09 wang.fang --hours 09:00-10:00,09:30-11:00
expect_rc 2 "overlapping --hours are bad input"
expect_err_has "--hours" "the error names --hours"
run duty add 2026-10-01 zhao.sup --hours 22:00-06:00
expect_rc 2 "a night across midnight is written as two shifts"
expect_err_has "split a night shift at 24:00" "the error says how"
run duty add 2026-13-01 zhao.sup
expect_rc 2 "a bad date is bad input"
expect_err_has "DATES: '2026-13-01'" "the error names DATES and the value"
run duty add 2026-10-07..2026-10-01 zhao.sup
expect_rc 2 "a backwards range is bad input"
run duty add 2026-01-01..2027-06-30 zhao.sup
expect_rc 2 "a roster over a year long is bad input"
run duty add 2026-10-02 nobody
expect_rc 3 "an unknown agent is not found"
run duty add 2026-10-02 old.hand
expect_rc 4 "a deactivated agent cannot be on duty"
run --as wang.fang duty add 2026-10-02 wang.fang
expect_rc 4 "an agent may not keep the roster"
expect_err_has "only a supervisor or above may keep the duty roster" "the refusal says who may"
run duty remove 999
expect_rc 3 "removing an unknown shift is not found"
expect_eq "$(dump)" "$before" "refused roster changes wrote nothing"

run duty list --period 2026-10-03 --login zhao.sup --format tsv --no-header
SHIFT=$(printf '%s\n' "$OUT" | cut -f1)
run duty remove "$SHIFT"
expect_rc 0 "a supervisor removes a shift"
expect_err_has "removed duty shift $SHIFT of zhao.sup (2026-10-03 10:00 to 2026-10-03 16:00)" "stderr says which"
run duty add 2026-10-03 zhao.sup --hours 15:00-18:00
expect_rc 0 "the freed time can be taken again"
expect_eq "$(q "SELECT count(*) FROM audit WHERE entity = 'agent' AND action = 'duty_remove' AND actor = 'zhao.sup'")" "1" \
    "the trail keeps the removed shift"
expect_eq "$(q "SELECT count(*) FROM audit WHERE entity = 'agent' AND action = 'duty_add'")" "11" "and every added one"

# =======================================================================================
# 2. Who is on duty, where the breaches are listed
# =======================================================================================
run --as wang.fang ticket open --channel email --kind complaint --summary '国庆前投诉' --name 张伟 --phone 13800001234
T1=$OUT
expect_err_has "first response due 2026-10-01T11:30:00+08:00" "the eve's complaint is answered by the holiday duty"
run ticket list --overdue --now 2026-10-01T12:00 --format tsv --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f1)" "$T1" "the complaint is overdue at noon on 1 October"
expect_err_has "on duty now: li.manager (until 2026-10-01 18:00), zhao.sup (until 2026-10-01 16:00)" \
    "ticket list --overdue says who is on duty now, on stderr"
run ticket list --overdue --now 2026-10-01T12:00 --format tsv --no-header -q
expect_eq "$ERR" "" "--quiet keeps it quiet"
run ticket list --overdue --now 2026-10-01T20:00 --format tsv --no-header
expect_err_has "nobody is on duty now" "and says when nobody is"

# =======================================================================================
# 3. The sweep tells the people on duty
# =======================================================================================
SVC_USER=li.manager use_flaky_notify
touch "$WORK/marker"
# Late on 1 October: a public post (24x7) breaches at 01:00 on 2 October, with nobody on duty;
# the e-mail complaint's first response (duty clock) was breached at 11:30 on 1 October and
# its resolution at 17:00, which raised it to the supervisor (duty clock).
run --as wang.fang --now 2026-10-01T23:00 ticket open --channel social --kind inquiry --summary '微博吐槽' --customer 13800001234
T2=$OUT
run escalate sweep --notify --now 2026-10-02T01:00
expect_rc 0 "a night sweep"
expect_err_has "2 notifications held until working or duty time" "the duty-clock breach and escalation wait for duty time"
expect_eq "$(grep -c '"event":"first_response_breached","ticket":'"$T2"',' "$WORK/notify.log")" "1" "the 24x7 breach goes out at night"
expect_eq "$(grep -c '^{"delivery_id":"sweep-[0-9]*","on_duty":\[\],"event":"first_response_breached","ticket":'"$T2"',' "$WORK/notify.log")" "1" \
    "outside working hours it names who is on duty: nobody"
run escalate sweep --notify --now 2026-10-02T10:30
expect_eq "$(grep -c '"on_duty":\["li.manager","zhao.sup"\],"event":"first_response_breached","ticket":'"$T1"',' "$WORK/notify.log")" "0" \
    "li.manager has no shift on 2 October"
expect_eq "$(grep -c '"on_duty":\["zhao.sup"\],"event":"first_response_breached","ticket":'"$T1"',' "$WORK/notify.log")" "1" \
    "in the holiday duty the held breach goes to the supervisor on duty"
# A risk word: straight to the crisis level, delivered at once with the manager on duty.
run duty add 2026-10-02 li.manager --hours 18:00-23:00
run --as wang.fang --now 2026-10-02T21:00 ticket open --channel email --kind complaint --summary '不退款我就找媒体曝光' --customer 13800001234
T3=$OUT
run escalate sweep --notify --now 2026-10-02T21:05
expect_out_has '"ticket":'"$T3"',"action":"escalated","target":"3","level":3,"recipient":"manager"' "the risk word raises the ticket to the crisis level"
expect_eq "$(grep -c '"on_duty":\["li.manager"\],"event":"escalated","ticket":'"$T3"',' "$WORK/notify.log")" "1" \
    "the crisis escalation goes out at once, naming the manager on duty"
run ticket show "$T3" --format json --now 2026-10-02T21:05
expect_out_has '"solution_due":"2026-10-03T01:05:00+08:00"' "the crisis level has 4 hours around the clock"
run escalate sweep --notify --now 2026-10-03T01:05
expect_out_has '"ticket":'"$T3"',"action":"escalation_overdue"' "past it, the sweep records escalation_overdue"
expect_eq "$(grep -c '"on_duty":\[\],"event":"escalation_overdue","ticket":'"$T3"',' "$WORK/notify.log")" "1" \
    "and tells the managers on duty (none at 01:05)"
expect_eq "$(q "SELECT count(*) FROM sweep_event WHERE delivered_at IS NULL AND clock <> 'duty'")" "0" \
    "only duty-clock events wait, for the next duty hours"

finish
