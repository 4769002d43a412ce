#!/bin/bash
# Every example of the man pages and of --help runs as printed: against a demo store, in a
# directory holding the files the examples name, each command must parse and must not fail
# for a reason of its own (tests/cli/examples/run says which outcomes the test's world
# explains: a missing directory such as /srv/svc, an empty stdin, ticket 42 already closed).
source "$(dirname "$0")/lib.sh"
HERE="$SVC_SOURCE_DIR/tests/cli/examples"

run demo --days 14 --per-day 40 --end 2026-11-22 --quiet
expect_rc 0 "a demo store for the examples"
export SVC_USER=$("$SVC" agent list --role manager --format tsv --no-header --as tester 2>/dev/null | cut -f1 | head -1)
[ -n "$SVC_USER" ] && pass || failure "the demo has a manager to act as"

# The files the examples read, in the directory they run in.
mkdir -p "$WORK/run/policy" "$WORK/run/scripts" "$WORK/tmp"
cp "$SVC_SOURCE_DIR/share/svc/policy.toml" "$WORK/run/policy.toml"
cp "$SVC_SOURCE_DIR/share/svc/policy.toml" "$WORK/run/policy/svc-policy.toml"
echo '{customer}您好, 退款将在 3 个工作日内到账' >"$WORK/run/scripts/refund.txt"
echo '{customer}您好, 快递延误, 我们已为您催件' >"$WORK/run/scripts/delay.txt"
"$SVC" ticket export --reveal >"$WORK/run/all.jsonl"  # as svc ticket export --help makes it

# Every noun's and verb's help, for their Examples.
{
    echo "== svc"
    "$SVC" --help
    for noun in $("$SVC" __complete '' | cut -f1); do
        echo "== svc $noun"
        "$SVC" "$noun" --help
        for verb in $("$SVC" __complete "$noun" '' | cut -f1 | grep -v '^[0-9]'); do
            echo "== svc $noun $verb"
            "$SVC" "$noun" "$verb" --help
        done
    done
} >"$WORK/help.txt" 2>/dev/null
python3 "$HERE/extract" "$SVC_SOURCE_DIR" <"$WORK/help.txt" >"$WORK/examples.jsonl"
n=$(lines "$WORK/examples.jsonl")
[ "$n" -gt 250 ] && pass || failure "the examples are found (only $n)"
grep -q '"svc ticket open --help"' "$WORK/examples.jsonl" && pass || failure "--help examples are among them"
grep -q '"man/svc-review.1.scd"' "$WORK/examples.jsonl" && pass || failure "man page examples are among them"

# A week after the demo's end: the examples name late-November days as past.
OUT=$(cd "$WORK/run" && SVC_NOW=2026-12-01T10:00:00+08:00 python3 "$HERE/run" "$SVC" "$WORK" <"$WORK/examples.jsonl")
RC=$?
printf '%s\n' "$OUT" >&2
expect_rc 0 "every example runs as printed"

finish
