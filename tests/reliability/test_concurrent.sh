#!/usr/bin/env bash
# Concurrent writers on one store: W processes each open N tickets, respond, note and add a
# callback promise on each, while two cron-like processes run `escalate sweep` and
# `followup due` in a loop. Every ticket must be there exactly once with its response and
# note, no command may fail (in particular with "database is locked" / busy), every
# escalation is recorded once, and `db check` is clean. Then twelve agents answer one ticket
# at the same moment. Everything runs on the real clock, as agents and cron do: no writer may
# refuse another, and each ticket's trail is in the order it was written.
source "$(dirname "$0")/lib.sh"
unset SVC_NOW
W=8
N=$(pick 40 250)

"$SVC" -q db init
mkdir -p "$WORK/logs"

worker() {
    local w=$1 i id summary phone
    phone=$(printf '1390000%04d' "$w")
    for ((i = 1; i <= N; i++)); do
        summary="w$w-t$i"
        # One in ten mentions a risk keyword: the sweep sends it straight to the risk level.
        [ $((i % 10)) -eq 0 ] && summary="$summary 要找律师"
        if [ "$i" -eq 1 ]; then
            id=$("$SVC" ticket open --channel email --kind complaint --summary "$summary" --name "C$w" --phone "$phone" 2>>"$WORK/logs/err.$w")
        else
            id=$("$SVC" ticket open --channel email --kind complaint --summary "$summary" --customer "$phone" 2>>"$WORK/logs/err.$w")
        fi
        rc=$?
        echo "open $w $i $rc" >>"$WORK/logs/rc.$w"
        [ "$rc" -eq 0 ] || continue
        echo "$id $summary" >>"$WORK/logs/ids.$w"
        "$SVC" -q ticket respond "$id" "reply $i" 2>>"$WORK/logs/err.$w"
        echo "respond $w $i $?" >>"$WORK/logs/rc.$w"
        "$SVC" -q ticket note "$id" "note $i" 2>>"$WORK/logs/err.$w"
        echo "note $w $i $?" >>"$WORK/logs/rc.$w"
        if [ $((i % 4)) -eq 0 ]; then
            "$SVC" -q followup add "$id" --kind callback --due 10m --note "call back $i" >/dev/null 2>>"$WORK/logs/err.$w"
            echo "followup $w $i $?" >>"$WORK/logs/rc.$w"
        fi
    done
}

# A cron job: the SLA sweep and the follow-up reminders, again and again.
sweeper() {
    local s=$1
    while [ ! -f "$WORK/logs/done" ]; do
        "$SVC" -q escalate sweep --format jsonl >>"$WORK/logs/sweep.$s" 2>>"$WORK/logs/err.sweep$s"
        echo "sweep $s $?" >>"$WORK/logs/rc.sweep$s"
        "$SVC" -q followup due --within 1h --format jsonl >>"$WORK/logs/due.$s" 2>>"$WORK/logs/err.due$s"
        echo "due $s $?" >>"$WORK/logs/rc.due$s"
    done
}

start=$(date +%s)
sweeper 1 & s1=$!
sweeper 2 & s2=$!
pids=()
for ((w = 1; w <= W; w++)); do
    worker "$w" & pids+=($!)
done
wait "${pids[@]}"
touch "$WORK/logs/done"
wait "$s1" "$s2"
elapsed=$(($(date +%s) - start))

ops=$(cat "$WORK"/logs/rc.* | wc -l)
failed=$(cat "$WORK"/logs/rc.* | awk '$NF != 0' | wc -l)
sweeps=$(cat "$WORK"/logs/rc.sweep* | wc -l)
dues=$(cat "$WORK"/logs/rc.due* | wc -l)
note "concurrent: $W writers x $N tickets + 2 cron loops, $ops commands ($sweeps sweeps, $dues followup due) in ${elapsed}s, $failed failed"
OUT="" ERR=$(cat "$WORK"/logs/err.* 2>/dev/null | sort | uniq -c | sort -rn | head -5)
expect_eq "$failed" 0 "no command failed"
expect_eq "$(cat "$WORK"/logs/err.* | grep -ci 'locked\|busy')" 0 "no command reported a locked or busy store"

expected=$((W * N))
expect_eq "$(q 'SELECT count(*) FROM ticket')" "$expected" "every ticket is stored"
expect_eq "$(cat "$WORK"/logs/ids.* | wc -l)" "$expected" "every open printed an id"
expect_eq "$(cat "$WORK"/logs/ids.* | awk '{print $1}' | sort -u | wc -l)" "$expected" "the printed ids are unique"
expect_eq "$(q 'SELECT count(DISTINCT summary) FROM ticket')" "$expected" "each ticket is present exactly once"
# Each printed id holds the summary its worker gave it.
cat "$WORK"/logs/ids.* | sort -n >"$WORK/printed"
q "SELECT id || ' ' || summary FROM ticket ORDER BY id" >"$WORK/stored"
expect_eq "$(cmp -s "$WORK/printed" "$WORK/stored" && echo same)" "same" "each id printed holds its own summary"
expect_eq "$(q 'SELECT count(*) FROM ticket WHERE response_count < 1 AND first_responded_at IS NULL')" 0 "every ticket has its response"
expect_eq "$(q "SELECT count(DISTINCT entity_id) FROM audit WHERE entity = 'ticket' AND action = 'note'")" "$expected" "every ticket has its note"
expect_eq "$(q "SELECT count(*) FROM followup WHERE kind = 'callback'")" "$((W * (N / 4)))" "every callback is stored"

# Escalations: once per ticket and level, each with one audit row, and the ticket's level
# is the highest it was raised to.
expect_eq "$(q 'SELECT count(*) FROM (SELECT ticket_id, to_level FROM escalation GROUP BY 1, 2 HAVING count(*) > 1)')" 0 \
    "no ticket is escalated twice to one level"
expect_eq "$(q "SELECT count(*) FROM audit WHERE entity = 'ticket' AND action = 'escalate'")" "$(q 'SELECT count(*) FROM escalation')" \
    "one audit row per escalation"
expect_eq "$(q 'SELECT count(*) FROM ticket t WHERE level <> coalesce((SELECT max(to_level) FROM escalation e WHERE e.ticket_id = t.id), 0)')" 0 \
    "each ticket's level is its last escalation"
escalations=$(q 'SELECT count(*) FROM escalation')
note "concurrent: $escalations escalations recorded by the sweeps"
[ "$escalations" -gt 0 ] && pass || failure "the sweeps escalated something"
expect_eq "$(cat "$WORK"/logs/sweep.* | grep -c '"action":"escalated"')" "$escalations" "each escalation was reported by exactly one sweep"
# Each follow-up due within the hour was reminded once, by one of the two loops.
reminded=$(cat "$WORK"/logs/due.* | grep -c .)
expect_eq "$reminded" "$(q 'SELECT count(*) FROM followup WHERE reminded_at IS NOT NULL')" "each reminder was sent by exactly one loop"
expect_eq "$(cat "$WORK"/logs/due.* | grep -o '"id":[0-9]*' | sort | uniq -d | wc -l)" 0 "no follow-up reminded twice"
# Once everyone is done, one more sweep finishes the work and a second one has nothing left.
run -q escalate sweep --format jsonl
expect_rc 0 "a final sweep"
expect_eq "$(q "SELECT count(*) FROM ticket WHERE summary LIKE '%律师' AND level = 0")" 0 "every risk-keyword ticket is escalated"
run -q escalate sweep --format jsonl
expect_rc 0 "a second final sweep"
expect_out_lacks '"escalated"' "the second final sweep escalates nothing"
expect_eq "$(q 'SELECT count(*) FROM (SELECT ticket_id, to_level FROM escalation GROUP BY 1, 2 HAVING count(*) > 1)')" 0 \
    "still no ticket escalated twice"

# Twelve agents answer one ticket at once, several times over a few seconds, so that some
# of them read the clock before another's write and write after it.
id=$("$SVC" ticket open --channel chat --kind inquiry --summary 'one ticket, many hands' --customer 13900000001 2>/dev/null)
responder() {
    local a=$1 r
    for ((r = 1; r <= $(pick 8 30); r++)); do
        "$SVC" -q ticket respond "$id" "agent $a reply $r" 2>>"$WORK/logs/err.one$a"
        echo "respond-one $a $r $?" >>"$WORK/logs/rc.one$a"
    done
}
pids=()
for ((a = 1; a <= 12; a++)); do
    responder "$a" & pids+=($!)
done
wait "${pids[@]}"
OUT="" ERR=$(cat "$WORK"/logs/err.one* 2>/dev/null | sort | uniq -c | sort -rn | head -5)
expect_eq "$(cat "$WORK"/logs/rc.one* | awk '$NF != 0' | wc -l)" 0 "twelve agents answering one ticket on the real clock: none refused"
expect_eq "$(q "SELECT response_count FROM ticket WHERE id = $id")" "$((12 * $(pick 8 30)))" "every answer to the one ticket is counted"
# The trail of every ticket and follow-up goes forward in time, in the order it was written.
expect_eq "$(q 'SELECT count(*) FROM (SELECT at < lag(at) OVER (PARTITION BY entity, entity_id ORDER BY id) AS back FROM audit) WHERE back')" 0 \
    "no event of a ticket is earlier than the one before it"

run db check
expect_rc 0 "db check after the concurrent run"
finish
