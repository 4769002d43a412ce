#!/usr/bin/env bash
# Deliveries are at least once. For each of the three cron deliveries (escalate sweep,
# followup due and survey due, all with --notify), svc is killed with SIGKILL by its own
# notify command at the worst two moments:
#   - while delivering, before the receiver took the payload: it must not be lost;
#   - after the receiver took it, before svc recorded it: it is delivered again once the
#     claim's lease has run out, with the same delivery_id, so the receiver can drop it.
# A run while the lease holds leaves the item alone (another deliverer may be at work).
source "$(dirname "$0")/lib.sh"
LEASE=120  # k_delivery_lease

# The receiver: appends each payload it takes to received.log. While "$WORK/die-before"
# exists it kills svc without taking the payload; while "$WORK/die-after" exists it takes
# the payload, then kills svc before svc can record the delivery.
cat >"$WORK/receiver.sh" <<EOF
#!/bin/sh
line=\$(cat)
if [ -f "$WORK/die-before" ]; then kill -9 \$PPID; exit 1; fi
printf '%s\n' "\$line" >>"$WORK/received.log"
if [ -f "$WORK/die-after" ]; then kill -9 \$PPID; fi
exit 0
EOF
chmod 755 "$WORK/receiver.sh"

"$SVC" -q db init
run policy show
printf '%s\n' "$OUT" | sed "s|^command = \"\"|command = \"$WORK/receiver.sh\"|" >"$WORK/policy.toml"
run policy load "$WORK/policy.toml"
expect_rc 0 "a policy whose notify command is the receiver"

received() { lines "$WORK/received.log"; }
# ids KIND: the delivery ids of that kind the receiver took, one a line, sorted.
ids() { grep -o "\"delivery_id\":\"$1-[0-9-]*\"" "$WORK/received.log" | sort; }

# ---------------------------------------------------------------------------------------
# followup due --notify
# ---------------------------------------------------------------------------------------
run --now 2026-11-23T10:00 ticket open --channel email --kind inquiry --summary '换货进度' --name 赵敏 --phone 13600004444
T=$OUT
run --now 2026-11-23T10:00 followup add "$T" --kind callback --due 2026-11-23T10:30 --note '回电告知进度'
F=$OUT

touch "$WORK/die-before"
run --now 2026-11-23T10:30 followup due --notify
[ "$RC" -eq 137 ] && pass || failure "svc was killed while delivering a reminder (exit $RC)"
rm "$WORK/die-before"
expect_eq "$(received)" 0 "the receiver took nothing"
run --now 2026-11-23T10:31 followup due --notify
expect_rc 0 "a run while the lease holds"
expect_eq "$(received)" 0 "leaves the claimed reminder alone"
run --now "2026-11-23T10:33" followup due --notify
expect_rc 0 "a run after the lease ran out"
expect_eq "$(received)" 1 "delivers the reminder that was being delivered when svc died"
expect_eq "$(q "SELECT reminded_at IS NOT NULL FROM followup WHERE id = $F")" 1 "and records it"

run --now 2026-11-23T10:40 followup add "$T" --kind promise --due 2026-11-23T11:00 --note '十一点前补发'
F2=$OUT
touch "$WORK/die-after"
run --now 2026-11-23T11:00 followup due --notify
[ "$RC" -eq 137 ] && pass || failure "svc was killed after the receiver took a reminder (exit $RC)"
rm "$WORK/die-after"
expect_eq "$(received)" 2 "the receiver took it"
expect_eq "$(q "SELECT reminded_at IS NULL FROM followup WHERE id = $F2")" 1 "svc did not record it"
run --now 2026-11-23T11:01 followup due --notify
expect_eq "$(received)" 2 "not delivered again while the lease holds"
run --now 2026-11-23T11:03 followup due --notify
expect_rc 0 "the run after the lease"
expect_eq "$(received)" 3 "delivers it again (at least once)"
expect_eq "$(ids reminder | uniq -d)" "\"delivery_id\":\"reminder-$F2-1\"" "with the same delivery_id both times"
run --now 2026-11-23T11:10 followup due --notify
expect_eq "$(received)" 3 "then never again"
run --now 2026-11-23T11:10 followup due --notify --remind-again
expect_eq "$(ids reminder | tail -1)" "\"delivery_id\":\"reminder-$F2-2\"" "a reminder given again is a new delivery"

# ---------------------------------------------------------------------------------------
# escalate sweep --notify (in working time, so nothing is held)
# ---------------------------------------------------------------------------------------
: >"$WORK/received.log"
run --now 2026-11-23T14:00 ticket open --channel social --kind complaint --priority urgent --summary '再不处理就找媒体曝光' --customer 13600004444
S=$OUT
touch "$WORK/die-before"
run --now 2026-11-23T14:01 escalate sweep --notify
[ "$RC" -eq 137 ] && pass || failure "svc was killed while delivering a sweep event (exit $RC)"
rm "$WORK/die-before"
events=$(q "SELECT count(*) FROM sweep_event WHERE notify = 1")
[ "$events" -ge 1 ] && pass || failure "the sweep recorded its events before delivering ($events)"
run --now 2026-11-23T14:02 escalate sweep --notify
expect_eq "$(received)" 0 "a sweep while the lease holds leaves the event alone"
run --now 2026-11-23T14:04 escalate sweep --notify
expect_rc 0 "the sweep after the lease"
expect_eq "$(q "SELECT count(*) FROM sweep_event WHERE notify = 1 AND delivered_at IS NULL")" 0 "delivers every event"
expect_eq "$(received)" "$events" "each once"

touch "$WORK/die-after"
run --now 2026-11-23T16:00 escalate sweep --notify
rm "$WORK/die-after"
before=$(received)
[ "$before" -ge 1 ] && pass || failure "the receiver took a later event before svc died"
run --now 2026-11-23T16:03 escalate sweep --notify
expect_rc 0 "the sweep after the lease"
expect_eq "$(ids sweep | uniq -d | wc -l)" 1 "the event taken but not recorded came again, with its delivery_id"
expect_eq "$(q "SELECT count(*) FROM sweep_event WHERE notify = 1 AND delivered_at IS NULL")" 0 "and everything is recorded delivered"

# ---------------------------------------------------------------------------------------
# survey due --notify
# ---------------------------------------------------------------------------------------
: >"$WORK/received.log"
run --now 2026-11-24T09:00 customer add --name 钱七 --phone 13600005555
run --now 2026-11-24T09:00 ticket open --channel phone --kind inquiry --summary '咨询保修期' --customer 13600005555
V=$OUT
run --now 2026-11-24T09:00 ticket resolve "$V" --resolution '已解答'
touch "$WORK/die-after"
run --now 2026-11-25T10:00 survey due --notify
[ "$RC" -eq 137 ] && pass || failure "svc was killed after the receiver took a survey (exit $RC)"
rm "$WORK/die-after"
expect_eq "$(received)" 1 "the receiver took the survey"
run --now 2026-11-25T10:01 survey due --notify
expect_eq "$(received)" 1 "not again while the lease holds"
run --now 2026-11-25T10:03 survey due --notify
expect_rc 0 "the run after the lease"
expect_eq "$(received)" 2 "the survey came again"
expect_eq "$(ids survey | uniq -d | wc -l)" 1 "with the same delivery_id"
expect_eq "$(q "SELECT count(*) FROM survey WHERE ticket_id = $V AND delivered_at IS NOT NULL")" 1 "one survey, recorded delivered"
run --now 2026-11-25T11:00 survey due --notify
expect_eq "$(received)" 2 "then never again"

touch "$WORK/die-before"
run --now 2026-11-24T09:10 ticket open --channel phone --kind inquiry --summary '咨询发票' --name 孙八 --phone 13600006666
W=$OUT
run --now 2026-11-24T09:10 ticket resolve "$W" --resolution '已解答'
run --now 2026-11-25T10:10 survey due --notify
[ "$RC" -eq 137 ] && pass || failure "svc was killed while delivering a survey (exit $RC)"
rm "$WORK/die-before"
run --now 2026-11-25T10:13 survey due --notify
expect_rc 0 "the run after the lease"
expect_eq "$(grep -c "\"ticket\":$W" "$WORK/received.log")" 1 "the survey being delivered when svc died is not lost"

run db check
expect_rc 0 "db check after the kills"
finish
