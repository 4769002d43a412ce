#!/usr/bin/env bash
# The knowledge base and the reply check through the real binary on a fixed clock (Monday
# 2026-11-23 10:00 +08:00): add/show/list, full-text search in Chinese and mixed text (a
# two-character query, ranking), versions and history, retire, placeholders in replies,
# each rule of the reply check (avoided phrase refused and nothing written, --force
# recorded, vague warned, --promise tracked, customer messages unchecked), kb lint on a file
# and on stdin, and a policy with a bad [language] section.
source "$(dirname "$0")/lib.sh"

run db init
expect_rc 0 "db init"

# =======================================================================================
# 1. Entries: add, show, list
# =======================================================================================
run kb add --title '退款到账时间' --body '{customer}您好, 您的退款将在 {due} 前原路退回, 工单号 {ticket}' --tag 退款 --tag 售后 --category 售后
expect_rc 0 "kb add"
expect_out "1" "kb add prints the id alone"
REFUND=$OUT
printf '快递延误了非常抱歉, 我们已联系物流公司, 今天 18:00 前告诉您结果\n' >"$WORK/delay.txt"
run kb add --title '物流延误' --file "$WORK/delay.txt" --tag 物流
expect_rc 0 "kb add --file"
DELAY=$OUT
run kb add --title 'Refund policy' --body 'Refunds go back to the original payment within 3 days. 退款三天内到账' --tag refund <<<""
REFUND_EN=$OUT
OUT=$(printf '关于退款: 订单取消后自动退款\n' | "$SVC" kb add --title '订单取消' --file - --category 订单 2>/dev/null)
expect_eq "$OUT" "4" "kb add --file - reads standard input"
CANCEL=$OUT

run kb add --title '空的' --body '   '
expect_rc 2 "an empty body is refused"
expect_err_has "--body" "the refusal names the flag"
run kb add --title 'x' --body 'a' --file "$WORK/delay.txt"
expect_rc 2 "--body and --file together are refused"
run kb add --title 'x'
expect_rc 2 "a body is required"
run kb add --title 'x' --body 'y' --tag 'a,b;c'
expect_rc 2 "a tag with a semicolon is refused"

run kb show "$REFUND" --format json
expect_rc 0 "kb show"
expect_out '{"id":1,"title":"退款到账时间","category":"售后","tags":"售后,退款","version":1,"state":"active","created_at":"2026-11-23T10:00:00+08:00","created_by":"tester","updated_at":"2026-11-23T10:00:00+08:00","updated_by":"tester","retired_at":null,"retired_by":null,"retire_reason":null,"body":"{customer}您好, 您的退款将在 {due} 前原路退回, 工单号 {ticket}"}' \
    "kb show as JSON: every field"
run kb show 99
expect_rc 3 "an unknown entry is not found"
run kb show abc
expect_rc 2 "a bad id is a usage error"

run kb list --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f1,2 | tr '\t' ':' | tr '\n' ' ')" "1:退款到账时间 2:物流延误 3:Refund policy 4:订单取消 " "kb list by id"
run kb list --tag 退款 --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f1 | tr '\n' ' ')" "1 " "kb list --tag"
run kb list --category 订单 --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f1 | tr '\n' ' ')" "4 " "kb list --category"

# =======================================================================================
# 2. Search: Chinese, mixed, two characters, ranking
# =======================================================================================
ids() { printf '%s\n' "$OUT" | cut -f2 | tr '\n' ' '; }
run kb search 原路退回 --no-header
expect_rc 0 "kb search"
expect_eq "$(ids)" "1 " "a Chinese phrase of four characters goes through the index"
expect_out_has "[原路退回]" "the snippet marks the match"
run kb search '退款 refund' --no-header
expect_eq "$(ids)" "3 " "mixed text: every word must occur (退款 as a substring, refund through the index)"
run kb search REFUND --no-header
expect_eq "$(ids)" "3 " "Latin letters ignore case"
run kb search 退款 --no-header
expect_rc 0 "a two-character query"
expect_eq "$(ids)" "1 3 4 " "two characters: a substring match over the same rows, newest first (same time: by id)"
expect_out_has "[退款]" "a substring hit has a snippet too"
run kb search 快递延误 --no-header
expect_eq "$(ids)" "2 " "a body match"
# Ranking: a title match weighs ten times a body match; of two title matches, the shorter
# title ranks first (bm25 normalises by length).
run kb add --title '退款到账说明' --body '到账时间因银行而异'
TITLE_HIT=$OUT
run kb add --title '银行说明' --body '退款到账时间因银行而异, 一般 3 个工作日'
BODY_HIT=$OUT
run kb search 退款到账 --no-header
if sqlite_only; then
    expect_eq "$(printf '%s\n' "$OUT" | cut -f1,2 | tr '\t' ':' | tr '\n' ' ')" "1:$TITLE_HIT 2:1 3:$BODY_HIT " \
        "bm25 ranking: the entries with the words in their title first"
else
    # PostgreSQL ranks by occurrences the same way, without FTS5's own lengths.
    expect_eq "$(printf '%s\n' "$OUT" | cut -f2 | sort | tr '\n' ' ')" "$(printf '%s\n' 1 "$TITLE_HIT" | sort | tr '\n' ' ')$BODY_HIT " \
        "the entries with the words in their title first"
fi
run kb search 退款到账 --limit 1 --no-header
expect_eq "$(rows)" "1" "--limit"
run kb search '  '
expect_rc 2 "an empty search is refused"
run kb search '"退款'
expect_rc 0 "a quote in the search is text, not FTS syntax"

# =======================================================================================
# 3. Versions
# =======================================================================================
run --now 2026-11-23T11:00 --as wang kb update "$REFUND" --body '{customer}您好, 退款将在 3 个工作日内到账 ({ticket})'
expect_rc 0 "kb update"
expect_err_has "knowledge-base entry 1 is now version 2" "the new version is named"
run kb show "$REFUND" --history --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f1-3 | tr '\t' ':' | tr '\n' ' ')" \
    "1:2026-11-23T10:00:00+08:00:tester 2:2026-11-23T11:00:00+08:00:wang " "history lists both versions with who and when"
run kb history "$REFUND" --no-header
expect_eq "$(rows)" "2" "kb history is show --history"
run kb show "$REFUND" --version 1 --format json
expect_out_has '"version":1' "--version 1"
expect_out_has '"body":"{customer}您好, 您的退款将在 {due} 前原路退回, 工单号 {ticket}"' "--version 1 shows the old body"
run kb show "$REFUND" --format json
expect_out_has '"version":2,' "show: the current version"
expect_out_has '"updated_by":"wang"' "show: who changed it last"
run kb show "$REFUND" --version 3
expect_rc 3 "a version that does not exist is not found"
run --now 2026-11-23T11:00 kb update "$REFUND" --body '{customer}您好, 退款将在 3 个工作日内到账 ({ticket})'
expect_rc 2 "an update that changes nothing is refused"
run --now 2026-11-23T11:00 kb update "$REFUND" --tag 退款
expect_rc 0 "--tag replaces the tags"
run kb show "$REFUND" --format json
expect_out_has '"tags":"退款","version":3' "tags are part of the version"
run kb search 原路退回 --no-header
expect_eq "$(rows)" "0" "the index follows the update: the old body is no longer found"
run kb search 工作日内 --no-header
expect_eq "$(ids)" "1 " "the new body is found"

# =======================================================================================
# 4. Placeholders and replies with --kb
# =======================================================================================
run customer add --name 张伟 --phone 13800001234
CUST=$OUT
run ticket open --channel email --kind complaint --summary '退款没到账' --customer "$CUST"
T=$OUT
run --now 2026-11-23T12:00 kb add --title '处理时限' --body '{customer}您好, 我是{agent}, 工单 {ticket} ({summary}) 将在 {due} 前处理完毕, {{谢谢}}'
DUE_KB=$OUT
run --now 2026-11-23T12:00 ticket respond "$T" --kb "$DUE_KB"
expect_rc 0 "respond --kb"
run --now 2026-11-23T12:00 ticket show "$T" --format json
expect_out_has "张伟您好, 我是tester, 工单 $T (退款没到账) 将在 2026-11-24 10:00 前处理完毕, {谢谢}" \
    "placeholders filled: {due} is the resolution deadline (one working day) in the policy zone"
expect_out_has "reply from kb $DUE_KB v1" "the timeline names the entry and its version"
expect_eq "$(q "SELECT kb_id, forced, vague FROM reply_check WHERE ticket_id = $T")" "$DUE_KB|0|0" "the reply check is kept"
run --now 2026-11-23T12:00 kb add --title '坏模板' --body '{customer}您好, 请拨打 {phone}'
BAD_KB=$OUT
BEFORE=$(dump)
run --now 2026-11-23T12:05 ticket respond "$T" --kb "$BAD_KB"
expect_rc 2 "an unknown placeholder is refused"
expect_err_has "{phone}" "the refusal names the placeholder"
expect_eq "$(dump)" "$BEFORE" "nothing written"
run --now 2026-11-23T12:05 ticket respond "$T" --kb 99
expect_rc 3 "an unknown entry is not found"
run --now 2026-11-23T12:05 ticket respond "$T" '好的' --kb "$DUE_KB"
expect_rc 2 "TEXT and --kb together are refused"

# =======================================================================================
# 5. Retire
# =======================================================================================
run --now 2026-11-23T12:10 kb retire "$DUE_KB" --reason '时限话术已更新'
expect_rc 0 "kb retire"
run kb list --no-header
expect_out_lacks "处理时限" "a retired entry is hidden from the list"
run kb list --all --no-header
expect_out_has "处理时限" "--all shows it"
expect_out_has "retired" "with its state"
run kb search 处理完毕 --no-header
expect_eq "$(rows)" "0" "a retired entry is hidden from searches"
run kb search 处理完毕 --all --no-header
expect_eq "$(ids)" "$DUE_KB " "--all finds it"
BEFORE=$(dump)
run --now 2026-11-23T12:15 ticket respond "$T" --kb "$DUE_KB"
expect_rc 4 "a retired entry is refused as a reply"
expect_err_has "retired" "the refusal says why"
expect_eq "$(dump)" "$BEFORE" "nothing written"
run --now 2026-11-23T12:15 kb update "$DUE_KB" --title 'x'
expect_rc 4 "a retired entry cannot be updated"
run --now 2026-11-23T12:15 kb retire "$DUE_KB"
expect_rc 4 "nor retired twice"

# =======================================================================================
# 6. The reply check
# =======================================================================================
BEFORE=$(dump)
run --now 2026-11-23T13:00 ticket respond "$T" '这个我不知道'
expect_rc 4 "an avoided phrase is refused"
expect_err_has "'我不知道'" "the refusal names the phrase"
expect_err_has "我需要帮您核实, 10 分钟内给您回电" "and the alternative"
expect_err_has "首问负责" "and the reason"
expect_eq "$(dump)" "$BEFORE" "nothing written"
run --now 2026-11-23T13:00 ticket respond "$T" '这个我不知道' --force
expect_rc 0 "--force sends it"
expect_err_has "sent with --force" "a warning says it was forced"
expect_eq "$(q "SELECT forced, vague, phrases FROM reply_check WHERE ticket_id = $T ORDER BY id DESC LIMIT 1")" '1|0|["我不知道"]' \
    "the forced reply is recorded with its phrase"

run --now 2026-11-23T13:10 ticket respond "$T" '我们会尽快处理'
expect_rc 0 "a vague time commitment is recorded"
expect_err_has "vague time commitment '尽快'" "with a warning"
expect_err_has "15 分钟内会有售后同事给您打电话" "offering the concrete form"
expect_err_has "--promise" "and --promise"
expect_eq "$(q "SELECT forced, vague FROM reply_check WHERE ticket_id = $T ORDER BY id DESC LIMIT 1")" '0|1' "recorded as vague"

run --now 2026-11-23T13:20 ticket respond "$T" '我们会尽快处理, 15 分钟内给您回电' --promise 15m
expect_rc 0 "--promise"
expect_err_has "promise" "the promise is named"
case "$ERR" in *"vague time commitment"*) failure "no vague warning with --promise" ;; *) pass ;; esac
run followup list --ticket "$T" --kind promise --format jsonl
expect_out_has '"due":"2026-11-23T13:35:00+08:00"' "the promise is due now + 15m"
expect_out_has '"assignee":"tester"' "kept by the replying agent"
expect_out_has '"note":"我们会尽快处理, 15 分钟内给您回电"' "its note is the reply"
expect_eq "$(q "SELECT vague, CAST(promise_id IS NOT NULL AS integer) FROM reply_check WHERE ticket_id = $T ORDER BY id DESC LIMIT 1")" '1|1' \
    "the reply check points to the promise"
run --now 2026-11-23T13:30 ticket respond "$T" '好的' --promise 0m
expect_rc 2 "--promise must be positive"
run --now 2026-11-23T13:30 ticket respond "$T" '好的' --promise soon
expect_rc 2 "--promise must be a duration"

N=$(q "SELECT count(*) FROM reply_check")
run --now 2026-11-23T13:40 ticket respond "$T" --from-customer '我不知道你们在干什么, 没办法了'
expect_rc 0 "a customer's message is never checked"
expect_eq "$(q "SELECT count(*) FROM reply_check")" "$N" "and not recorded as a reply check"
run --now 2026-11-23T13:40 ticket respond "$T" --from-customer '好' --force
expect_rc 2 "--force is for replies only"

run --now 2026-11-23T14:00 kpi --period 2026-11-23 --metrics forced_replies,vague_replies --by agent --no-header
expect_out "2026-11-23	tester	1	2" "the KPIs count the forced and vague replies"

# =======================================================================================
# 7. kb lint
# =======================================================================================
printf '您好, 我来处理\n这个不归我们管\n我们马上处理, 可能明天到\n' >"$WORK/script.txt"
run kb lint "$WORK/script.txt" --no-header
expect_rc 4 "an avoided phrase: exit 4"
expect_out "2	3	avoid	不归我们管	不归我们管	这个问题我来帮您联系负责的同事, 处理结果由我回复您	首问负责制: 接手的人负责到底, 不推诿
3	3	vague	马上	马上	15 分钟内会有售后同事给您打电话	
3	9	vague	可能…[点天]	可能明天	15 分钟内会有售后同事给您打电话	" "one line per finding: line, column, kind, phrase, match, suggestion"
expect_err_has "1 avoided phrase, 2 vague time commitments" "a count on stderr"
OUT=$(printf '请稍后\n' | "$SVC" kb lint - --no-header 2>"$WORK/err"); RC=$?
expect_rc 0 "vague only: exit 0"
expect_eq "$OUT" "1	2	vague	稍后	稍后	15 分钟内会有售后同事给您打电话	" "kb lint - reads standard input"
OUT=$(printf '您好, 今天 18:00 前给您回电\n' | "$SVC" kb lint - 2>"$WORK/err"); RC=$?
expect_rc 0 "clean text: exit 0"
expect_eq "$OUT" "" "clean text prints nothing"
run kb lint "$WORK/missing.txt"
expect_rc 2 "a missing file is a usage error"

# =======================================================================================
# 8. Policy [language]
# =======================================================================================
run policy show
printf '%s\n' "$OUT" | sed 's|{ phrase = "没办法", |{ phrase = "", |' >"$WORK/bad.toml"
LINE=$(grep -n '{ phrase = "", ' "$WORK/bad.toml" | cut -d: -f1)
run policy check "$WORK/bad.toml"
expect_rc 2 "an empty phrase is refused"
expect_err_has "bad.toml:$LINE:14: 'phrase': a phrase must not be empty" "with its line and column"
run policy show
printf '%s\n' "$OUT" | sed 's|^vague_time = \[|vague_time = ["可能[点天", |' >"$WORK/bad2.toml"
run policy check "$WORK/bad2.toml"
expect_rc 2 "a bad pattern is refused"
expect_err_has "'[' without its ']'" "naming the problem"
run policy show
printf '%s\n' "$OUT" | sed 's|^vague_instead = |vague_instaed = |' >"$WORK/bad3.toml"
run policy check "$WORK/bad3.toml"
expect_rc 2 "an unknown key in [language] is refused"
expect_err_has "unknown key 'language.vague_instaed'" "naming it"
# A policy without [language]: replies are not checked.
run policy show
printf '%s\n' "$OUT" | sed '/^\[language\]/,$d' >"$WORK/plain.toml"
run policy load "$WORK/plain.toml"
expect_rc 0 "a policy without [language] loads"
run --now 2026-11-23T15:00 ticket respond "$T" '我不知道'
expect_rc 0 "without [language], nothing is refused"

# =======================================================================================
# 9. The store and completion
# =======================================================================================
run db check
expect_rc 0 "db check passes, the search index included"
if sqlite_only; then
    q "INSERT INTO kb_fts (kb_fts, rowid, title, body) VALUES ('delete', 2, '物流延误', 'wrong text')" 2>/dev/null
    run db check
    expect_rc 5 "a damaged search index is reported"
    expect_out_has "knowledge-base search index" "db check names the index"
    expect_out_has "'rebuild'" "and how to rebuild it"
    q "INSERT INTO kb_fts (kb_fts) VALUES ('rebuild')"
    run db check
    expect_rc 0 "the rebuilt index passes"
fi
run __complete kb ''
expect_out_has "search" "completion knows the kb verbs"
expect_out_has "lint" "all of them"

finish
