#!/usr/bin/env bash
# What a careless or hostile user tries: ids at the edge of the range, planted symlinks,
# a mistyped store, exports of contact details, hidden characters, odd columns, odd money,
# far-away clocks and commands that change nothing. Each is refused or made harmless, with
# exit 2 (or the code the contract gives) and nothing written.
source "$(dirname "$0")/lib.sh"

run db init
expect_rc 0 "db init"
run customer add --name 张伟 --phone 13800001234
C=$OUT

# =======================================================================================
# Ticket numbers stay within what JSON carries exactly (1 .. 2^53)
# =======================================================================================
line() { printf '{"id":%s,"channel":"email","kind":"inquiry","summary":"%s","created_at":"2026-11-20T10:00","customer":{"name":"张伟","phone":"13800001234"}}\n' "$1" "$2"; }
line 9223372036854775807 huge >"$WORK/huge.jsonl"
before=$(dump)
run ticket import "$WORK/huge.jsonl"
expect_rc 2 "an id past 2^53 is refused"
expect_err_has "huge.jsonl:1: id: 9223372036854775807 is not a ticket number (1 to 9007199254740992)" "with its line and the range"
expect_eq "$(dump)" "$before" "nothing is written"
{ line 9007199254740992 last; printf '{"channel":"email","kind":"inquiry","summary":"unnumbered","created_at":"2026-11-20T10:00","customer":{"name":"张伟","phone":"13800001234"}}\n'; } >"$WORK/edge.jsonl"
run ticket import "$WORK/edge.jsonl"
expect_rc 2 "a row that would be numbered past 2^53 is refused"
expect_err_has "1 row without an id would be numbered past 9007199254740992" "and says why"
expect_eq "$(dump)" "$before" "nothing is written"
run ticket open --channel email --kind inquiry --summary '发票' --customer "$C"
expect_rc 0 "ticket open still works"
T1=$OUT
expect_eq "$T1" 1 "and takes the next number"

finish
