# Helpers for the reliability suite, on top of the CLI tests' helpers (a fresh store in a
# temp directory, a fixed clock, assertions). Each script runs a short version by default
# (registered with CTest) and the full one with --long (tests/reliability/run --long).
source "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"
LONG=0
for arg in "$@"; do
    [ "$arg" = --long ] && LONG=1
done
# pick SHORT LONG: the figure for this mode.
pick() { if [ "$LONG" -eq 1 ]; then echo "$2"; else echo "$1"; fi; }
# note TEXT: a figure for the report, on stderr so CTest shows it with --verbose.
note() { echo "# $*" >&2; }
PY=$(command -v python3)

# expect_check DB DESCRIPTION: `svc db check` passes on DB.
expect_check() {
    run --db "$1" db check
    expect_rc 0 "$2: db check"
}
# count DB SQL: one query on DB; q SQL: on the current store. Both wait for a busy store.
count() { sqlite3 -cmd '.timeout 10000' "$1" "$2"; }
q() { count "$SVC_DB" "$1"; }
# random_between LO HI: an integer in [LO, HI].
random_between() { echo $(($1 + RANDOM % ($2 - $1 + 1))); }
