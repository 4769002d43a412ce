#!/usr/bin/env bash
# Bad input, data-driven: every case of bad_input.table runs against one store and must
# exit with its code, name the problem on stderr and leave the store's content (its
# `sqlite3 .dump`) exactly as it was.
source "$(dirname "$0")/lib.sh"
TABLE="$(dirname "$0")/bad_input.table"
W="$WORK/in"
mkdir -p "$W"

# --- the store: a registered manager, a customer, an open and a resolved ticket, a follow-up
run db init
run agent add tester --name 测试 --role manager
run customer add --name 张伟 --phone 13800001234
C=13800001234
run ticket open --channel email --kind complaint --summary '快递没到' --customer "$C"
T=$OUT
run ticket open --channel email --kind inquiry --summary '发票' --customer "$C"
R=$OUT
run ticket resolve "$R" --resolution '已处理'
run followup add "$T" --kind callback --due 2h --note '回电'
F=$OUT
expect_eq "$(q 'SELECT count(*) FROM ticket')" 2 "the bad-input store is set up"
"$SVC" -q db backup "$W/exists.db"

# --- the input files
printf 'id,channel,kind,summary,created_at\n1,email,inquiry,"unterminated,2026-11-20T10:00\n' >"$W/broken-quote.csv"
printf 'channel,kind,summary,created_at,customer_name,customer_phone\nemail,inquiry,ok,2026-11-20T10:00,A,13000000001\nemail,inquiry,bad"quote,2026-11-20T10:00,A,13000000001\n' >"$W/stray-quote.csv"
printf 'channel,kind,summary,created_at\nemail,inquiry,too,many,cells,here\n' >"$W/wrong-count.csv"
row='"channel":"email","kind":"inquiry","created_at":"2026-11-20T10:00","customer":{"name":"A","phone":"13000000001"}'
{
    echo "{\"summary\":42,$row}"
    echo "{\"summary\":\"x\",\"id\":\"seven\",$row}"
    echo "{\"summary\":[\"x\"],$row}"
    echo "{\"summary\":\"x\",\"id\":1.5,$row}"
    echo "{\"summary\":\"x\",\"channel\":7,\"kind\":\"inquiry\",\"created_at\":\"2026-11-20T10:00\",\"customer\":{\"name\":\"A\",\"phone\":\"13000000001\"}}"
    echo "{\"summary\":\"x\",\"channel\":\"email\",\"kind\":\"inquiry\",\"created_at\":\"2026-11-20T10:00\",\"customer\":\"A\"}"
    echo "[\"not\",\"an\",\"object\"]"
} >"$W/types.jsonl"
{
    echo "{\"summary\":\"x\",\"channel\":\"email\",\"kind\":\"inquiry\",\"created_at\":\"2026-02-30T10:00\",\"customer\":{\"name\":\"A\",\"phone\":\"13000000001\"}}"
    echo "{\"summary\":\"x\",\"channel\":\"email\",\"kind\":\"inquiry\",\"created_at\":\"2026-11-20T25:00\",\"customer\":{\"name\":\"A\",\"phone\":\"13000000001\"}}"
    echo "{\"summary\":\"x\",\"channel\":\"email\",\"kind\":\"inquiry\",\"created_at\":\"yesterday-ish\",\"customer\":{\"name\":\"A\",\"phone\":\"13000000001\"}}"
} >"$W/dates.jsonl"
{
    echo "{\"summary\":\"x\",\"channel\":\"pigeon\",\"kind\":\"inquiry\",\"created_at\":\"2026-11-20T10:00\",\"customer\":{\"name\":\"A\",\"phone\":\"13000000001\"}}"
    echo "{\"summary\":\"x\",\"channel\":\"email\",\"kind\":\"gossip\",\"created_at\":\"2026-11-20T10:00\",\"customer\":{\"name\":\"A\",\"phone\":\"13000000001\"}}"
    echo "{\"summary\":\"x\",\"channel\":\"email\",\"kind\":\"inquiry\",\"status\":\"sleeping\",\"created_at\":\"2026-11-20T10:00\",\"customer\":{\"name\":\"A\",\"phone\":\"13000000001\"}}"
} >"$W/enums.jsonl"
echo "{\"summary\":\"\",$row}" >"$W/empty-summary.jsonl"
"$PY" -c 'import json,sys; print(json.dumps({"summary": "长" * (10 * 1024 * 1024 // 3), "channel": "email", "kind": "inquiry", "created_at": "2026-11-20T10:00", "customer": {"name": "A", "phone": "13000000001"}}, ensure_ascii=False))' >"$W/huge-summary.jsonl"
printf '{"summary":"caf\xc3 \xff",%s}\n' "$row" >"$W/bad-utf8.jsonl"
printf '{"summary":"a\x00b",%s}\n' "$row" >"$W/nul.jsonl"
printf 'channel,kind,summary,created_at,customer_name,customer_phone\nemail,inquiry,a\x00b,2026-11-20T10:00,A,13000000001\n' >"$W/nul.csv"
printf 'this is not json\n' >"$W/not-json.jsonl"
printf 'ticket,csat,nps\n%s,9,5\n' "$R" >"$W/survey.csv"
printf '[output]\nformat = "xml"\n' >"$W/bad-config.toml"

# Policies: the default with one mistake each.
P="$SVC_SOURCE_DIR/share/svc/policy.toml"
policy() { sed "$2" "$P" >"$W/$1.toml"; }
policy p-syntax 's/^zone = "Asia\/Shanghai"/zone = "Asia\/Shanghai/'
policy p-unknown-key 's/^zone = /colour = "red"\nzone = /'
policy p-duplicate-key 's/^zone = "Asia\/Shanghai"/zone = "Asia\/Shanghai"\nzone = "UTC"/'
policy p-zone 's/^zone = "Asia\/Shanghai"/zone = "Mars\/Base"/'
policy p-hours 's/^mon = .*/mon = "18:00-09:00"/'
policy p-overlap 's/^tue = .*/tue = "09:00-12:00,11:00-13:00"/'
policy p-hours-25 's/^wed = .*/wed = "09:00-25:00"/'
policy p-holiday 's/"2026-01-01..2026-01-03"/"2026-02-30"/'
policy p-workday 's/"2026-01-04",/"2026-02-30",/'
policy p-negative '0,/^resolution = "4h"/s//resolution = "-4h"/'
policy p-absurd '0,/^resolution = "4h"/s//resolution = "99999d"/'
policy p-duration-word '0,/^resolution = "4h"/s//resolution = "soon"/'
policy p-clock '0,/^clock = "24x7"/s//clock = "sometimes"/'
policy p-match 's/^match = { channel = "chat" }/match = { channel = "pigeon" }/'
policy p-warn 's/^warn_at = 0.8/warn_at = 1.5/'
policy p-risk-level 's/^risk_level = 3/risk_level = 9/'
policy p-authority 's/^agent = 50/agent = "fifty"/'
policy p-type 's/^suppress_days = 30/suppress_days = "thirty"/'
policy p-window 's/^window = .*/window = ["48h", "24h"]/'
policy p-no-levels '/^levels = \[/,/^\]/c\levels = []'
policy p-utf8 's/^zone = "Asia\/Shanghai"/zone = "Asia\/Shanghai" # \xff\xfe/'
policy p-nul 's/^sat = ""/sat = "\x00"/'
{ cat "$P"; head -c $((2 * 1024 * 1024)) /dev/zero | tr '\0' 'x'; echo; } >"$W/p-huge.toml"
for f in "$W"/p-*.toml; do
    cmp -s "$f" "$P" && failure "the policy mutation $(basename "$f") changed nothing"
done
# Each mutation must be its only mistake: the default itself loads.
run policy check "$P"
expect_rc 0 "the default policy passes policy check"

# --- run the table
before=$(dump)
cases=0
while IFS= read -r line; do
    case "$line" in '' | '#'*) continue ;; esac
    line=${line//@T@/$T}
    line=${line//@R@/$R}
    line=${line//@F@/$F}
    line=${line//@C@/$C}
    line=${line//@W@/$W}
    eval "set -- $line"
    want=$1 needle=$2
    shift 2
    stdin=/dev/null
    args=()
    for a in "$@"; do
        case "$a" in @stdin:*) stdin="$W/${a#@stdin:}" ;; *) args+=("$a") ;; esac
    done
    cases=$((cases + 1))
    OUT=$("$SVC" "${args[@]}" <"$stdin" 2>"$WORK/stderr")
    RC=$?
    ERR=$(head -c 2000 "$WORK/stderr")
    what="svc ${args[*]:0:12}"
    what=${what:0:160}
    [ "$stdin" != /dev/null ] && what="$what <$(basename "$stdin")"
    expect_rc "$want" "$what"
    if [ -z "$ERR" ]; then
        failure "$what: no message on stderr"
    elif [ -n "$needle" ] && ! grep -qiF -- "$needle" "$WORK/stderr"; then
        failure "$what: the message does not mention '$needle'"
    else
        pass
    fi
    after=$(dump)
    if [ "$after" = "$before" ]; then
        pass
    else
        failure "$what: the store changed"
        diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | head -5 >&2
        before=$after
    fi
done <"$TABLE"
note "bad input: $cases cases from bad_input.table"
run db check
expect_rc 0 "db check after every bad input"
finish
