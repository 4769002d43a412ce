#!/usr/bin/env bash
# svc on a terminal (a pty from script(1)): tables fit $COLUMNS by display width, free text
# cut with "…" and a Chinese character never split; a table too wide for it comes in blocks
# of columns; long output goes through the pager ($SVC_PAGER, $PAGER; --no-pager and an
# empty value turn it off); a list cut at 50 rows says how many it left out. Piped output
# never changes with any of it.
source "$(dirname "$0")/lib.sh"

run demo --days 2 --per-day 40 --quiet
expect_rc 0 "a small demo store"
unset PAGER SVC_PAGER LESS
export NO_COLOR=1  # widths are measured on the text; colour has its own tests

# on_tty COMMAND…: runs svc on a pseudo-terminal (stdout and stderr there too), keeping what
# it showed in $OUT without the carriage returns a terminal adds. The environment passes.
on_tty() {
    local cmd
    printf -v cmd '%q ' "$SVC" "$@"
    OUT=$(script -qec "$cmd" /dev/null </dev/null | tr -d '\r')
}
# widest: the widest line of $OUT in display columns (East Asian wide characters count 2).
widest() {
    printf '%s\n' "$OUT" | python3 -c '
import sys, unicodedata
w = lambda l: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
print(max((w(l.rstrip("\n")) for l in sys.stdin), default=0))'
}

export SVC_PAGER=
COLUMNS=200 LINES=100 on_tty ticket list --limit 20
wide=$(widest)
COLUMNS=60 LINES=100 on_tty ticket list --limit 20
expect_eq "$(( $(widest) <= 60 ))" "1" "a table fits 60 columns (it is $wide wide at 200)"
expect_out_has "…" "free text is cut with an ellipsis"
expect_out_has "SUMMARY" "the summary column stays, narrower"
expect_eq "$(printf '%s\n' "$OUT" | grep -c $'\xef\xbf\xbd')" "0" "no character is split (no replacement character)"
COLUMNS=80 LINES=100 on_tty kpi --period 2026-11 --by agent
expect_eq "$(( $(widest) <= 80 ))" "1" "kpi --by agent fits 80 columns"
expect_eq "$(( $(printf '%s\n' "$OUT" | grep -c '^PERIOD  *AGENT ') > 1 ))" "1" "in blocks of columns, each with the period and agent again"
COLUMNS=30 run ticket list --limit 20 --format table
narrow=$OUT
COLUMNS=300 run ticket list --limit 20 --format table
expect_eq "$narrow" "$OUT" "piped, a table does not change with COLUMNS"

# The pager: output longer than the screen goes through it.
export SVC_PAGER="sed 's/^/paged: /'"
LINES=10 on_tty ticket list --limit 20
expect_out_has "paged: " "long output goes through \$SVC_PAGER"
expect_eq "$(printf '%s\n' "$OUT" | grep -vc '^paged: ')" "0" "all of it"
LINES=100 on_tty ticket list --limit 20
expect_out_lacks "paged: " "output that fits the screen is not paged"
LINES=10 on_tty --no-pager ticket list --limit 20
expect_out_lacks "paged: " "--no-pager"
SVC_PAGER= LINES=10 on_tty ticket list --limit 20
expect_out_lacks "paged: " "an empty SVC_PAGER turns it off"
unset SVC_PAGER
PAGER="sed 's/^/pager: /'" LINES=10 on_tty ticket list --limit 20
expect_out_has "pager: " "\$PAGER when SVC_PAGER is unset"
PAGER="sed 's/^/pager: /'" LINES=10 run ticket list --limit 20 --format table
expect_out_lacks "pager: " "piped output is never paged"
PAGER="sed 's/^/pager: /'" LINES=10 on_tty ticket show 999999
expect_out_has "not found" "an error still reaches the terminal"

# A list on a terminal stops at 50 rows and says how many it left out.
export SVC_PAGER=
total=$(q "SELECT count(*) FROM ticket")
LINES=200 on_tty ticket list
# (the rows of the first block of columns: those before the first empty line)
expect_eq "$(printf '%s\n' "$OUT" | sed '/^$/q' | grep -c '^ *[0-9]\+  ')" "50" "50 rows on a terminal"
expect_out_has "50 of $total tickets shown: --limit $total shows them all" "and how many were left out"
run ticket list --format tsv --no-header
expect_eq "$(rows)" "$total" "a pipe gets every row"
run customer list --format tsv --no-header
customers=$(rows)
LINES=200 on_tty customer list
expect_out_has "50 of $customers customers shown" "customer list says so too"
LINES=200 on_tty ticket list --limit 50
expect_out_lacks "shown:" "not when --limit was asked for"

finish
