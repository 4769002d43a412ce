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

# =======================================================================================
# Files: no writing through planted links, new files private, no store made by accident
# =======================================================================================
ln -s "$WORK/planted-target" "$WORK/review.md.tmp"
run review weekly --week 2026-W47 -o "$WORK/review.md"
expect_rc 0 "review -o with a link planted at FILE.tmp"
[ -e "$WORK/planted-target" ] && failure "the review was written through the planted link" || pass
[ -s "$WORK/review.md" ] && pass || failure "the review is written to its own file"
expect_eq "$(ls -A "$WORK" | grep -c '^\.review\.md\.')" 0 "no temporary file is left behind"

if sqlite_only; then
    ln -s "$WORK/nowhere/backup.db" "$WORK/dangling.db"
    run db backup "$WORK/dangling.db"
    expect_rc 2 "db backup to a dangling symbolic link is refused"
    expect_err_has "already exists (a symbolic link)" "and says so"
    [ -e "$WORK/nowhere/backup.db" ] && failure "the backup followed the link" || pass
    run db backup "$WORK/backup.db"
    expect_rc 0 "db backup to a new file"
    expect_err_has "(mode 0600)" "says the mode"
    expect_eq "$(stat -c %a "$WORK/backup.db")" 600 "the backup is private"
    run db backup "$WORK/backup.db"
    expect_rc 2 "db backup over an existing file is refused"
fi

mkdir -p "$WORK/elsewhere"
ln -s "$WORK/elsewhere/new.db" "$WORK/link.db"
run --db "$WORK/link.db" db init
expect_rc 2 "db init through a dangling symbolic link is refused"
expect_err_has "is a symbolic link to a file that does not exist" "and says so"
[ -e "$WORK/elsewhere/new.db" ] && failure "db init created a store through the link" || pass
run --db "$WORK/fresh.db" db init
expect_rc 0 "db init of a new store"
expect_err_has "created store $WORK/fresh.db (mode 0600" "says it was created, and its mode"
expect_eq "$(stat -c %a "$WORK/fresh.db")" 600 "a new store is private"

for cmd in "ticket list" "customer list" "policy show" "escalate sweep" "kpi" "agent list"; do
    run --db "$WORK/typo.db" $cmd
    expect_rc 5 "svc $cmd on a store that does not exist"
    expect_err_has "no store at $WORK/typo.db" "names the path it looked at"
done
[ -e "$WORK/typo.db" ] && failure "a command made a store of a mistyped path" || pass
run --db "$WORK/typo.db" ticket import "$WORK/huge.jsonl"
expect_rc 5 "ticket import into a missing store without --create"
run ticket export --reveal --format jsonl
printf '%s\n' "$OUT" >"$WORK/all.jsonl"
run --db "$WORK/made.db" ticket import --create "$WORK/all.jsonl"
expect_rc 0 "ticket import --create makes the store"
run --db "$WORK/demo.db" demo --days 1 --per-day 5 --quiet
expect_rc 0 "demo makes its store"
unset SVC_DB
export XDG_DATA_HOME="$WORK/xdg"
run ticket list
expect_rc 5 "no store at the default place: refused"
[ -e "$WORK/xdg/svc" ] && failure "the default store's directory was made by ticket list" || pass
export SVC_DB="$MAIN_STORE"
unset XDG_DATA_HOME

# =======================================================================================
# Exports mask contacts unless --reveal, which is audited
# =======================================================================================
reveals() { q "SELECT count(*) FROM audit WHERE action = 'reveal'"; }
r0=$(reveals)
for f in csv jsonl; do
    run ticket export --format $f
    expect_out_has "138****1234" "ticket export --format $f masks the phone"
    expect_out_lacks "13800001234" "and never prints it whole"
done
expect_eq "$(reveals)" "$r0" "a masked export records no reveal"
run ticket export --format csv
printf '%s\n' "$OUT" >"$WORK/masked.csv"
run --db "$WORK/from-masked.db" ticket import --create "$WORK/masked.csv"
expect_rc 2 "a masked export does not import"
expect_err_has "customer phone: '138****1234' is masked (export with --reveal to carry contacts)" "and says how to carry contacts"
run ticket export --format csv --reveal
expect_out_has "13800001234" "ticket export --reveal shows the phone"
expect_eq "$(reveals)" "$((r0 + 1))" "and the reveal is in the audit trail"
expect_eq "$(q "SELECT detail FROM audit WHERE action = 'reveal' ORDER BY id DESC LIMIT 1")" '{"what":"ticket export"}' "naming the export"

# =======================================================================================
# Hidden characters and phone numbers written several ways
# =======================================================================================
before=$(dump)
run ticket open --channel chat --kind complaint --summary "$(printf '退款\u202egnp.exe')" --customer "$C"
expect_rc 2 "a summary with a right-to-left override is refused"
expect_err_has "--summary: the text contains a bidirectional control character (U+202E at offset 6)" "naming the field and the code point"
run customer add --name "$(printf '王\u2066五')" --phone 13900000009
expect_rc 2 "a name with a bidi isolate is refused"
expect_err_has "--name" "naming the field"
expect_eq "$(dump)" "$before" "nothing is written"
run ticket open --channel chat --kind inquiry --summary "$(printf '发\u200b票\u200d抬头 😀')" --customer "$C"
expect_rc 0 "a summary with zero-width characters is taken"
expect_eq "$(q "SELECT summary FROM ticket WHERE id = $OUT")" "发票抬头 😀" "stored without them, emoji kept"
for written in '+86 138-0000-1234' 008613800001234 '138 0000 1234'; do
    run customer show "$written" --format json
    expect_out_has "\"id\":$C," "'$written' finds the same customer"
done
run customer add --name 张伟二 --phone '+86 138 0000 1234'
expect_rc 4 "the same number with its country code is not a second customer"

# =======================================================================================
# Import columns: a repeated one or an unknown one refuses the file
# =======================================================================================
before=$(dump)
printf 'channel,kind,summary,summary,created_at,customer_phone\nemail,inquiry,a,b,2026-11-20T10:00,13800001234\n' >"$WORK/twice.csv"
run ticket import "$WORK/twice.csv"
expect_rc 2 "ticket import: a header naming summary twice is refused"
expect_err_has "twice.csv:1: header: column 'summary' appears twice" "naming the column and the line"
printf '{"channel":"email","kind":"inquiry","summary":"a","summary":"b","created_at":"2026-11-20T10:00","customer":{"phone":"13800001234"}}\n' >"$WORK/twice.jsonl"
run ticket import "$WORK/twice.jsonl"
expect_rc 2 "ticket import: a JSON line with a key twice is refused"
expect_err_has "twice.jsonl:1: column 'summary' appears twice" "naming the key"
printf 'channel,kind,summary,created_at,customer_phone,region\nemail,inquiry,a,2026-11-20T10:00,13800001234,east\n' >"$WORK/extra.csv"
run ticket import "$WORK/extra.csv"
expect_rc 2 "ticket import: an unknown column is refused"
expect_err_has "unknown column 'region'" "naming it"
expect_err_has "--ignore-column region drops it" "and the way out"
expect_eq "$(dump)" "$before" "nothing is written"
run ticket import "$WORK/extra.csv" --ignore-column region
expect_rc 0 "--ignore-column drops a known extra"
run ticket open --channel phone --kind inquiry --summary '保修' --customer "$C"
S1=$OUT
run --now 2026-11-23T10:01 ticket resolve "$S1" --resolution '已解答'
before=$(dump)
printf 'ticket,csat,commment\n%s,5,很好\n' "$S1" >"$WORK/answers.csv"
run --now 2026-11-24T11:00 survey import "$WORK/answers.csv"
expect_rc 2 "survey import: a misspelt column is refused"
expect_err_has "answers.csv:1: header: unknown column 'commment'" "naming it"
printf 'ticket,csat,csat\n%s,5,1\n' "$S1" >"$WORK/answers2.csv"
run --now 2026-11-24T11:00 survey import "$WORK/answers2.csv"
expect_rc 2 "survey import: a column named twice is refused"
expect_err_has "column 'csat' appears twice" "naming it"
expect_eq "$(dump)" "$before" "nothing is written"
run --now 2026-11-24T11:00 survey import "$WORK/answers.csv" --ignore-column commment
expect_rc 0 "survey import --ignore-column drops it"

# =======================================================================================
# Money: decimals with at most two places, nothing else
# =======================================================================================
before=$(dump)
for v in nan inf -0.5 1e309 12.345 1e3 0x10 100000001; do
    run agent add a.money --name 钱 --role agent --comp-limit "$v"
    expect_rc 2 "agent add --comp-limit $v is refused"
    expect_err_has "--comp-limit: " "naming the flag for $v"
done
run ticket compensate "$T1" --amount 12.345 --kind coupon
expect_rc 2 "compensate --amount 12.345 is refused"
expect_err_has "--amount: '12.345' has more than two decimals (fen)" "saying why"
expect_eq "$(dump)" "$before" "nothing is written"
run policy show
printf '%s\n' "$OUT" | sed 's/^agent = .*/agent = nan/' >"$WORK/nan.toml"
run policy load "$WORK/nan.toml"
expect_rc 2 "a policy whose authority is nan is refused"
expect_err_has "authority.agent': not a number of yuan" "naming the key"
run agent add tester --name 测试 --role manager
run agent add a.money --name 钱 --role agent --comp-limit 49.90
expect_rc 0 "--comp-limit 49.90 is taken"
expect_eq "$(q "SELECT comp_limit FROM agent WHERE login = 'a.money'")" "49.9" "as 49.90 yuan"

# =======================================================================================
# A clock far away is a typo
# =======================================================================================
before=$(dump)
run --now 9999-01-01 ticket open --channel email --kind inquiry --summary '远' --customer "$C"
expect_rc 2 "--now in year 9999 is refused"
expect_err_has "--now: 9999-01-01 is outside the years svc runs in (2000-01-01..2100-01-01)" "naming the flag and the range"
SVC_NOW=1969-07-20T20:17 run ticket open --channel email --kind inquiry --summary '远' --customer "$C"
expect_rc 2 "SVC_NOW before 1970 is refused"
expect_err_has "SVC_NOW: 1969-07-20T20:17 is outside" "naming the variable"
expect_eq "$(dump)" "$before" "nothing is written"
run --now 2099-12-31T12:00 ticket list
expect_rc 0 "the last day of the range is fine"

finish
