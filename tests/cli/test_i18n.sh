#!/bin/bash
# Messages in Chinese: with a zh_CN locale (or --lang zh_CN) help, errors, warnings, table
# headings and reports are Chinese; LANG=C or --lang en gives English; and what scripts read
# (tsv/csv/json, field names, enum values, exit codes) is the same byte for byte in both.
source "$(dirname "$0")/lib.sh"

zh() { LANG=zh_CN.UTF-8 run "$@"; }
en() { LANG=C run "$@"; }

run db init
expect_rc 0 "db init"
"$SVC" -q agent add tester --name 测试 --role manager --team 售后 >/dev/null
"$SVC" -q agent add lead --name 周敏 --role supervisor --team 售后 >/dev/null
C=$("$SVC" customer add --name 张伟 --phone 13800001234)
T=$("$SVC" -q --now 2026-11-16T09:00 ticket open --channel phone --kind complaint --customer "$C" --category 物流 --summary '没收到取件码')
"$SVC" -q --now 2026-11-16T10:00 ticket respond "$T" '已为您重发取件码' >/dev/null
"$SVC" -q --now 2026-11-17T10:00 ticket resolve "$T" --resolution '已重发' --cause logistics
# A promise broken in the week, whose state the review reports.
T2=$("$SVC" -q --now 2026-11-18T09:00 ticket open --channel phone --kind complaint --customer "$C" --category 物流 --summary '又没收到')
"$SVC" -q --now 2026-11-18T09:05 followup add "$T2" --kind promise --due 2026-11-19T15:00 --note '下午三点前回电' >/dev/null
"$SVC" -q --now 2026-11-17T11:00 --as lead review action add --text '取件码短信改为下单即发' --due 2026-11-30 >/dev/null

# Piped output is the same in both languages, for every kind of command.
same=0
while IFS= read -r line; do
    [ -z "$line" ] && continue
    read -r -a words <<<"$line"
    LANG=C "$SVC" "${words[@]}" >"$WORK/en.out" 2>/dev/null
    en_rc=$?
    LANG=zh_CN.UTF-8 "$SVC" "${words[@]}" >"$WORK/zh.out" 2>/dev/null
    zh_rc=$?
    if cmp -s "$WORK/en.out" "$WORK/zh.out" && [ "$en_rc" = "$zh_rc" ]; then
        same=$((same + 1))
    else
        failure "the same output and exit code under LANG=C and zh_CN: svc $line ($en_rc/$zh_rc)"
        diff "$WORK/en.out" "$WORK/zh.out" | head -5 >&2
    fi
done <<EOF2
ticket list
ticket list --format csv
ticket list --format json
ticket show $T
ticket show $T --format json
ticket show 9999
customer list
customer show $C --format json
agent list
followup list
kpi --period 2026-11 --format json
kpi --period 2026-11
kpi --list
review weekly --week 2026-W47 --format json
review weekly --week 2026-W47 --format json --appendix $WORK/complaints.csv
review action list
policy show
db stats --format json
ticket list --status nonsense
EOF2
expect_eq "$same" "19" "19 commands print the same for scripts in both languages"
LANG=C run review weekly --week 2026-W47 --format json
expect_out_has '"state":"open at week end"' "the review's JSON has the broken promise (in English in both languages)"

# What people read is Chinese.
zh ticket --help
expect_out_has "用法" "help's usage line"
expect_out_has "新建工单" "a verb's description"
zh ticket list --help
expect_out_has "全局选项" "the global options of a verb's help"
zh ticket show 9999
expect_rc 3 "not found is exit 3 in Chinese too"
expect_err_has "svc: 错误：" "the error prefix"
expect_err_has "9999" "the error keeps its value"
zh ticket list --status nonsense
expect_rc 2 "bad input is exit 2 in Chinese too"
expect_err_has "--status" "a Chinese error still names the flag"
zh survey import "$WORK/no/such/file.csv"
expect_rc 2 "a file that cannot be read"
case "$ERR" in *"$WORK/no/such/file.csv"*) pass ;; *) failure "the error names the file: $ERR" ;; esac
case "$ERR" in *'??'*) failure "the C library's reason is not question marks: $ERR" ;; *) pass ;; esac
zh tickt list
expect_rc 2 "a mistyped noun"
expect_err_has "ticket" "the suggestion in Chinese names the noun"
zh --format table ticket list
expect_out_has "状态" "a table's headings"
zh --format tsv ticket list
expect_out_has "status" "tsv keeps the field names"
zh ticket show "$T" --format table
expect_out_has "时间线" "a record's section title"
zh review weekly --week 2026-W47
expect_out_has "每周投诉分析会 2026-W47" "the review's title"
expect_out_lacks "Headline" "no English section titles"

# Choosing the language.
zh --lang en ticket show 9999
expect_err_has "svc: error:" "--lang en under a Chinese locale"
en --lang zh_CN ticket show 9999
expect_err_has "svc: 错误：" "--lang zh_CN under LANG=C"
en --lang=zh ticket show 9999
expect_err_has "svc: 错误：" "--lang=zh means Simplified Chinese"
LANG=C LANGUAGE=zh_CN run ticket show 9999
expect_err_has "svc: error:" "LANGUAGE is not heeded under a C locale (gettext's rule)"
LANG=en_US.UTF-8 LANGUAGE=zh_CN:en run ticket show 9999
expect_err_has "svc: 错误：" "LANGUAGE picks among languages otherwise"
LC_ALL=C LANG=zh_CN.UTF-8 run ticket show 9999
expect_err_has "svc: error:" "LC_ALL over LANG"
before=$(dump)
run --lang fr ticket list
expect_rc 2 "a language svc does not speak"
expect_err_has "--lang" "the error names --lang"
expect_err_has "fr" "and the value"
expect_eq "$(dump)" "$before" "nothing written"

finish
