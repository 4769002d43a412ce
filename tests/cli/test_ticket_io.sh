#!/usr/bin/env bash
# Moving tickets in and out through the real binary: JSONL export → import round trip into a
# fresh store, the flat CSV form (header, CRLF, formula neutralisation, deadlines computed on
# import), all-or-nothing import with every bad line reported, stdin and format detection,
# export filters and their audit row, and the reproducible demo store.
source "$(dirname "$0")/lib.sh"
# The interpreter itself, once: a version-manager shim costs a second per call.
PY=$(python3 -c 'import sys; print(sys.executable)')

# ids_jsonl: the ticket ids of the JSONL in $OUT, space-separated, in order.
ids_jsonl() { printf '%s\n' "$OUT" | "$PY" -c 'import sys, json; print(" ".join(str(json.loads(l)["id"]) for l in sys.stdin if l.strip()))'; }
# field_of FILE ID FIELD: one field of one ticket of a JSONL export (null prints "None").
field_of() {
    "$PY" - "$1" "$2" "$3" <<'EOF'
import json, sys
path, tid, field = sys.argv[1], int(sys.argv[2]), sys.argv[3]
for line in open(path, encoding="utf-8"):
    t = json.loads(line)
    if t["id"] == tid:
        v = t
        for part in field.split("."):
            v = v[part]
        print(json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v)
EOF
}
# csv_ids: "id,status" of each CSV record in $OUT (header included), space-separated.
csv_ids() { printf '%s\n' "$OUT" | "$PY" -c 'import csv, sys; print(" ".join(r[0] + "," + r[1] for r in csv.reader(sys.stdin)))'; }
# compare_exports A B: "same" when the JSONL exports A and B hold the same tickets with the same
# fields, customers, escalations, compensations and timelines, apart from B's import events
# (one per ticket); else the differences.
compare_exports() {
    "$PY" - "$1" "$2" <<'EOF'
import json, sys
a = {t["id"]: t for t in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
b = {t["id"]: t for t in map(json.loads, open(sys.argv[2], encoding="utf-8"))}
problems = []
if sorted(a) != sorted(b):
    problems.append(f"ids {sorted(a)} vs {sorted(b)}")
for tid in sorted(a):
    ta, tb = dict(a[tid]), dict(b.get(tid, {}))
    ea, eb = ta.pop("events", []), tb.pop("events", [])
    imports = [e for e in eb if e["action"] == "import"]
    eb = [e for e in eb if e["action"] != "import"]
    if len(imports) != 1:
        problems.append(f"ticket {tid}: {len(imports)} import events")
    for k in sorted(set(ta) | set(tb)):
        if ta.get(k) != tb.get(k):
            problems.append(f"ticket {tid} {k}: {ta.get(k)!r} vs {tb.get(k)!r}")
    if ea != eb:
        problems.append(f"ticket {tid} timeline: {ea!r} vs {eb!r}")
print("same" if not problems else "\n".join(problems[:5] + [f"({len(problems)} differences)"]))
EOF
}
# dump_of DB: the content of another store.
dump_of() { sqlite3 "$1" .dump; }

# =======================================================================================
# 1. JSONL export → import round trip
# =======================================================================================
run db init
expect_rc 0 "db init creates the store"
run customer add --name 李娜 --phone 13900002222 --tier silver --ref CRM-2
run customer add --name 张伟 --phone 13800001234 --tier platinum --ref CRM-7
run customer add --name 王强 --phone 13700003333 --tier gold
run customer add --name 赵敏 --phone 13600004444 --email zhao@example.com

# T1: an e-mail with replies, a customer message, a note, resolved, closed, reopened.
run --now 2026-11-16T10:00 ticket open --channel email --kind inquiry --summary '发票开错了' --body '抬头应为: 上海某某公司' \
    --category 账务 --tag 发票 --tag 加急 --customer 1
T1=$OUT
run --now 2026-11-16T10:30 ticket respond "$T1" '您好, 已收到, 正在核对发票'
run --now 2026-11-16T11:00 ticket respond "$T1" --from-customer '请尽快, 月底要报销'
run --now 2026-11-16T11:10 ticket note "$T1" '财务说明天重开'
run --now 2026-11-16T11:20 ticket respond "$T1" '好的, 明天重开'
run --now 2026-11-17T14:00 ticket resolve "$T1" --resolution '已重开发票' --cause service
run --now 2026-11-18T10:00 ticket close "$T1"
run --now 2026-11-19T09:30 ticket reopen "$T1" --reason '新发票金额不对'
expect_rc 0 "T1's reopen succeeds"
# T2: a platinum chat complaint whose summary is a spreadsheet formula; hold, resume, transfer.
run --now 2026-11-16T15:00 ticket open --channel chat --kind complaint --summary '=HYPERLINK("http://x","点我")' \
    --need compensation --mood angry --priority high --customer CRM-7
T2=$OUT
run --now 2026-11-16T15:00:30 ticket respond "$T2" '非常抱歉, 马上处理'
run --now 2026-11-16T15:10 ticket pending "$T2" --reason '等待仓库核实'
run --now 2026-11-17T10:00 ticket resume "$T2"
run --now 2026-11-17T10:05 ticket assign "$T2" wang.fang
run --now 2026-11-17T16:00 ticket resolve "$T2" --resolution '已补发, 顾客确认收到' --cause logistics
expect_rc 0 "T2's resolve succeeds"
# T3: gold phone after-sales, left on hold.
run --now 2026-11-18T09:00 ticket open --channel phone --kind after-sales --summary '冰箱噪音大, 想预约上门检测' \
    --body $'顾客说: "晚上嗡嗡响"\n希望周末上门' --tag 上门 --customer 3
T3=$OUT
run --now 2026-11-18T09:05 ticket respond "$T3" '已为您登记'
run --now 2026-11-18T09:30 ticket pending "$T3" --reason '等待厂家回复'
# T4: social, resolved and closed.
run --now 2026-11-20T22:00 ticket open --channel social --kind complaint --summary '微博上说物流太慢' --category 物流 --customer 4
T4=$OUT
run --now 2026-11-20T22:30 ticket respond "$T4" '您好, 已加急'
run --now 2026-11-21T10:00 ticket resolve "$T4" --resolution '已送达' --cause logistics
run --now 2026-11-23T09:00 ticket close "$T4"
# T5: web, never answered; its deadline has passed.
run --now 2026-11-20T09:00 ticket open --channel web --kind inquiry --summary '+86 号码无法登录' --customer 2
T5=$OUT
expect_eq "$T1 $T2 $T3 $T4 $T5" "1 2 3 4 5" "five tickets numbered 1 to 5"

run ticket export --reveal
expect_rc 0 "ticket export (jsonl by default)"
printf '%s\n' "$OUT" > "$WORK/orig.jsonl"
expect_eq "$(rows)" "5" "one JSONL line per ticket"
expect_eq "$(ids_jsonl)" "1 2 3 4 5" "export is in id order"
expect_err_has "exported 5 tickets" "export reports the count on stderr"
expect_eq "$(field_of "$WORK/orig.jsonl" "$T2" summary)" '=HYPERLINK("http://x","点我")' "JSONL keeps the formula summary as is"
expect_eq "$(field_of "$WORK/orig.jsonl" "$T1" tags)" '["加急", "发票"]' "JSONL carries the tags as a list (sorted)"
expect_eq "$(field_of "$WORK/orig.jsonl" "$T1" customer.ref)" "CRM-2" "JSONL nests the customer"

COPY="$WORK/copy.db"
run ticket import --create "$WORK/orig.jsonl" --db "$COPY"
expect_rc 0 "import of the export into a fresh store"
expect_err_has "imported 5 tickets (4 new customers)" "import reports tickets and customers created"
run ticket export --reveal --db "$COPY"
printf '%s\n' "$OUT" > "$WORK/copy.jsonl"
expect_eq "$(ids_jsonl)" "1 2 3 4 5" "the copy keeps the ticket ids"

compare=$(compare_exports "$WORK/orig.jsonl" "$WORK/copy.jsonl")
expect_eq "$compare" "same" "the copy's export equals the original's (fields, customer, timeline) apart from import events"
expect_eq "$("$PY" -c 'import json,sys; print(sum(len(json.loads(l)["events"]) for l in open(sys.argv[1])))' "$WORK/orig.jsonl")" \
    "$(q "SELECT count(*) FROM audit WHERE entity = 'ticket'")" "the export carries every ticket event of the store"
expect_eq "$(sqlite3 "$COPY" "SELECT count(*) FROM audit WHERE action = 'import'")" "5" "one import audit row per ticket"
expect_eq "$(sqlite3 "$COPY" "SELECT detail FROM audit WHERE action = 'import' AND entity_id = $T3")" \
    "{\"source\":\"$WORK/orig.jsonl\",\"line\":3}" "the import row names the source file and line"
# 8 business hours from Mon 15:00 end Tue 15:00; the 4h20m on hold (15:10–18:30, 09:00–10:00) move it to Wed 09:50.
expect_eq "$(field_of "$WORK/copy.jsonl" "$T2" resolve_due)" "2026-11-18T09:50:00+08:00" "the held ticket's moved resolve_due is kept exactly"
expect_eq "$(field_of "$WORK/copy.jsonl" "$T3" status)" "pending" "a pending ticket stays pending"
expect_eq "$(field_of "$WORK/copy.jsonl" "$T3" paused_at)" "2026-11-18T09:30:00+08:00" "its hold start is kept"
expect_eq "$(field_of "$WORK/copy.jsonl" "$T1" reopen_count)" "1" "the reopen count is kept"
expect_eq "$(sqlite3 -separator ' ' "$COPY" "SELECT name, phone, tier, coalesce(ref, '-'), coalesce(email, '-') FROM customer ORDER BY phone")" \
    "$(q "SELECT name, phone, tier, coalesce(ref, '-'), coalesce(email, '-') FROM customer ORDER BY phone" | tr '|' ' ')" \
    "the copy has the same customers: names, phones, tiers, refs, e-mails"
run ticket show "$T1" --db "$COPY" --format json
expect_out_has '"customer_message","text":"请尽快, 月底要报销"' "the copy's timeline shows the customer's message"
expect_out_has '财务说明天重开' "the copy's timeline shows the internal note"
run db check --db "$COPY"
expect_rc 0 "the copy passes db check"
# Into an empty store the indexes are built after the rows: all of them are back, as defined.
index_list() { sqlite3 "$1" "SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name"; }
if sqlite_only; then
    expect_eq "$(index_list "$COPY")" "$(index_list "$SVC_DB")" "the imported store has every index, as defined"
fi
run ticket list --overdue --no-header --db "$COPY"
copy_overdue=$(printf '%s\n' "$OUT" | cut -f1 | tr '\n' ' ')
run ticket list --overdue --no-header
expect_eq "$copy_overdue" "$(printf '%s\n' "$OUT" | cut -f1 | tr '\n' ' ')" "the copy has the same overdue tickets"
case " $copy_overdue" in *" $T5 "*) pass ;; *) failure "the never-answered ticket is overdue in the copy: '$copy_overdue'" ;; esac
# Importing the same file again clashes with every id.
before=$(dump_of "$COPY")
run ticket import --create "$WORK/orig.jsonl" --db "$COPY"
expect_rc 2 "importing the same tickets twice is refused"
expect_err_has "orig.jsonl:1: id: ticket 1 already exists" "the clash names the line and the id"
expect_err_has "orig.jsonl:5: id: ticket 5 already exists" "every clashing line is named"
expect_eq "$(dump_of "$COPY")" "$before" "the refused second import wrote nothing"

# =======================================================================================
# 2. CSV export and import
# =======================================================================================
run ticket export --format csv
expect_rc 0 "ticket export --format csv"
"$SVC" ticket export --reveal --format csv > "$WORK/orig.csv" 2>/dev/null
expect_eq "$(head -n 1 "$WORK/orig.csv" | tr -d '\r')" \
    "id,status,kind,channel,priority,category,summary,body,tags,need,mood,cause,resolution,owner,assignee,level,customer_ref,customer_name,customer_phone,customer_email,customer_tier,created_at,first_responded_at,resolved_at,closed_at,paused_at,updated_at" \
    "the CSV header names the ticket and customer columns"
csv_shape=$("$PY" - "$WORK/orig.csv" <<'EOF'
import csv, io, sys
text = open(sys.argv[1], encoding="utf-8", newline="").read()
records = list(csv.reader(io.StringIO(text, newline="")))
inside = sum(cell.count("\n") for row in records for cell in row)
bare = text.replace("\r\n", "").count("\n")
print(f"{len(records)} records, {text.count(chr(13) + chr(10))} CRLF, {bare - inside} bare LF outside fields, ends CRLF: {text.endswith(chr(13) + chr(10))}")
EOF
)
expect_eq "$csv_shape" "6 records, 6 CRLF, 0 bare LF outside fields, ends CRLF: True" "CSV records end with CRLF (header + 5 tickets)"
csv_cell() {  # csv_cell FILE ID COLUMN
    "$PY" - "$@" <<'EOF'
import csv, sys
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        if row["id"] == sys.argv[2]:
            print(row[sys.argv[3]])
EOF
}
expect_eq "$(csv_cell "$WORK/orig.csv" "$T2" summary)" "'=HYPERLINK(\"http://x\",\"点我\")" "a summary starting with '=' is neutralised with a leading quote"
expect_eq "$(csv_cell "$WORK/orig.csv" "$T5" summary)" "'+86 号码无法登录" "a summary starting with '+' is neutralised too"
expect_eq "$(csv_cell "$WORK/orig.csv" "$T1" summary)" "发票开错了" "plain Chinese text is left alone"
expect_eq "$(csv_cell "$WORK/orig.csv" "$T1" tags)" "加急;发票" "tags are joined with ';'"
expect_eq "$(csv_cell "$WORK/orig.csv" "$T3" body)" $'顾客说: "晚上嗡嗡响"\n希望周末上门' "a body with quotes and a line break survives CSV quoting"
expect_eq "$(csv_cell "$WORK/orig.csv" "$T4" customer_email)" "zhao@example.com" "the CSV carries the customer's e-mail in full"
grep -q "\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\"" "$WORK/orig.csv"
expect_eq "$?" "0" "the neutralised formula is quoted with doubled quotes (RFC 4180)"

CSVCOPY="$WORK/csvcopy.db"
run ticket import --create "$WORK/orig.csv" --db "$CSVCOPY"
expect_rc 0 "CSV import into a fresh store"
expect_err_has "imported 5 tickets (4 new customers)" "all five CSV rows are imported"
"$SVC" ticket export --reveal --format csv --db "$CSVCOPY" > "$WORK/csvcopy.csv" 2>/dev/null
expect_eq "$(cmp "$WORK/orig.csv" "$WORK/csvcopy.csv" && echo same)" "same" \
    "the CSV copy exports byte-for-byte the same CSV (statuses, timestamps, customers, formula text)"
run ticket show "$T2" --db "$CSVCOPY" --format json
expect_out_has '"summary":"=HYPERLINK(\"http://x\",\"点我\")"' "CSV import undoes the neutralisation"
run ticket show "$T1" --db "$CSVCOPY" --format json
# E-mail, 4 business hours from Monday 10:00: 10:00–12:00, lunch, 13:30–15:30.
expect_out_has '"first_response_due":"2026-11-16T15:30:00+08:00"' "a CSV e-mail's first response is computed on the business calendar (lunch excluded)"
# 24 business hours (3 working days of 8 h) from Monday 10:00 end Thursday 10:00.
expect_out_has '"resolve_due":"2026-11-19T10:00:00+08:00"' "a CSV ticket's resolution deadline is computed from its created_at"
expect_out_has '"status":"open"' "the reopened ticket is open in the CSV copy"
expect_out_has '"first_responded_at":"2026-11-16T10:30:00+08:00"' "first_responded_at comes from its column"
run ticket show "$T4" --db "$CSVCOPY" --format json
expect_out_has '"first_response_due":"2026-11-21T00:00:00+08:00"' "a CSV social ticket's first response is 2 h around the clock"
expect_out_has '"closed_at":"2026-11-23T09:00:00+08:00"' "closed_at comes from its column"
expect_eq "$(sqlite3 "$CSVCOPY" "SELECT group_concat(action, ',') FROM (SELECT action FROM audit WHERE entity = 'ticket' AND entity_id = $T4 ORDER BY id)")" \
    "open,import" "a CSV row (no timeline) gets an open event and an import event"

# A cell that really starts with a quote and '=' must come back unchanged too.
QUOTE="$WORK/quote.db"
"$SVC" -q --db "$QUOTE" db init
run --db "$QUOTE" --now 2026-11-20T10:00 ticket open --channel email --kind inquiry --summary "'=不是公式" --name 孙丽 --phone 13500007777
run --db "$QUOTE" ticket export --reveal --format csv
printf '%s\n' "$OUT" > "$WORK/quote.csv"
run ticket import --create "$WORK/quote.csv" --db "$WORK/quote-copy.db"
run --db "$WORK/quote-copy.db" ticket show 1 --format json
expect_out_has "\"summary\":\"'=不是公式\"" "CSV export → import keeps a summary that starts with a quote and '='"

# =======================================================================================
# 5. Export filters and the export audit row
# =======================================================================================
exports() { q "SELECT count(*) FROM audit WHERE entity = 'store' AND action = 'export'"; }
n=$(exports)
run ticket export --status open
expect_eq "$(ids_jsonl)" "$T1 $T5" "--status open exports only the open tickets"
run ticket export --status resolved,closed
expect_eq "$(ids_jsonl)" "$T2 $T4" "--status resolved,closed exports both"
run ticket export --status pending --format csv --no-header
expect_eq "$(csv_ids)" "$T3,pending" "--status pending with CSV and --no-header"
run ticket export --period 2026-11-16
expect_eq "$(ids_jsonl)" "$T1 $T2" "--period DAY exports the tickets created that day"
run ticket export --period 2026-11-18..2026-11-21
expect_eq "$(ids_jsonl)" "$T3 $T4 $T5" "--period A..B exports the tickets created in the range"
run ticket export --period 2026-W48
expect_rc 0 "an export with nothing to export succeeds"
expect_eq "$(rows)" "0" "--period 2026-W48 exports nothing"
expect_err_has "exported 0 tickets" "the count is 0"
run ticket export --period 2026-W48 --format csv
expect_eq "$(rows)" "1" "an empty CSV export still has its header"
run ticket export --customer CRM-7
expect_eq "$(ids_jsonl)" "$T2 $T5" "--customer REF exports that customer's tickets"
run ticket export --customer 13600004444
expect_eq "$(ids_jsonl)" "$T4" "--customer PHONE"
run ticket export --customer 999
expect_rc 3 "--customer that does not exist is not found"
run ticket export --limit 2
expect_eq "$(ids_jsonl)" "$T1 $T2" "--limit 2 exports the first two tickets in id order"
run ticket export --limit 3 --format csv
expect_eq "$(csv_ids)" "id,status $T1,open $T2,resolved $T3,pending" "--limit 3 with CSV: header and 3 records"
run ticket export --customer CRM-7 --status resolved
expect_eq "$(ids_jsonl)" "$T2" "filters combine"
run ticket export --format table
expect_rc 2 "export in a table format is a usage error"
expect_err_has "jsonl" "the error says which formats export writes"
expect_eq "$(exports)" "$((n + 12))" "each successful export (12) records one export audit row; refused ones none"
expect_eq "$(q "SELECT actor || ' ' || detail FROM audit WHERE action = 'export' ORDER BY id DESC LIMIT 1")" \
    'tester {"tickets":1}' "the export row names the actor and the number of tickets"

# =======================================================================================
# 3. Import rejection: every bad line, nothing written
# =======================================================================================
good1='{"channel":"email","kind":"inquiry","summary":"好的一行","created_at":"2026-11-20T10:00","customer":{"name":"钱多多","phone":"13500005555"}}'
good2='{"channel":"chat","kind":"complaint","summary":"第二个好行","created_at":"2026-11-21T11:00:00+08:00","status":"resolved","resolved_at":"2026-11-21T12:00:00+08:00","customer":{"ref":"CRM-7"}}'
cat > "$WORK/bad.jsonl" <<EOF
$good1
{"level":"x","channel":"email","kind":"inquiry","summary":"等级错","created_at":"2026-11-20T10:00","customer":{"name":"甲","phone":"13500006661"}}
{"channel":"fax","kind":"inquiry","summary":"传真","created_at":"2026-11-20T10:00","customer":{"name":"乙","phone":"13500006662"}}
{"channel":"email","kind":"inquiry","created_at":"2026-11-20T10:00","customer":{"name":"丙","phone":"13500006663"}}
{"channel":"email","kind":"inquiry","summary":"二月三十日","created_at":"2026-02-30T10:00","customer":{"name":"丁","phone":"13500006664"}}
this is not JSON
{"id":1,"channel":"email","kind":"inquiry","summary":"已有编号","created_at":"2026-11-20T10:00","customer":{"name":"戊","phone":"13500006665"}}
{"id":200,"channel":"email","kind":"inquiry","summary":"编号两百","created_at":"2026-11-20T10:00","customer":{"name":"己","phone":"13500006666"}}
{"id":200,"channel":"email","kind":"inquiry","summary":"编号两百又来","created_at":"2026-11-20T10:00","customer":{"name":"庚","phone":"13500006667"}}
{"status":"resolved","channel":"email","kind":"inquiry","summary":"已解决没时间","created_at":"2026-11-20T10:00","customer":{"name":"辛","phone":"13500006668"}}
{"channel":"email","kind":"inquiry","summary":"未来","created_at":"2026-12-01T10:00","customer":{"name":"壬","phone":"13500006669"}}

$good2
EOF
before=$(dump)
run ticket import "$WORK/bad.jsonl"
expect_rc 2 "a file with bad lines is refused"
expect_err_has "9 invalid lines in $WORK/bad.jsonl; nothing imported" "the refusal counts the bad lines"
expect_eq "$(printf '%s\n' "$ERR" | grep -c "^  $WORK/bad.jsonl:[0-9]*: ")" "9" "one FILE:LINE entry per bad line"
expect_err_has "bad.jsonl:2: level: expected an integer" "line 2: a level that is not a number"
expect_err_has "bad.jsonl:3: channel: unknown value 'fax'" "line 3: an unknown channel"
expect_err_has "bad.jsonl:4: summary: missing" "line 4: a missing summary"
expect_err_has "bad.jsonl:5: created_at: invalid instant '2026-02-30T10:00': '2026-02-30' is not a calendar date" "line 5: an impossible date"
expect_err_has "bad.jsonl:6: invalid JSON at column 1" "line 6: not JSON"
expect_err_has "bad.jsonl:7: id: ticket 1 already exists" "line 7: an id already in the store"
expect_err_has "bad.jsonl:9: id: ticket 200 appears twice" "line 9: an id twice in the file"
expect_err_has "bad.jsonl:10: resolved_at: missing for a resolved ticket" "line 10: resolved without resolved_at"
expect_err_has "bad.jsonl:11: created_at: 2026-12-01T10:00:00+08:00 is in the future" "line 11: created in the future"
case "$ERR" in *"bad.jsonl:1:"* | *"bad.jsonl:8:"* | *"bad.jsonl:12:"* | *"bad.jsonl:13:"*) failure "good and blank lines are not reported" ;; *) pass ;; esac
expect_eq "$(dump)" "$before" "the refused import wrote nothing"

# --skip-invalid on a copy of the store: the good lines go in, the bad ones are reported.
SKIP=$(copy_store skip)
run ticket import --create "$WORK/bad.jsonl" --skip-invalid --db "$SKIP"
expect_rc 0 "--skip-invalid imports the valid lines"
expect_err_has "imported 3 tickets (2 new customers), skipped 9 invalid lines" "the summary counts imported and skipped lines"
expect_err_has "bad.jsonl:3: skipped: channel: unknown value 'fax'" "each skipped line is reported with its reason"
expect_err_has "bad.jsonl:11: skipped: created_at:" "the last bad line is reported too"
run ticket export --db "$SKIP" --since 2026-11-20T10:00 --until 2026-11-20T10:00:01
expect_eq "$(printf '%s\n' "$OUT" | "$PY" -c 'import sys, json; print(" ".join(json.loads(l)["summary"] for l in sys.stdin if l.strip()))')" \
    "编号两百 好的一行" "the first of the two id-200 lines keeps its number; the line without one comes after it"
run ticket show 200 --db "$SKIP" --format json
expect_out_has '"id":200' "the imported line keeps its id"
run ticket list --db "$SKIP" --search 第二个好行 --format jsonl --now 2026-11-23T10:00
expect_out_has '"status":"resolved"' "the resolved line is imported resolved"
expect_out_has '"customer":"张伟"' "a customer given by ref is found"
expect_eq "$(query "$SKIP" "SELECT count(*) FROM customer WHERE ref = 'CRM-7'")" "1" "a customer given by ref is not registered again"

# CSV with broken quoting: the whole file is refused, naming the line, even with --skip-invalid.
{ head -n 1 "$WORK/orig.csv"; printf '%s\r\n' ',open,inquiry,email,normal,,好行,,,,,,,,,,,李四,13500008888,,,2026-11-20T10:00:00+08:00,,,,,' \
    ',open,inquiry,email,normal,,"没闭合的引号,,,,,,,,,,,,王五,13500009999,,,2026-11-20T10:00:00+08:00,,,,,'; } > "$WORK/broken.csv"
before=$(dump)
run ticket import "$WORK/broken.csv"
expect_rc 2 "a CSV with an unterminated quote is refused"
expect_err_has "line 3: unterminated quoted field" "the error names the line of the broken quote"
run ticket import "$WORK/broken.csv" --skip-invalid
expect_rc 2 "broken quoting cannot be skipped"
{ head -n 1 "$WORK/orig.csv"; printf '%s\r\n' ',open,inquiry,email,normal,,好行,,,,,,,,,,,李四,13500008888,,,2026-11-20T10:00:00+08:00,,,,,' \
    ',open,inquiry,email,normal,,引号"在中间,,,,,,,,,,,王五,13500009999,,,2026-11-20T10:00:00+08:00,,,,,'; } > "$WORK/stray.csv"
run ticket import "$WORK/stray.csv"
expect_rc 2 "a quote inside an unquoted field is refused"
expect_err_has "line 3: a quote inside an unquoted field" "the error names the line of the stray quote"
{ head -n 1 "$WORK/orig.csv"; printf '%s\r\n' ',open,inquiry,email,normal,,少了列,,,,,' \
    ',open,inquiry,email,normal,,好行,,,,,,,,,,,李四,13500008888,,,2026-11-20T10:00:00+08:00,,,,,' \
    ',closed,inquiry,email,normal,,关了没时间,,,,,,,,,,,周六,13500001111,,,2026-11-20T10:00:00+08:00,,,,,'; } > "$WORK/short.csv"
run ticket import "$WORK/short.csv"
expect_rc 2 "a CSV row with the wrong number of fields is refused"
expect_err_has "short.csv:2: expected 27 fields as in the header, found 12" "the short row is named"
expect_err_has "short.csv:4: resolved_at: missing for a closed ticket" "a CSV row's bad values are named with its line"
expect_eq "$(dump)" "$before" "refused CSV imports wrote nothing"

# A timeline event in the future (or before the ticket existed) is as impossible as a
# created_at in the future: the timeline would run backwards once someone replies.
printf '%s\n' '{"channel":"email","kind":"inquiry","summary":"未来的事件","created_at":"2026-11-20T10:00","customer":{"name":"吕布","phone":"13500002020"},"events":[{"at":"2026-11-20T10:00","actor":"tester","action":"open"},{"at":"2027-05-01T10:00","actor":"tester","action":"note","detail":{"text":"来自未来"}}]}' \
    > "$WORK/future-event.jsonl"
run ticket import --create "$WORK/future-event.jsonl" --db "$WORK/future.db"
expect_rc 2 "an event dated after now is refused"
expect_err_has "future-event.jsonl:1: events[2]" "the error names the line and the event"

# Files larger than a read block (4 MiB): rows are cut only where a row ends (in CSV,
# outside quotes, though bodies here hold line breaks), line numbers run on across blocks,
# and a pipe is read twice through a temporary copy.
"$PY" - "$WORK/orig.csv" "$WORK/big.csv" "$WORK/big-bad.csv" <<'PYEOF'
import sys
header = open(sys.argv[1], encoding="utf-8", newline="").readline()
body = '"' + ("第一行, 有逗号 ""引号""\n" * 80) + '末行"'
rows = []
for i in range(3000):
    rows.append(f',open,inquiry,email,normal,,大文件第{i}条,{body},,,,,,,,,,客户{i},139{i:08d},,,2026-11-20T10:00:00+08:00,,,,,\r\n')
open(sys.argv[2], "w", encoding="utf-8", newline="").write(header + "".join(rows))
bad = rows[:]
bad[2990] = bad[2990].replace(",open,", ",opened,")
open(sys.argv[3], "w", encoding="utf-8", newline="").write(header + "".join(bad))
PYEOF
expect_eq "$(( $(stat -c %s "$WORK/big.csv") > 6 * 1024 * 1024 ))" "1" "the big CSV spans several read blocks"
run ticket import --create "$WORK/big.csv" --db "$WORK/big.db"
expect_rc 0 "a CSV file of several blocks is imported"
expect_err_has "imported 3000 tickets" "every row of every block"
expect_eq "$(sqlite3 "$WORK/big.db" "SELECT count(*) FROM ticket WHERE body LIKE '%末行' AND length(body) - length(replace(body, char(10), '')) = 80")" "3000" \
    "no row was cut inside its quoted, multi-line body"
bad_line=$(grep -n '大文件第2990条' "$WORK/big-bad.csv" | cut -d: -f1)
run ticket import --create "$WORK/big-bad.csv" --db "$WORK/big-bad.db"
expect_rc 2 "a bad row in a later block refuses the file"
expect_err_has "big-bad.csv:$bad_line: status" "the bad row is named by its line in the whole file"
expect_eq "$(sqlite3 "$WORK/big-bad.db" 'SELECT count(*) FROM ticket' 2>/dev/null || echo 0)" "0" "nothing of the refused file is written"
run ticket import --create - --db "$WORK/big-pipe.db" < <(cat "$WORK/big.csv")
expect_rc 0 "the same file through a pipe"
expect_eq "$(sqlite3 "$WORK/big-pipe.db" 'SELECT count(*), max(id) FROM ticket')" "3000|3000" "a pipe is read twice: checked, then written"
run ticket import --create - --db "$WORK/big-pipe-bad.db" --skip-invalid < <(cat "$WORK/big-bad.csv")
expect_rc 0 "--skip-invalid through a pipe"
expect_err_has "<stdin>:$bad_line: skipped: status" "the skipped row of a piped file is named by its line"
expect_eq "$(sqlite3 "$WORK/big-pipe-bad.db" 'SELECT count(*) FROM ticket')" "2999" "the other rows are written"

# =======================================================================================
# 4. stdin, format detection, empty files, authority
# =======================================================================================
STDIN="$WORK/stdin.db"
run ticket import --create - --db "$STDIN" < "$WORK/orig.jsonl"
expect_rc 0 "JSONL from stdin ('-')"
expect_err_has "imported 5 tickets" "stdin JSONL is detected by its leading '{'"
run ticket show "$T2" --db "$STDIN" --format json
expect_out_has '"resolve_due":"2026-11-18T09:50:00+08:00"' "stdin JSONL keeps the recorded deadlines (a full export line)"
run ticket import --create - --db "$WORK/stdin-csv.db" < "$WORK/orig.csv"
expect_rc 0 "CSV from stdin"
expect_err_has "imported 5 tickets" "stdin CSV is detected by its content"
run ticket show "$T2" --db "$WORK/stdin-csv.db" --format json
expect_out_has '"summary":"=HYPERLINK(\"http://x\",\"点我\")"' "stdin CSV is read as CSV (neutralisation undone)"
cp "$WORK/orig.csv" "$WORK/tickets.txt"
run ticket import --create "$WORK/tickets.txt" --db "$WORK/txt.db"
expect_err_has "imported 5 tickets" "a .txt file holding CSV is detected as CSV"
cp "$WORK/orig.jsonl" "$WORK/tickets.data"
run ticket import --create "$WORK/tickets.data" --db "$WORK/data.db"
expect_err_has "imported 5 tickets" "a file holding JSONL under another name is detected as JSONL"
run ticket import --create - --db "$WORK/pipe.db" <<<"$good1"
expect_rc 0 "one JSONL line on stdin"
expect_eq "$(sqlite3 "$WORK/pipe.db" "SELECT summary || ' ' || owner || ' ' || status FROM ticket")" "好的一行 tester open" \
    "a line without owner or status is owned by the importer and open"
run ticket import --create - --db "$WORK/pipe2.db" <<<'{"channel":"fax"}'
expect_rc 2 "a bad line on stdin is refused"
expect_err_has "<stdin>:1: channel: unknown value 'fax'" "stdin problems are named <stdin>:LINE"
# Spreadsheets save UTF-8 CSV with a byte-order mark; the first column is still "id".
{ printf '\357\273\277'; head -n 1 "$WORK/orig.csv"; "$PY" - "$WORK/orig.csv" <<'EOF'
import sys
lines = open(sys.argv[1], encoding="utf-8", newline="").read().split("\r\n")
print(next(l for l in lines if l.startswith("4,")), end="\r\n")
EOF
} > "$WORK/bom.csv"
run ticket import --create "$WORK/bom.csv" --db "$WORK/bom.db"
expect_rc 0 "a CSV with a UTF-8 byte-order mark imports"
expect_eq "$(sqlite3 "$WORK/bom.db" "SELECT id || ' ' || summary FROM ticket")" "$T4 微博上说物流太慢" \
    "a CSV with a byte-order mark keeps the ticket id of its first column"
# Instants in another zone are read with their offset.
run ticket import --create - --db "$WORK/tz.db" \
    <<<'{"channel":"web","kind":"inquiry","summary":"时区","created_at":"2026-11-20T02:00:00Z","first_responded_at":"2026-11-20T03:30:00Z","customer":{"name":"时区","phone":"13500003030"}}'
expect_rc 0 "a line with UTC instants"
run ticket show 1 --db "$WORK/tz.db" --format json
expect_out_has '"created_at":"2026-11-20T10:00:00+08:00","updated_at":"2026-11-20T11:30:00+08:00"' \
    "UTC instants are converted; updated_at defaults to the latest of the given instants"
: > "$WORK/empty.jsonl"
run ticket import --create "$WORK/empty.jsonl" --db "$WORK/empty.db"
expect_rc 0 "an empty file imports nothing, successfully"
expect_err_has "imported 0 tickets" "the empty import reports 0"
expect_eq "$(sqlite3 "$WORK/empty.db" "SELECT count(*) FROM ticket")" "0" "the empty import wrote no ticket"
run ticket import --create - --db "$WORK/empty.db" < /dev/null
expect_rc 0 "an empty stdin imports nothing"
run ticket import "$WORK/missing.jsonl"
expect_rc 2 "a file that cannot be read is a usage error"
expect_err_has "missing.jsonl" "the error names the file"

TEAM="$WORK/team.db"
"$SVC" -q --db "$TEAM" db init
run --db "$TEAM" --as li.manager agent add li.manager --name 李经理 --role manager
run --db "$TEAM" --as li.manager agent add wang.fang --name 王芳 --role agent
run --db "$TEAM" --as li.manager agent add zhou.min --name 周敏 --role supervisor
expect_rc 0 "a team with an agent, a supervisor and a manager"
before=$(dump_of "$TEAM")
run --db "$TEAM" ticket import "$WORK/orig.jsonl"
expect_rc 4 "an unregistered actor may not import once agents exist"
expect_err_has "'tester' is not a registered agent" "the refusal names the actor"
run --db "$TEAM" --as wang.fang ticket import "$WORK/orig.jsonl"
expect_rc 4 "an agent may not import"
expect_err_has "only a supervisor or above may import tickets" "the refusal says who may import"
expect_eq "$(dump_of "$TEAM")" "$before" "refused imports wrote nothing"
run --db "$TEAM" --as zhou.min ticket import "$WORK/orig.csv"
expect_rc 0 "a supervisor may import"
run --db "$TEAM" --as li.manager ticket import - <<<"$good1"
expect_rc 0 "a manager may import"
expect_eq "$(sqlite3 "$TEAM" "SELECT owner FROM ticket WHERE summary = '好的一行'")" "li.manager" "the importer owns lines without an owner"

# =======================================================================================
# 6. Demo determinism and shape
# =======================================================================================
END=2026-11-20T18:00
END_EPOCH=$(date -d 2026-11-20T18:00:00+08:00 +%s)
demo() { run demo --seed "$1" --days 3 --per-day 40 --end "$END" --db "$2"; }
demo 7 "$WORK/A.db"
expect_rc 0 "demo --seed 7 fills a fresh store"
expect_err_has "seed 7, ending 2026-11-20T18:00:00+08:00" "the demo reports its seed and end"
expect_err_has "you (tester) are registered as a manager" "the demo says the runner became a manager"
demo 7 "$WORK/B.db"
expect_rc 0 "the same demo into a second store"
demo 8 "$WORK/C.db"
"$SVC" ticket export --reveal --db "$WORK/A.db" > "$WORK/A.jsonl" 2>/dev/null
"$SVC" ticket export --reveal --db "$WORK/B.db" > "$WORK/B.jsonl" 2>/dev/null
"$SVC" ticket export --reveal --db "$WORK/C.db" > "$WORK/C.jsonl" 2>/dev/null
expect_eq "$(cmp "$WORK/A.jsonl" "$WORK/B.jsonl" && echo same)" "same" "the same seed and end give byte-identical exports"
expect_eq "$(cmp -s "$WORK/A.jsonl" "$WORK/C.jsonl" || echo different)" "different" "a different seed gives a different store"
# The demo, with its escalations, compensations and sweeps, survives export → import.
run ticket import --create "$WORK/A.jsonl" --db "$WORK/A-copy.db"
expect_rc 0 "the demo export imports into a fresh store"
"$SVC" ticket export --reveal --db "$WORK/A-copy.db" > "$WORK/A-copy.jsonl" 2>/dev/null
expect_eq "$(compare_exports "$WORK/A.jsonl" "$WORK/A-copy.jsonl")" "same" "the demo's copy exports the same tickets, escalations, compensations and timelines"
escalations_of() { sqlite3 "$1" "SELECT count(*) || ' escalations, ' || count(ended_at) || ' ended: ' || coalesce(group_concat(outcome), '') FROM escalation"; }
expect_eq "$(escalations_of "$WORK/A-copy.db")" "$(escalations_of "$WORK/A.db")" "imported escalations keep when they ended and their outcome"
expect_eq "$(sqlite3 "$WORK/A-copy.db" "SELECT ticket_id, agent, amount_fen, kind, at, coalesce(exception, '') FROM compensation ORDER BY ticket_id, at")" \
    "$(sqlite3 "$WORK/A.db" "SELECT ticket_id, agent, amount_fen, kind, at, coalesce(exception, '') FROM compensation ORDER BY ticket_id, at")" \
    "imported compensations are the demo's"
demo_tickets=$(wc -l < "$WORK/A.jsonl")
[ "$demo_tickets" -ge 80 ] && [ "$demo_tickets" -le 250 ] && pass || failure "about 40 tickets a day for 3 days: got $demo_tickets"
run agent list --db "$WORK/A.db" --no-header
expect_out_has $'tester\ttester\tmanager' "the runner is registered as a manager"
expect_out_has $'li.manager\t李建国\tmanager' "li.manager is a manager"
expect_out_has $'zhou.min\t周敏\tsupervisor' "zhou.min is a supervisor"
expect_out_has $'wu.lei\t吴磊\tsupervisor' "wu.lei is a supervisor"
expect_eq "$(sqlite3 "$WORK/A.db" "SELECT count(*) FROM audit a JOIN audit b ON a.entity = 'ticket' AND b.entity = 'ticket' AND a.entity_id = b.entity_id AND b.id > a.id AND b.at < a.at")" \
    "0" "every demo ticket's events are in time order"
expect_eq "$(sqlite3 "$WORK/A.db" "SELECT max(at) < $END_EPOCH FROM audit WHERE entity = 'ticket'")" "1" "no ticket event at or after --end"
expect_eq "$(sqlite3 "$WORK/A.db" "SELECT max(created_at) < $END_EPOCH AND max(updated_at) < $END_EPOCH FROM ticket")" "1" "no ticket created or changed at or after --end"
out_of_order=$("$PY" - "$WORK/A.jsonl" <<'EOF'
import json, sys
from datetime import datetime
bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    t = json.loads(line)
    ats = [datetime.fromisoformat(e["at"]) for e in t["events"]]
    if ats != sorted(ats) or ats[0] != datetime.fromisoformat(t["created_at"]) or t["events"][0]["action"] != "open":
        bad += 1
print(bad)
EOF
)
expect_eq "$out_of_order" "0" "each exported demo timeline starts with open at created_at and runs forward"
run db check --db "$WORK/A.db"
expect_rc 0 "db check passes on the demo store"
run ticket list --db "$WORK/A.db" --no-header --now "$END"
statuses=$(printf '%s\n' "$OUT" | cut -f2 | sort -u | tr '\n' ' ')
expect_eq "$statuses" "closed open pending resolved " "the demo has open, pending, resolved and closed tickets"
run ticket list --db "$WORK/A.db" --overdue --no-header --now "$END"
[ "$(rows)" -gt 0 ] && pass || failure "ticket list --overdue is non-empty at the demo's end"
# A store that already holds tickets: refused, nothing written.
before=$(dump)
run demo --seed 7 --days 3 --per-day 40 --end "$END"
expect_rc 4 "demo into a store with tickets is refused"
expect_err_has "already holds tickets" "the refusal says why"
expect_eq "$(dump)" "$before" "the refused demo wrote nothing"
# A demo store cannot be filled twice either.
before=$(dump_of "$WORK/B.db")
demo 9 "$WORK/B.db"
expect_rc 4 "a second demo into a demo store is refused"
expect_eq "$(dump_of "$WORK/B.db")" "$before" "the refused second demo wrote nothing"

# The bulk demo writes each ticket once in its final state: the store checks clean, has
# every index a fresh store has, and answers reports.
run demo --bulk --seed 7 --days 3 --per-day 60 --end "$END" --db "$WORK/bulk.db"
expect_rc 0 "demo --bulk fills a fresh store"
run db check --db "$WORK/bulk.db"
expect_rc 0 "db check passes on the bulk demo store"
expect_eq "$(index_list "$WORK/bulk.db")" "$(index_list "$WORK/A.db")" "the bulk demo store has every index of a demo store, as defined"
bulk_tickets=$(sqlite3 "$WORK/bulk.db" "SELECT count(*) FROM ticket")
[ "$bulk_tickets" -ge 120 ] && [ "$bulk_tickets" -le 360 ] && pass || failure "about 60 tickets a day for 3 days: got $bulk_tickets"
expect_eq "$(sqlite3 "$WORK/bulk.db" "SELECT count(*) FROM ticket t WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'ticket' AND a.entity_id = t.id AND a.action = 'open')")" \
    "0" "every bulk ticket has its open event"
run kpi --db "$WORK/bulk.db" --since 2026-11-17 --until 2026-11-21 --metrics created --no-header --now "$END"
expect_eq "$(printf '%s\n' "$OUT" | cut -f2)" "$bulk_tickets" "kpi counts the bulk demo's tickets from its indexes"

# =======================================================================================
# 7. Bad demo flags
# =======================================================================================
run demo --days 0 --per-day 40 --end "$END" --db "$WORK/bad1.db"
expect_rc 2 "--days 0 is a usage error"
expect_err_has "--days" "the error names --days"
run demo --days 3 --per-day -1 --end "$END" --db "$WORK/bad2.db"
expect_rc 2 "--per-day -1 is a usage error"
expect_err_has "--per-day" "the error names --per-day"
run demo --days 3 --per-day 40 --end garbage --db "$WORK/bad3.db"
expect_rc 2 "--end garbage is a usage error"
expect_err_has "--end" "the error names --end"
run demo --days 3661 --per-day 40 --end "$END" --db "$WORK/bad4.db"
expect_rc 2 "--days above 3660 is a usage error"
bad_tickets=0
for f in "$WORK"/bad[1-4].db; do
    [ -e "$f" ] && bad_tickets=$((bad_tickets + $(sqlite3 "$f" "SELECT count(*) FROM ticket" 2>/dev/null || echo 0)))
done
expect_eq "$bad_tickets" "0" "bad demo flags create no tickets"

finish
