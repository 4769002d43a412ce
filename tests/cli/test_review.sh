#!/usr/bin/env bash
# The weekly complaint review through the real binary on a fixed clock (Monday 2026-11-23
# 10:00 +08:00, so the default week is 2026-W47 = 2026-11-16 .. 2026-11-23): every section's
# figures from a hand-built week, the recurring-issue threshold, the week's edges (Monday
# 00:00 in, the next Monday 00:00 out), reproducibility after later changes, Markdown, HTML
# and JSON; action items and quality inspection with their refusals and exit codes, and
# nothing written on error.
source "$(dirname "$0")/lib.sh"

# j EXPR: a Python expression over the JSON document in $OUT (bound to d).
j() { printf '%s' "$OUT" | python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
epoch() { date -d "$1" +%s; }

run db init
run agent add tester --name 测试主管 --role manager
run agent add lead --name 组长 --role supervisor
run agent add wang --name 王芳 --role agent
expect_rc 0 "agents are registered"
run customer add --name 张伟 --phone 13800000001
C1=$OUT
run customer add --name 李娜 --phone 13800000002
C2=$OUT
run customer add --name 王强 --phone 13800000003
C3=$OUT
run customer add --name 赵敏 --phone 13800000004
C4=$OUT

open_at() {  # open_at WHEN CUSTOMER CATEGORY SUMMARY [more flags…]: prints the ticket id
    local at=$1 cust=$2 cat=$3 sum=$4
    shift 4
    "$SVC" --now "$at" ticket open --channel email --kind complaint --customer "$cust" --category "$cat" \
        --summary "$sum" --need solution --mood angry "$@"
}

# The week before (2026-W46): one complaint, resolved in it.
P1=$(open_at 2026-11-10T10:00 "$C4" 物流 '快递五天还没到')
"$SVC" -q --now 2026-11-10T12:00 ticket resolve "$P1" --resolution '已补发' --cause logistics

# 2026-W47. A at Monday 00:00 exactly: inside the week.
A=$(open_at 2026-11-16T00:00 "$C1" 物流 '一直没收到取件码, 取不了快递')
B=$(open_at 2026-11-17T09:00 "$C2" 物流 '没收到取件码短信')
C=$(open_at 2026-11-18T09:00 "$C3" 物流 '取件码一直收不到')
D=$(open_at 2026-11-19T09:00 "$C1" 质量 '屏幕有划痕' --as wang)
E=$(open_at 2026-11-19T15:00 "$C4" 质量 '屏幕有划痕, 要求换货' --as wang)
F=$(open_at 2026-11-20T09:00 "$C2" 服务 '客服说好回电, 结果没人联系')
# X at the next Monday 00:00: not in the week.
X=$(open_at 2026-11-23T00:00 "$C2" 物流 '取件码又没收到')
expect_eq "$X" "8" "eight tickets were opened"

"$SVC" -q --now 2026-11-16T08:00 ticket resolve "$A" --resolution '已补发取件码' --cause logistics
CB=$("$SVC" -q --now 2026-11-17T10:00 followup add "$B" --kind callback --due 2026-11-17T12:00 --note '核实后回电')
"$SVC" -q --now 2026-11-17T11:00 followup done "$CB" --outcome '已回电'
"$SVC" -q --now 2026-11-17T11:30 ticket resolve "$B" --resolution '已补发取件码' --cause logistics
"$SVC" -q --now 2026-11-18T09:30 escalate "$C" --reason '顾客第三次来电'
"$SVC" -q --now 2026-11-18T10:00 ticket resolve "$C" --resolution '已补发取件码' --cause logistics
"$SVC" -q --now 2026-11-18T12:00 ticket close "$B"
"$SVC" -q --now 2026-11-19T10:00 ticket close "$C"
"$SVC" -q --now 2026-11-19T10:00 --as wang ticket resolve "$D" --resolution '已换货' --cause product
"$SVC" -q --now 2026-11-19T11:00 --as wang ticket compensate "$D" --amount 30 --kind coupon
"$SVC" -q --now 2026-11-20T08:00 --as wang ticket resolve "$E" --resolution '已换货' --cause product
"$SVC" -q --now 2026-11-20T09:30 --as wang ticket compensate "$E" --amount 200 --kind refund --exception '顾客是老人, 先退款安抚'
"$SVC" -q --now 2026-11-20T10:00 ticket close "$D"
"$SVC" -q --now 2026-11-20T10:00 escalate "$F" --reason '顾客要求主管回电'
PROMISE=$("$SVC" -q --now 2026-11-20T10:00 followup add "$F" --kind promise --due 2026-11-20T15:00 --note '下午三点前回电')
expect_eq "$(q "SELECT count(*) FROM compensation WHERE exception IS NOT NULL")" "1" "one compensation over authority"

# Survey answers (the survey command lives on another branch): two in the week, one the
# week before, one exactly at the next Monday 00:00 (not in the week).
survey() {  # survey TICKET CUSTOMER ANSWERED CSAT NPS COMMENT
    q "INSERT INTO survey (ticket_id, customer_id, agent, channel, sent_at, sent_by, state, answered_at, csat, nps, comment)
       VALUES ($1, $2, 'tester', 'sms', $(epoch "$3") - 3600, 'tester', 'answered', $(epoch "$3"), $4, $5, $6)"
}
survey "$A" "$C1" 2026-11-17T10:00+08:00 5 10 NULL
survey "$B" "$C2" 2026-11-18T12:00+08:00 1 2 "'取件码到现在都没收到, 很失望'"
survey "$P1" "$C4" 2026-11-11T10:00+08:00 4 8 NULL
survey "$D" "$C1" 2026-11-23T00:00+08:00 1 0 "'不在本周的评价'"

# Action items: agreed at earlier reviews.
run --now 2026-11-03T10:00 review action add --text '旧事项' --week 2026-W44
AI_OLD=$OUT
run --now 2026-11-05T10:00 review action done "$AI_OLD"
run --now 2026-11-10T10:00 review action add --text '取件码短信改为下单即发' --owner lead --due 2026-11-18 --ticket "$P1"
expect_rc 0 "review action add"
expect_out "2" "action add prints the id alone"
AI_OVERDUE=$OUT
run --now 2026-11-10T10:00 review action add --text '培训: 回电承诺要登记' --due 2026-11-30
AI_OPEN=$OUT
run --now 2026-11-10T10:00 review action add --text '质检表加一项: 主动告知补偿' --owner wang --due 2026-11-20
AI_DONE=$OUT
run --now 2026-11-19T10:00 --as wang review action done "$AI_DONE" --note '已加入质检表'
expect_rc 0 "the owner closes their own action item"
expect_eq "$(q "SELECT week FROM review_action WHERE id = $AI_OVERDUE")" "2026-W45" "--week defaults to the last complete week"

# Quality inspection in the week.
run --now 2026-11-20T10:00 review score "$B" --score 80 --note '回电及时'
expect_rc 0 "review score"
expect_eq "$(q "SELECT agent || ' ' || inspector || ' ' || score FROM qa_score WHERE ticket_id = $B")" "tester tester 80" \
    "the score is credited to the owner, the inspector is the acting agent"
run --now 2026-11-21T10:00 review score "$C" --score 91
expect_rc 0 "second score"

# =======================================================================================
# The report, JSON
# =======================================================================================
run review weekly --format json
expect_rc 0 "review weekly --format json"
printf '%s' "$OUT" | python3 -m json.tool >/dev/null
expect_eq "$?" "0" "the JSON report parses"
expect_eq "$(j 'd["week"], d["start"], d["end"]')" "2026-W47 2026-11-16T00:00:00+08:00 2026-11-23T00:00:00+08:00" \
    "the default week is the last complete ISO week"
expect_eq "$(j 'd["headline"]["complaints"], d["headline"]["complaints_previous"], d["headline"]["complaints_average_4_weeks"], d["headline"]["average_weeks"]')" \
    "6 1 1 1" "complaints: the Monday 00:00 one in, the next Monday's out; the average is over the one week before with tickets (W43-W45 had none)"
expect_eq "$(j 'd["headline"]["resolved"], d["headline"]["resolved_previous"], d["headline"]["backlog"], d["headline"]["backlog_previous"]')" \
    "5 1 1 0" "resolved in the week, and the backlog at each week's end"
expect_eq "$(j 'd["headline"]["csat"], d["headline"]["csat_previous"], d["headline"]["nps"], d["headline"]["nps_previous"]')" \
    "50 100 0 0" "CSAT and NPS of the week's answers (the one at the next Monday 00:00 left out)"
expect_eq "$(j '[x["complaints"] for x in d["per_day"]]')" "[1, 1, 1, 2, 1, 0, 0]" "complaints per day"
expect_eq "$(j '[x["complaints"] for x in d["trend"]]')" "[0, 0, 0, 0, 0, 0, 1, 6]" "8-week trend"
expect_eq "$(j '[(x["value"], x["complaints"], x["previous"], x["change"]) for x in d["breakdown"]["category"]]')" \
    "[('物流', 3, 1, 2), ('质量', 2, 0, 2), ('服务', 1, 0, 1)]" "by category, biggest risers first"
expect_eq "$(j '[(x["value"], x["complaints"], x["change"]) for x in d["breakdown"]["cause"]]')" \
    "[('logistics', 3, 2), ('product', 2, 2), (None, 1, 1)]" "by cause (an unresolved complaint has none yet)"
expect_eq "$(j '[(x["value"], x["complaints"]) for x in d["breakdown"]["mood"]]')" "[('angry', 6)]" "by mood"
expect_eq "$(j '[(x["category"], x["cause"], x["tickets"], x["customers"]) for x in d["recurring"]]')" \
    "[('物流', 'logistics', [$A, $B, $C], 3)]" "3 of a kind is recurring, 2 (质量/product) is not"
expect_eq "$(j 'd["recurring"][0]["shared_words"]')" "['取件码', '一直', '没收到取件码']" "shared by at least half the group (2 of 3), adjacent pairs joined: 取件码"
expect_eq "$(j '[(x["customer_id"], x["complaints_in_week"]) for x in d["customers_at_risk"] if x["complaints_in_week"] > 0]')" \
    "[($C1, 2), ($C2, 2), ($C4, 1)]" "repeat complainers with their complaints in the week"
expect_eq "$(j '"; ".join(x["reasons"][-1] for x in d["customers_at_risk"] if x["customer_id"] == '"$C2"')')" \
    "broken promise $PROMISE (due 2026-11-20T15:00:00+08:00, ticket $F)" "a broken promise is a reason"
expect_eq "$(j '[(x["ticket"], x["met_at"]) for x in d["sla_breaches"] if x["target"] == "first_response" and x["ticket"] == '"$F"']')" \
    "[($F, None)]" "a first response due in the week and never given is a breach"
expect_eq "$(j '[x for x in d["sla_breaches"] if x["ticket"] == '"$X"']')" "[]" "next week's ticket has no breach in this week"
expect_eq "$(j '[(x["level"], x["raised"], x["met"], x["open"]) for x in d["escalation_levels"]]')" "[(1, 2, 1, 1)]" \
    "escalations by level: one solution met, one still open"
expect_eq "$(j '[(x["ticket"], x["outcome"]) for x in d["escalations"]]')" "[($C, 'met'), ($F, 'overdue')]" "escalation outcomes"
expect_eq "$(j '[(x["id"], x["ticket"], x["state"]) for x in d["broken_promises"]]')" "[($PROMISE, $F, 'open at week end')]" \
    "the promise not kept is broken; the callback done in time is not"
expect_eq "$(j '[(x["kind"], x["level"], x["count"], x["amount"]) for x in d["compensation"]]')" \
    "[('coupon', 0, 1, 30), ('refund', 0, 1, 200)]" "compensation by kind and level"
expect_eq "$(j '[(x["ticket"], x["agent"], x["amount"], x["limit"], x["reason"]) for x in d["exceptions"]]')" \
    "[($E, 'wang', 200, 50, '顾客是老人, 先退款安抚')]" "the exception over authority with its reason"
expect_eq "$(j '[(x["ticket"], x["csat"], x["comment"]) for x in d["detractors"]]')" \
    "[($B, 1, '取件码到现在都没收到, 很失望')]" "detractor comments verbatim, the week's only"
expect_eq "$(j '[(x["id"], x["state"]) for x in d["actions"]]')" "[($AI_OVERDUE, 'overdue'), ($AI_OPEN, 'open'), ($AI_DONE, 'done')]" \
    "action items: overdue, open, then done in the week; done before the week left out"
expect_eq "$(j 'd["qa"]["inspected"], d["qa"]["average"]')" "2 85.5" "QA: the week's inspections and their average"

# --week names the week; the global --format json gives JSON too.
run --format json review weekly --week 2026-W46
expect_eq "$(j 'd["week"], d["headline"]["complaints"], d["headline"]["backlog"]')" "2026-W46 1 0" "--week 2026-W46 (global --format json)"

# Replies against the wording rules in the week, per agent (as the KPIs count them).
LANG_T=$("$SVC" -q --now 2026-11-20T10:00 --as lead ticket open --channel email --kind inquiry --summary '咨询发票' --customer "$C4")
"$SVC" -q --now 2026-11-20T10:05 --as lead ticket respond "$LANG_T" '这个我不知道' --force
"$SVC" -q --now 2026-11-20T10:10 --as lead ticket respond "$LANG_T" '我们会尽快处理'
run --format json review weekly
expect_eq "$(j 'd["reply_language"]')" "[{'agent': 'lead', 'forced': 1, 'vague': 1}]" "reply_language: forced and vague replies per agent"
run review weekly
expect_out_has "1 sent with an avoided phrase (--force), 1 with a vague time commitment" "and in the Markdown"

# =======================================================================================
# Markdown and HTML
# =======================================================================================
run review weekly
expect_rc 0 "Markdown by default"
expect_out_has "# Weekly complaint review 2026-W47" "the Markdown title"
expect_out_has "| complaints | 6 | 1 | +5 |" "the headline row"
expect_out_has "| 物流 | logistics | 3 | 3 | 取件码 · 一直 · 没收到取件码 | #$A, #$B, #$C |" "the recurring issue row"
expect_out_has "> 取件码到现在都没收到, 很失望" "the detractor's comment quoted"
expect_out_lacks "generated" "no generation time in the body"

run review weekly --format html -o "$WORK/r.html"
expect_rc 0 "HTML to a file"
expect_out "" "nothing on stdout with -o"
H=$(cat "$WORK/r.html")
case "$H" in *'<meta charset="utf-8">'*) pass ;; *) failure "the HTML declares utf-8" ;; esac
case "$H" in *'lang="zh-CN"'*) pass ;; *) failure "the HTML is marked zh-CN" ;; esac
case "$H" in *'<svg'*) pass ;; *) failure "the HTML has inline SVG charts" ;; esac
case "$H" in *'@page'*'A4'*) pass ;; *) failure "the HTML prints on A4" ;; esac
case "$H" in *'<script'*) failure "the HTML has no script" ;; *) pass ;; esac
case "$H" in *'http://'* | *'https://'*) failure "the HTML loads nothing from the network" ;; *) pass ;; esac
expect_eq "$(grep -c '取件码' "$WORK/r.html")" "$(grep -c '取件码' "$WORK/r.html")" "the HTML holds the Chinese text"
# Escaping: a summary with markup comes out as text.
run --now 2026-11-22T09:00 ticket open --channel email --kind complaint --customer "$C3" --category '<b>测试</b>' --summary '<script>alert(1)</script> & "引号"'
T_ESC=$OUT
run review weekly --format html
expect_out_has '&lt;b&gt;测试&lt;/b&gt;' "text is escaped in HTML"
expect_out_lacks '<script>' "no markup from the data"
run review weekly
expect_out_has '\<b\>测试\</b\>' "Markdown escapes angle brackets"

# The appendix: every complaint of the week, folded away in HTML; or a CSV of its own.
case "$H" in *'<details><summary><h2>Appendix: the week'*) pass ;; *) failure "the HTML folds the appendix away" ;; esac
run review weekly --format json
N_COMPLAINTS=$(j 'len(d["complaint_tickets"])')
run review weekly --format html -o "$WORK/r2.html" --appendix "$WORK/complaints.csv"
expect_rc 0 "--appendix FILE"
expect_eq "$(head -1 "$WORK/complaints.csv" | tr -d '\r')" "id,created_at,customer_id,owner,category,cause,need,mood,summary" "the appendix CSV's header"
expect_eq "$(($(lines "$WORK/complaints.csv") - 1))" "$N_COMPLAINTS" "one line for each of the week's complaints"
case "$(cat "$WORK/r2.html")" in *"Written to $WORK/complaints.csv"*) pass ;; *) failure "the report says where the appendix went" ;; esac
run review weekly --appendix -
expect_rc 2 "--appendix - (the report has stdout)"
expect_err_has "--appendix" "the error names --appendix"
run review weekly --appendix "$WORK/no/such/dir/c.csv" -o "$WORK/r3.html"
expect_rc 2 "an appendix that cannot be written"
[ ! -e "$WORK/r3.html" ] && pass || failure "no report written when its appendix cannot be"

# =======================================================================================
# Reproducibility: changes after the week do not change its report.
# =======================================================================================
"$SVC" review weekly >"$WORK/md1"
"$SVC" review weekly --format json >"$WORK/json1"
"$SVC" review weekly --format html >"$WORK/html1"
"$SVC" -q --now 2026-11-24T10:00 ticket reopen "$A" --reason '顾客说还是没收到'
"$SVC" -q --now 2026-11-24T10:00 --as lead review action done "$AI_OVERDUE" --note '已上线'
"$SVC" -q --now 2026-11-24T10:00 review score "$E" --score 70 >/dev/null
"$SVC" -q --now 2026-11-24T10:00 review action add --text '下周的事项' >/dev/null
"$SVC" -q --now 2026-11-25T10:00 followup done "$PROMISE" --outcome '晚了一天才回电'
"$SVC" --now 2026-12-01T10:00 review weekly --week 2026-W47 >"$WORK/md2"
"$SVC" --now 2026-12-01T10:00 review weekly --week 2026-W47 --format json >"$WORK/json2"
"$SVC" --now 2026-12-01T10:00 review weekly --week 2026-W47 --format html >"$WORK/html2"
cmp -s "$WORK/md1" "$WORK/md2"; expect_eq "$?" "0" "the Markdown report is the same a week later, after later changes"
cmp -s "$WORK/json1" "$WORK/json2" || diff <(tr "{" "\n" <"$WORK/json1") <(tr "{" "\n" <"$WORK/json2") >&2; cmp -s "$WORK/json1" "$WORK/json2"; expect_eq "$?" "0" "the JSON report is the same a week later"
cmp -s "$WORK/html1" "$WORK/html2"; expect_eq "$?" "0" "the HTML report is the same a week later"
run --now 2026-12-01T10:00 review weekly --week 2026-W48 --format json
expect_eq "$(j 'd["headline"]["complaints"], d["qa"]["inspected"]')" "1 1" "the next week has the Monday 00:00 complaint and the later score"

# The threshold: a third 质量/product complaint in the week makes it recurring.
G=$(open_at 2026-11-22T09:00 "$C3" 质量 '屏幕有划痕, 第二次了')
"$SVC" -q --now 2026-11-22T10:00 ticket resolve "$G" --resolution '已换货' --cause product
run review weekly --format json
expect_eq "$(j '[(x["category"], x["cause"], len(x["tickets"])) for x in d["recurring"]]')" \
    "[('物流', 'logistics', 3), ('质量', 'product', 3)]" "a group reaching 3 becomes a recurring issue"
expect_eq "$(j 'd["recurring"][1]["shared_words"]')" "['屏幕有划痕']" "the shared phrase of the new group"

# =======================================================================================
# Refusals: exit codes, nothing written
# =======================================================================================
BEFORE=$(dump)
run review weekly --format pdf
expect_rc 2 "unknown report format"
expect_err_has "--format: unknown report format 'pdf'" "the error names the flag and value"
run review weekly --week 2026-11-16
expect_rc 2 "a day is not a week"
expect_err_has "--week: '2026-11-16' is not an ISO week" "the error names --week"
run --as wang review action add --text '越权'
expect_rc 4 "an agent may not record action items"
run review action add --text '不存在的工单' --ticket 999
expect_rc 3 "a missing ticket"
expect_err_has "--ticket: ticket 999 not found" "names the ticket"
run review action add --text 'x' --week 2026-11
expect_rc 2 "--week must be a week"
run review action add --text 'x' --due someday
expect_rc 2 "a bad --due"
run review action add --text 'x' --owner nobody
expect_rc 3 "an unregistered owner"
run review action done "$AI_DONE"
expect_rc 4 "done twice is a conflict"
expect_err_has "action item $AI_DONE is already done" "says so"
run review action done 999
expect_rc 3 "a missing action item"
run --as wang review action done "$AI_OPEN"
expect_rc 4 "an agent may not close someone else's action item"
run review score "$F" --score 80
expect_rc 4 "an open ticket is not inspected"
run review score "$B" --score 80
expect_rc 4 "a ticket is inspected once"
run review score "$D" --score 101
expect_rc 2 "a score above 100"
expect_err_has "--score: 101 is not between 0 and 100" "names --score"
run review score "$D" --score -1
expect_rc 2 "a negative score"
run review score 999 --score 50
expect_rc 3 "a missing ticket"
run --as wang review score "$D" --score 50
expect_rc 4 "an agent may not inspect"
run --as wang review sample
expect_rc 4 "an agent may not draw the sample"
run review sample --count 0
expect_rc 2 "--count 0"
expect_eq "$(dump)" "$BEFORE" "nothing was written by the refused commands"

# =======================================================================================
# Action list, sample
# =======================================================================================
run --now 2026-11-25T10:00 review action list --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f1,2 | tr '\t' ':' | tr '\n' ' ')" \
    "$AI_OLD:done $AI_OVERDUE:done $AI_OPEN:open $AI_DONE:done 5:open " "action list with states (now)"
run --now 2026-11-25T10:00 review action list --open --no-header
expect_eq "$(rows)" "2" "--open"
run --now 2026-12-01T00:00 review action list --overdue --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f1)" "$AI_OPEN" "--overdue: open and past due"
run --format json review action list --open
printf '%s' "$OUT" | python3 -m json.tool >/dev/null
expect_eq "$?" "0" "action list as JSON"

run review sample --period 2026-W47 --no-header
expect_rc 0 "review sample"
expect_eq "$(printf '%s\n' "$OUT" | cut -f1 | tr '\n' ' ')" "$D " "closed in the week and not yet inspected (B and C were scored)"
q "DELETE FROM qa_score"
run review sample --period 2026-W47 --count 2 --seed 7 --no-header
S1=$OUT
run review sample --period 2026-W47 --count 2 --seed 7 --no-header
expect_eq "$OUT" "$S1" "same seed, same store: same sample"
expect_eq "$(rows)" "2" "--count 2"
run review sample --period 2026-W47 --count 1 --per-agent --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f2 | tr '\n' ' ')" "tester wang " "--per-agent: --count of each owner"
run review sample --period 2026-W47 --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f1 | tr '\n' ' ')" "$B $C $D " "fewer candidates than --count: all of them"

# Audit trail
expect_eq "$(q "SELECT count(*) FROM audit WHERE entity = 'review_action' AND action = 'add'")" "5" "every action item added is audited"
expect_eq "$(q "SELECT count(*) FROM audit WHERE entity = 'review_action' AND action = 'done'")" "3" "every action item done is audited"
expect_eq "$(q "SELECT count(*) FROM audit WHERE entity = 'qa_score'")" "3" "every score is audited"

# =======================================================================================
# Fit to print: a busy centre's week (the demo: about 500 complaints) on two to four A4
# pages, in English and in Chinese, no table wider than the page. The HTML is the same on
# both engines, so this runs once.
# =======================================================================================
browser=$(command -v chromium || command -v chromium-browser || true)
case ${SVC_TEST_BROWSER:-auto} in
skip) browser="" ;;
require) [ -n "$browser" ] || failure "chromium is not installed (SVC_TEST_BROWSER=require)" ;;
esac
if ! sqlite_only || [ -z "$browser" ]; then
    echo "note: the printing checks were skipped (chromium not installed, SVC_TEST_BROWSER=skip, or not SQLite)" >&2
else
    "$SVC" --db "$WORK/busy.db" demo --end 2026-12-06 --quiet >/dev/null
    # A probe run at the printed page's width (A4 less the margins: 182 mm = 688 px) says
    # which tables are wider than the page.
    probe='<script>addEventListener("load", () => {
      const bad = [];
      for (const t of document.querySelectorAll("table"))
        if (t.getBoundingClientRect().right > innerWidth + 1) bad.push(t.closest("section").id);
      if (document.documentElement.scrollWidth > innerWidth) bad.push("page");
      const r = document.createElement("div"); r.id = "overflow"; r.textContent = bad.join(";") || "none";
      document.body.appendChild(r);
    });</script>'
    for lang in en zh_CN; do
        "$SVC" --db "$WORK/busy.db" --lang "$lang" --now 2026-12-07T09:00 review weekly --week 2026-W49 --format html \
            -o "$WORK/busy-$lang.html" 2>/dev/null
        "$browser" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
            --print-to-pdf="$WORK/busy-$lang.pdf" "file://$WORK/busy-$lang.html" 2>/dev/null
        pages=$(grep -ao '/Type /Pages[^>]*/Count [0-9]*\|/Count [0-9]*' "$WORK/busy-$lang.pdf" | grep -o '[0-9]*$' | head -1)
        if [ "${pages:-0}" -ge 2 ] && [ "$pages" -le 4 ]; then pass; else
            failure "the review of a busy week prints on 2 to 4 A4 pages ($lang): $pages"; fi
        awk -v probe="$probe" '/<\/body>/ { print probe } { print }' "$WORK/busy-$lang.html" >"$WORK/probe-$lang.html"
        "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=688,1000 \
            --virtual-time-budget=1000 --dump-dom "file://$WORK/probe-$lang.html" 2>/dev/null >"$WORK/dom-$lang.html"
        expect_eq "$(sed -n 's/.*<div id="overflow">\([^<]*\)<.*/\1/p' "$WORK/dom-$lang.html")" "none" \
            "no table wider than the printed page ($lang)"
    done
    case "$(cat "$WORK/busy-zh_CN.html")" in *'每周投诉分析'*) pass ;; *) failure "the Chinese review has Chinese headings" ;; esac
fi

# Completion and help
run __complete review ''
expect_out_has "weekly" "completion lists weekly"
expect_out_has "action" "completion lists action"
expect_out_has "sample" "completion lists sample"
run review weekly --help
expect_out_has "Example" "weekly --help has an example"

finish
