#!/usr/bin/env bash
# Upgrades: a store made by each earlier schema version (fixtures/vN.sql, made by
# make_fixtures from the first N migrations) is migrated by this svc, keeps its rows and
# passes `db check`. Backup: `db backup` taken while writers run gives a store that passes
# `db check` and holds every ticket committed before the backup started.
source "$(dirname "$0")/lib.sh"
FIX="$(dirname "$0")/fixtures"
"$SVC" -q db init
latest=$(q 'PRAGMA user_version')

for sql in "$FIX"/v*.sql; do
    v=$(basename "$sql" .sql)
    v=${v#v}
    db="$WORK/upgrade-$v.db"
    sqlite3 "$db" <"$sql"
    expect_eq "$(count "$db" 'PRAGMA user_version')" "$v" "fixture v$v has schema version $v"
    agents=$(count "$db" 'SELECT count(*) FROM agent')
    audits=$(count "$db" 'SELECT count(*) FROM audit')
    tickets=0
    [ "$v" -ge 2 ] && tickets=$(count "$db" 'SELECT count(*) FROM ticket')
    run --db "$db" --as li.manager db check
    expect_rc 0 "a v$v store is migrated and passes db check"
    expect_eq "$(count "$db" 'PRAGMA user_version')" "$latest" "v$v is migrated to v$latest"
    expect_eq "$(count "$db" 'SELECT count(*) FROM agent')" "$agents" "v$v: the agents are kept"
    expect_eq "$(count "$db" 'SELECT count(*) FROM ticket')" "$tickets" "v$v: the tickets are kept"
    [ "$(count "$db" 'SELECT count(*) FROM audit')" -ge "$audits" ] && pass || failure "v$v: the audit trail is kept"
    # The migrated store is usable: list, open, respond, sweep, KPIs.
    run --db "$db" --as li.manager ticket list
    expect_rc 0 "v$v: ticket list after the upgrade"
    run --db "$db" --as li.manager ticket open --channel email --kind complaint --summary 'after upgrade' --name 升级 --phone 13600000099
    expect_rc 0 "v$v: a ticket opened after the upgrade"
    new=$OUT
    run --db "$db" --as li.manager ticket respond "$new" '已收到'
    expect_rc 0 "v$v: a response after the upgrade"
    if [ "$tickets" -gt 0 ]; then
        run --db "$db" --as li.manager ticket show 1
        expect_rc 0 "v$v: an old ticket shows after the upgrade"
    fi
    run --db "$db" --as li.manager --now 2026-12-20T10:00 escalate sweep
    expect_rc 0 "v$v: the sweep runs after the upgrade"
    run --db "$db" --as li.manager kpi --period 2026-11
    expect_rc 0 "v$v: KPIs after the upgrade"
    run --db "$db" --as li.manager db check
    expect_rc 0 "v$v: db check after use"
done
expect_eq "$(ls "$FIX"/v*.sql | wc -l)" "$((latest - 1))" "a fixture for every earlier schema version"
# Schema 16 reads the resolutions that reopens undid back from the trail (ticket 2 of the
# fixture was resolved in a minute, reopened and resolved again), so old months keep them.
expect_eq "$(count "$WORK/upgrade-15.db" "SELECT ticket_id || ' ' || duration || ' ' || met FROM past_resolution")" \
    "2 60 1" "v15: the reopen in the trail becomes a past resolution on upgrade"

# A store newer than this svc is refused, untouched.
db="$WORK/newer.db"
sqlite3 "$db" <"$FIX/v1.sql"
sqlite3 "$db" "PRAGMA user_version = $((latest + 1))"
before=$(sqlite3 "$db" .dump)
run --db "$db" --as li.manager ticket list
expect_rc 5 "a newer store is refused"
expect_err_has "upgrade svc" "the refusal says what to do"
expect_eq "$(sqlite3 "$db" .dump)" "$before" "the newer store is untouched"

# --- backup while writers run ---------------------------------------------------------------
export SVC_DB="$WORK/live.db"
"$SVC" -q db init
"$SVC" -q ticket open --channel email --kind inquiry --summary seed --name B --phone 13500000000 >/dev/null
writer() {
    local w=$1 i
    for ((i = 1; ; i++)); do
        [ -f "$WORK/stop" ] && break
        "$SVC" -q ticket open --channel chat --kind inquiry --summary "live $w-$i" --customer 13500000000 >/dev/null 2>>"$WORK/writer.err" || echo "fail" >>"$WORK/writer.fail"
    done
}
pids=()
for w in 1 2 3; do writer "$w" & pids+=($!); done
backups=$(pick 3 10)
for ((b = 1; b <= backups; b++)); do
    sleep 0.$((RANDOM % 5 + 3))
    committed=$(q 'SELECT max(id) FROM ticket')  # every ticket up to here was committed before the backup began
    run db backup "$WORK/backup-$b.db"
    expect_rc 0 "backup $b while writers run"
    expect_check "$WORK/backup-$b.db" "backup $b"
    expect_eq "$(count "$WORK/backup-$b.db" "SELECT count(*) FROM ticket WHERE id <= $committed")" \
        "$(q "SELECT count(*) FROM ticket WHERE id <= $committed")" "backup $b holds every ticket committed before it started"
    expect_eq "$(count "$WORK/backup-$b.db" 'PRAGMA journal_mode')" "wal" "backup $b opens as an svc store"
    note "backup $b: $committed tickets committed before, $(count "$WORK/backup-$b.db" 'SELECT count(*) FROM ticket') in the backup"
done
touch "$WORK/stop"
wait "${pids[@]}"
expect_eq "$(lines "$WORK/writer.fail")" 0 "no writer failed while backups ran"
# A restored backup is a working store.
cp "$WORK/backup-1.db" "$WORK/restored.db"
run --db "$WORK/restored.db" ticket open --channel email --kind inquiry --summary 'after restore' --customer 13500000000
expect_rc 0 "a ticket opened on the restored store"
expect_check "$WORK/restored.db" "the restored store"
run db backup "$WORK/backup-1.db"
expect_rc 2 "a backup never overwrites a file"
finish
