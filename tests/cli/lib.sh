# Helpers for the CLI tests: each test script sources this, gets a fresh store in a temp
# directory, a fixed clock, and assertions that name what failed.
set -u
: "${SVC:?set SVC to the svc binary}"
WORK=$(mktemp -d)
# SVC_TEST_ENGINE=postgresql: every store of the test is a database of its own on the server
# whose URI prefix SVC_TEST_PG gives (tests/run starts a throwaway cluster and sets it).
ENGINE=${SVC_TEST_ENGINE:-sqlite}
cleanup() {
    if [ -f "$WORK/databases" ]; then
        while read -r d; do
            psql -Xq "$(pg_uri postgres)" -c "DROP DATABASE IF EXISTS \"$d\" WITH (FORCE)" 2>/dev/null
        done <"$WORK/databases"
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
# pg_uri NAME: the URI of database NAME on the test server.
pg_uri() {
    local server=':///?' database=":///$1?"
    echo "${SVC_TEST_PG/"$server"/"$database"}"
}
# pg_database NAME CLAUSE: creates the test's database NAME (CLAUSE: "" or a TEMPLATE),
# remembered for the cleanup; prints its URI.
pg_database() {
    local d="svc_test_$$_$1"
    psql -Xq "$(pg_uri postgres)" -c "CREATE DATABASE \"$d\" $2" >/dev/null || exit 1
    echo "$d" >>"$WORK/databases"
    pg_uri "$d"
}
# new_store NAME: the address of a fresh, empty store (a file name, or a new database).
new_store() {
    if [ "$ENGINE" = postgresql ]; then
        pg_database "$1" ""
    else
        echo "$WORK/$1.db"
    fi
}
export SVC_DB
if [ "$ENGINE" = postgresql ]; then
    : "${SVC_TEST_PG:?set SVC_TEST_PG to the URI of the test server (tests/run does)}"
    SVC_DB=$(new_store store)
else
    SVC_DB="$WORK/store.db"
fi
# copy_store NAME: a copy of the current store under NAME; prints its address.
copy_store() {
    if [ "$ENGINE" = postgresql ]; then
        pg_database "$1" "TEMPLATE \"$(db_name)\""
    else
        sqlite3 "$SVC_DB" ".backup '$WORK/$1.db'"
        echo "$WORK/$1.db"
    fi
}
# db_name: the database name of the current PostgreSQL store.
db_name() {
    local rest=${SVC_DB#*:///}
    echo "${rest%%\?*}"
}
MAIN_STORE=$SVC_DB  # the test's first store, to come back to after use_store
# sqlite_only: true when the test runs on SQLite (a part that is about the file itself).
sqlite_only() { [ "$ENGINE" = sqlite ]; }
export SVC_NOW="2026-11-23T10:00:00+08:00"
export SVC_USER=tester
export HOME="$WORK/home"
unset SVC_FORMAT SVC_CONFIG XDG_DATA_HOME XDG_CONFIG_HOME NO_COLOR
# Messages in English whatever the machine's locale (tests of Chinese messages ask for them).
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES LANGUAGE
mkdir -p "$HOME"
FAILED=0
PASSED=0

# run ARGS…: runs svc, keeping stdout in $OUT, stderr in $ERR and the exit code in $RC.
run() {
    OUT=$("$SVC" "$@" 2>"$WORK/stderr")
    RC=$?
    ERR=$(cat "$WORK/stderr")
}

pass() { PASSED=$((PASSED + 1)); }
failure() {
    FAILED=$((FAILED + 1))
    echo "FAIL: $*" >&2
    echo "  command output: $OUT" >&2
    echo "  command stderr: $ERR" >&2
}

# expect_rc N DESCRIPTION
expect_rc() {
    if [ "$RC" -eq "$1" ]; then pass; else failure "$2: exit code $RC, expected $1"; fi
}
# expect_out TEXT DESCRIPTION: stdout equals TEXT
expect_out() {
    if [ "$OUT" = "$1" ]; then pass; else failure "$2: stdout differs; expected: $1"; fi
}
# expect_out_has TEXT DESCRIPTION
expect_out_has() {
    case "$OUT" in *"$1"*) pass ;; *) failure "$2: stdout lacks '$1'" ;; esac
}
expect_out_lacks() {
    case "$OUT" in *"$1"*) failure "$2: stdout has '$1'" ;; *) pass ;; esac
}
expect_err_has() {
    case "$ERR" in *"$1"*) pass ;; *) failure "$2: stderr lacks '$1'" ;; esac
}
# expect_eq ACTUAL EXPECTED DESCRIPTION
expect_eq() {
    if [ "$1" = "$2" ]; then pass; else failure "$3: got '$1', expected '$2'"; fi
}

# A dump of the store's content, to prove a refused command wrote nothing.
dump() {
    if [ "$ENGINE" = postgresql ]; then
        local t
        for t in $(psql -XAtq "$SVC_DB" -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"); do
            echo "-- $t"
            psql -XAtq "$SVC_DB" -c "SELECT * FROM \"$t\" ORDER BY 1"
        done
    else
        sqlite3 "$SVC_DB" .dump
    fi
}

# epoch UTC-TIME: its Unix seconds (for rows a test writes itself, on either engine).
epoch() { date -ud "$1" +%s; }

# rows: how many lines the last command printed (0 for none).
rows() { if [ -z "$OUT" ]; then echo 0; else printf '%s\n' "$OUT" | wc -l; fi; }
# q SQL: one query on the current store.
q() { query "$SVC_DB" "$1"; }
# query STORE SQL: one query on the given store, rows as lines of |-separated values.
query() {
    if [ "$ENGINE" = postgresql ]; then psql -XAtq -F'|' "$1" -c "$2"; else sqlite3 "$1" "$2"; fi
}
# lines FILE: its line count, 0 when it does not exist.
lines() { if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi; }
# use_store NAME: switch to a fresh store of that name in the work directory.
use_store() {
    SVC_DB=$(new_store "$1")
    export SVC_DB
    "$SVC" -q db init
}

# use_flaky_notify: loads a policy whose notify.command fails ("pager unreachable") until
# $WORK/marker exists, and appends each line it takes to $WORK/notify.log.
use_flaky_notify() {
    cat >"$WORK/notify.sh" <<EOF
#!/bin/sh
input=\$(cat)
[ -f "$WORK/marker" ] || { echo "pager unreachable" >&2; exit 1; }
printf '%s\n' "\$input" >>"$WORK/notify.log"
EOF
    chmod 755 "$WORK/notify.sh"
    run policy show
    printf '%s\n' "$OUT" | sed "s|^command = \"\"|command = \"$WORK/notify.sh\"|" >"$WORK/notify.toml"
    expect_eq "$(grep -c "^command = \"$WORK/notify.sh\"" "$WORK/notify.toml")" "1" "the test policy sets notify.command"
    run policy load "$WORK/notify.toml"
    expect_rc 0 "the policy with a notify command is loaded"
}

finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
