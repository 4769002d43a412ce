#!/usr/bin/env bash
# Crash safety: kill -9 at a random moment during `ticket import` of a large file, `demo`
# and `escalate sweep`. After each kill the store passes `db check`, the import is wholly
# present or wholly absent, the demo is all there or not at all, the sweep's work so far
# is consistent (each escalation once, with its audit row and the ticket's level), and
# running the command again completes.
source "$(dirname "$0")/lib.sh"
TRIALS=$(pick 5 20)
# The short run makes a smaller demo (a week); --long the full four weeks.
DEMO=(demo $(pick "--days 7" ""))
ROWS=$(pick 10000 100000)

# The import file: ROWS tickets with kept numbers from 1001 (so a second import of a file
# that is already in is refused, not doubled), over 200 customers.
"$PY" - "$ROWS" >"$WORK/big.jsonl" <<'PYEOF'
import json, sys
n = int(sys.argv[1])
for i in range(n):
    c = i % 200
    print(json.dumps({"id": 1001 + i, "channel": ["email", "phone", "chat"][i % 3], "kind": ["inquiry", "complaint"][i % 2],
                      "summary": f"imported {i}", "created_at": "2026-11-20T10:00",
                      "customer": {"name": f"客户{c}", "phone": f"137{c:08d}"}}, ensure_ascii=False))
PYEOF

# The base store: initialised, with three tickets of its own.
BASE="$WORK/base.db"
"$SVC" -q --db "$BASE" db init
for i in 1 2 3; do
    "$SVC" -q --db "$BASE" ticket open --channel email --kind inquiry --summary "own $i" --name "Own" --phone 13100000001 >/dev/null 2>&1 ||
        "$SVC" -q --db "$BASE" ticket open --channel email --kind inquiry --summary "own $i" --customer 13100000001 >/dev/null
done
base_tickets=$(count "$BASE" 'SELECT count(*) FROM ticket')
expect_eq "$base_tickets" 3 "the base store has its own tickets"

# copy_base TARGET: a copy of the base store (checkpointed first, so one file is enough).
copy_base() {
    sqlite3 "$BASE" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
    rm -f "$1" "$1-wal" "$1-shm"
    cp "$BASE" "$1"
}

# elapsed_ms CMD…: runs the command, prints how long it took in milliseconds.
elapsed_ms() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
}

# kill_after MS CMD…: starts the command, kills it with SIGKILL after MS milliseconds.
# Prints "killed" when it was still running, else "finished".
kill_after() {
    local ms=$1
    shift
    "$@" >/dev/null 2>&1 &
    local pid=$!
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    if kill -9 "$pid" 2>/dev/null; then
        wait "$pid" 2>/dev/null
        echo killed
    else
        wait "$pid" 2>/dev/null
        echo finished
    fi
}

# --- import -------------------------------------------------------------------------------
copy_base "$WORK/ref.db"
import_ms=$(elapsed_ms "$SVC" --db "$WORK/ref.db" ticket import "$WORK/big.jsonl")
expect_eq "$(count "$WORK/ref.db" 'SELECT count(*) FROM ticket')" "$((base_tickets + ROWS))" "an uninterrupted import stores every row"
note "crash: an uninterrupted import of $ROWS rows takes ${import_ms}ms"
present=0 absent=0 killed=0
for ((trial = 1; trial <= TRIALS; trial++)); do
    db="$WORK/import-$trial.db"
    copy_base "$db"
    at=$(random_between 20 $((import_ms + import_ms / 3)))
    outcome=$(kill_after "$at" "$SVC" --db "$db" ticket import "$WORK/big.jsonl")
    [ "$outcome" = killed ] && killed=$((killed + 1))
    expect_check "$db" "import trial $trial (kill at ${at}ms, $outcome)"
    n=$(count "$db" 'SELECT count(*) FROM ticket')
    case "$n" in
        "$base_tickets") absent=$((absent + 1)) ;;
        "$((base_tickets + ROWS))") present=$((present + 1)) ;;
        *) failure "import trial $trial: $n tickets, neither $base_tickets nor $((base_tickets + ROWS)): a half import" ;;
    esac
    expect_eq "$(count "$db" "SELECT count(*) FROM audit WHERE action = 'import'")" "$((n - base_tickets))" \
        "import trial $trial: one import audit row per imported ticket"
    # Running it again completes: it imports everything, or refuses the numbers already in.
    run --db "$db" ticket import "$WORK/big.jsonl"
    if [ "$n" -eq "$base_tickets" ]; then
        expect_rc 0 "import trial $trial: the import runs again"
    else
        expect_rc 2 "import trial $trial: the completed import is refused a second time"
    fi
    expect_eq "$(count "$db" 'SELECT count(*) FROM ticket')" "$((base_tickets + ROWS))" "import trial $trial: every row is in after the rerun"
    expect_check "$db" "import trial $trial after the rerun"
    rm -f "$db" "$db-wal" "$db-shm"
done
note "crash: $TRIALS kills during import of $ROWS rows ($killed while running): $absent wholly absent, $present wholly present"

# --- demo ---------------------------------------------------------------------------------
demo_ms=$(elapsed_ms "$SVC" --db "$WORK/demo-ref.db" "${DEMO[@]}")
demo_tickets=$(count "$WORK/demo-ref.db" 'SELECT count(*) FROM ticket')
note "crash: an uninterrupted demo takes ${demo_ms}ms and makes $demo_tickets tickets"
dkilled=0
for ((trial = 1; trial <= TRIALS; trial++)); do
    db="$WORK/demo-$trial.db"
    at=$(random_between 5 $((demo_ms + demo_ms / 3)))
    outcome=$(kill_after "$at" "$SVC" --db "$db" "${DEMO[@]}")
    [ "$outcome" = killed ] && dkilled=$((dkilled + 1))
    if [ -f "$db" ]; then
        expect_check "$db" "demo trial $trial (kill at ${at}ms, $outcome)"
        n=$(count "$db" 'SELECT count(*) FROM ticket' 2>/dev/null || echo 0)
    else
        n=0
    fi
    if [ "$n" -ne 0 ] && [ "$n" -ne "$demo_tickets" ]; then
        failure "demo trial $trial: $n tickets, neither 0 nor $demo_tickets"
    fi
    run --db "$db" "${DEMO[@]}"
    if [ "$n" -eq 0 ]; then
        expect_rc 0 "demo trial $trial: the demo runs again"
    else
        expect_rc 4 "demo trial $trial: a completed demo is not made twice"
    fi
    expect_eq "$(count "$db" 'SELECT count(*) FROM ticket')" "$demo_tickets" "demo trial $trial: the demo is complete after the rerun"
    expect_check "$db" "demo trial $trial after the rerun"
    rm -f "$db" "$db-wal" "$db-shm"
done
note "crash: $TRIALS kills during demo ($dkilled while running)"

# --- escalate sweep -----------------------------------------------------------------------
# A store with many open tickets that a sweep far later escalates one by one.
SWEEP_ROWS=$(pick 2000 10000)
head -n "$SWEEP_ROWS" "$WORK/big.jsonl" >"$WORK/sweep.jsonl"
BASE="$WORK/sweep-base.db"
"$SVC" -q --db "$BASE" db init
"$SVC" -q --db "$BASE" ticket import "$WORK/sweep.jsonl"
LATER=2026-12-20T10:00
copy_base "$WORK/sweep-ref.db"
sweep_ms=$(elapsed_ms "$SVC" --now "$LATER" --db "$WORK/sweep-ref.db" escalate sweep)
ref_escalations=$(count "$WORK/sweep-ref.db" 'SELECT group_concat(ticket_id || ":" || to_level) FROM (SELECT ticket_id, to_level FROM escalation ORDER BY 1, 2)')
note "crash: an uninterrupted sweep over $SWEEP_ROWS tickets takes ${sweep_ms}ms and makes $(count "$WORK/sweep-ref.db" 'SELECT count(*) FROM escalation') escalations"
skilled=0
for ((trial = 1; trial <= TRIALS; trial++)); do
    db="$WORK/sweep-$trial.db"
    copy_base "$db"
    at=$(random_between 20 $((sweep_ms + sweep_ms / 3)))
    outcome=$(kill_after "$at" "$SVC" --now "$LATER" --db "$db" escalate sweep)
    [ "$outcome" = killed ] && skilled=$((skilled + 1))
    expect_check "$db" "sweep trial $trial (kill at ${at}ms, $outcome)"
    expect_eq "$(count "$db" "SELECT count(*) FROM audit WHERE action = 'escalate'")" "$(count "$db" 'SELECT count(*) FROM escalation')" \
        "sweep trial $trial: each escalation so far has its audit row"
    expect_eq "$(count "$db" 'SELECT count(*) FROM ticket t WHERE level <> coalesce((SELECT max(to_level) FROM escalation e WHERE e.ticket_id = t.id), 0)')" 0 \
        "sweep trial $trial: each ticket's level is its last escalation"
    run --now "$LATER" --db "$db" escalate sweep
    expect_rc 0 "sweep trial $trial: the sweep runs again"
    expect_eq "$(count "$db" 'SELECT group_concat(ticket_id || ":" || to_level) FROM (SELECT ticket_id, to_level FROM escalation ORDER BY 1, 2)')" \
        "$ref_escalations" "sweep trial $trial: after the rerun, the same escalations as an uninterrupted sweep"
    expect_check "$db" "sweep trial $trial after the rerun"
    rm -f "$db" "$db-wal" "$db-shm"
done
note "crash: $TRIALS kills during escalate sweep ($skilled while running)"
finish
