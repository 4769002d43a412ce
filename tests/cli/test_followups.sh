#!/usr/bin/env bash
# Follow-ups through the real binary on a fixed clock (Monday 2026-11-23 10:00 +08:00):
# promises kept and broken, callbacks, the states open/due/overdue/done/cancelled, the
# ticket's broken_promises and followups section; revisits scheduled at resolve on the
# business calendar, one per ticket, for complaint and after-sales only, and the
# unsatisfied revisit that reopens its ticket; `followup due` for cron (once, --remind-again,
# --within, --assignee, JSONL when piped) and --notify with a failing then succeeding
# command; repeating care reminders; the refusals and their exit codes; agents; and the
# churn warning of `customer at-risk`. Each part has a store of its own.
source "$(dirname "$0")/lib.sh"

# col N: "id:value" of column N of each row of a `followup list --no-header` in $OUT.
col() { printf '%s\n' "$OUT" | cut -f1,"$1" | tr '\t' ':' | tr '\n' ' ' | sed 's/ $//'; }
states() { col 7; }

# =======================================================================================
# 1. Promises and callbacks: kept, late, broken; states (Monday 2026-11-23 10:00)
# =======================================================================================
run db init
expect_rc 0 "db init creates the store"
run customer add --name 张伟 --phone 13800001234
CUST=$OUT
run ticket open --channel email --kind complaint --summary '快递三天没到' --customer "$CUST"
T=$OUT

run followup add "$T" --kind promise --due 2026-11-23T15:00 --note '下午三点前退款'
expect_rc 0 "a promise is recorded"
expect_out "1" "followup add prints the id alone"
expect_err_has "promise 1 due 2026-11-23T15:00:00+08:00" "stderr names the kind, the id and the due time"
P_KEPT=$OUT
run followup add "#$T" --kind callback --due 10m --note '核实后回电'
expect_rc 0 "a callback in ten minutes (TICKET written as #N)"
expect_err_has "callback 2 due 2026-11-23T10:10:00+08:00" "--due 10m is ten minutes from the clock's now"
CB=$OUT
run followup add "$T" --kind promise --due 2026-11-23T11:00 --note '十一点前补发'
P_BROKEN=$OUT
run followup add "$T" --kind promise --due 2026-11-23T23:59 --note '今晚前发快递单号'
P_TONIGHT=$OUT
run followup add "$T" --kind promise --due 2026-11-24T00:00 --note '明天给发票'
P_TOMORROW=$OUT
run followup add "$T" --kind promise --due 2026-11-25T10:00 --note '后天回访物流' --assignee chen.jie
expect_rc 0 "--assignee names anyone while no agent is registered"
P_OTHER=$OUT

run followup list --no-header
expect_rc 0 "followup list"
expect_eq "$(states)" "$CB:due $P_BROKEN:due $P_KEPT:due $P_TONIGHT:due $P_TOMORROW:open $P_OTHER:open" \
    "in due-time order: due later today is 'due', from tomorrow 00:00 on 'open'"
run followup list --format jsonl --ticket "$T" --kind callback
expect_out '{"id":'"$CB"',"kind":"callback","ticket":'"$T"',"customer_id":'"$CUST"',"assignee":"tester","due":"2026-11-23T10:10:00+08:00","state":"due","broken":false,"done_at":null,"on_time":null,"unsatisfied":false,"outcome":null,"note":"核实后回电","every":null,"reminded_at":null}' \
    "a follow-up as JSONL carries every field"
run followup list --assignee chen.jie --no-header
expect_eq "$(states)" "$P_OTHER:open" "--assignee filters by the keeper"
run followup list --assignee me --no-header
expect_eq "$(rows)" "5" "--assignee me is the acting login"

# The callback is done ten minutes late: done, not on time, broken.
run --now 2026-11-23T10:20 followup done "$CB" --outcome '回电晚了十分钟'
expect_rc 0 "a late callback is done"
expect_out "" "followup done prints nothing"
# At the due time the promise is overdue, but broken only once its due time has passed.
run --now 2026-11-23T11:00 followup list --no-header --ticket "$T"
expect_eq "$(states)" "$CB:done $P_BROKEN:overdue $P_KEPT:due $P_TONIGHT:due $P_TOMORROW:open $P_OTHER:open" \
    "a follow-up is overdue from its due time on"
run --now 2026-11-23T11:00 followup list --broken --no-header
expect_eq "$(col 8)" "$CB:true" "at 11:00 only the late callback is broken"
run --now 2026-11-23T11:00:01 followup list --broken --no-header
expect_eq "$(col 8)" "$CB:true $P_BROKEN:true" "a second after its due time the open promise is broken"
# The kept promise.
run --now 2026-11-23T14:00 followup done "$P_KEPT" --outcome '已退款, 顾客确认'
expect_rc 0 "the promise is kept"
run --now 2026-11-23T14:00 followup list --format jsonl --kind promise --ticket "$T" --period 2026-11-23..2026-11-23T15:01
expect_out '{"id":'"$P_BROKEN"',"kind":"promise","ticket":'"$T"',"customer_id":'"$CUST"',"assignee":"tester","due":"2026-11-23T11:00:00+08:00","state":"overdue","broken":true,"done_at":null,"on_time":null,"unsatisfied":false,"outcome":null,"note":"十一点前补发","every":null,"reminded_at":null}
{"id":'"$P_KEPT"',"kind":"promise","ticket":'"$T"',"customer_id":'"$CUST"',"assignee":"tester","due":"2026-11-23T15:00:00+08:00","state":"done","broken":false,"done_at":"2026-11-23T14:00:00+08:00","on_time":true,"unsatisfied":false,"outcome":"已退款, 顾客确认","note":"下午三点前退款","every":null,"reminded_at":null}' \
    "the promise open past its due time is overdue and broken; the kept one is done on time (--period)"
run --now 2026-11-23T14:00 followup list --broken --format jsonl
expect_out_has '"id":'"$CB"',"kind":"callback"' "--broken lists the late callback"
expect_out_has '"id":'"$P_BROKEN"',"kind":"promise"' "--broken lists the promise open past its due time"
expect_out_lacks '"id":'"$P_KEPT"',' "--broken leaves out the kept promise"
expect_eq "$(rows)" "2" "two broken promises"
run --now 2026-11-23T14:00 followup list --overdue --no-header
expect_eq "$(states)" "$P_BROKEN:overdue" "--overdue: open and past due"
run --now 2026-11-23T14:00 followup list --open --no-header
expect_eq "$(states)" "$P_BROKEN:overdue $P_TONIGHT:due $P_TOMORROW:open $P_OTHER:open" "--open: not done or cancelled"
run --now 2026-11-23T14:00 followup list --period 2026-11-24 --no-header
expect_eq "$(states)" "$P_TOMORROW:open" "--period: due within the period"
run --now 2026-11-23T14:00 followup list --customer 13800001234 --no-header
expect_eq "$(rows)" "6" "--customer takes a phone number"
run --now 2026-11-23T14:00 followup cancel "$P_OTHER" --reason '顾客改为到店自提'
expect_rc 0 "a follow-up is cancelled"
expect_out "" "followup cancel prints nothing"
run --now 2026-11-23T14:00 followup list --no-header --kind promise --ticket "$T"
expect_out_has "$P_OTHER	promise	$T	$CUST	chen.jie	2026-11-25T10:00:00+08:00	cancelled	false" "the cancelled promise is cancelled, not broken"

# The ticket shows its broken promises and its follow-ups.
run --now 2026-11-23T14:00 ticket show "$T" --format json
expect_out_has '"broken_promises":2,' "ticket show counts the broken promises"
expect_out_has '"followups":[{"id":'"$CB"',"kind":"callback","ticket":'"$T"',"customer_id":'"$CUST"',"assignee":"tester","due":"2026-11-23T10:10:00+08:00","state":"done","broken":true,"done_at":"2026-11-23T10:20:00+08:00","on_time":false,' \
    "the followups section lists the ticket's follow-ups with their state"
expect_out_has '"event":"followup_add","text":"promise '"$P_KEPT"' for tester due 2026-11-23T15:00:00+08:00: 下午三点前退款"' "the timeline shows the promise"
expect_out_has '"event":"followup_done","text":"callback '"$CB"' done late: 回电晚了十分钟"' "the timeline says the callback was late"
expect_out_has '"event":"followup_done","text":"promise '"$P_KEPT"' done: 已退款, 顾客确认"' "the timeline shows the kept promise"
expect_out_has '"event":"followup_cancel","text":"promise '"$P_OTHER"' cancelled: 顾客改为到店自提"' "the timeline shows the cancellation"

# =======================================================================================
# 2. Refusals: usage (2), not found (3), refused (4); nothing written
# =======================================================================================
before=$(dump)
run followup add "$T" --kind visit --due 1d --note '回访'
expect_rc 2 "an unknown --kind is a usage error"
expect_err_has "--kind: unknown value 'visit'" "the error names the kind"
run followup add --customer "$CUST" --kind promise --due 1d --note '退款'
expect_rc 2 "a promise without a ticket is a usage error"
expect_err_has "a promise belongs to a ticket" "the error says a promise needs a ticket"
run followup add --kind callback --due 1d --note '回电'
expect_rc 2 "a callback without a ticket is a usage error"
run followup add --kind care --due 1d --note '关怀'
expect_rc 2 "a care reminder without ticket or customer is a usage error"
expect_err_has "TICKET or --customer" "the error says what a care reminder needs"
run followup add "$T" --kind promise --due 1d --every 7d --note '每周退款?'
expect_rc 2 "--every on a promise is a usage error"
expect_err_has "only care reminders repeat" "the error says only care reminders repeat"
run followup add --customer "$CUST" --kind care --due 1d --every 12h --note '一天两次'
expect_rc 2 "--every under a day is a usage error"
expect_err_has "at most daily" "the error says reminders repeat at most daily"
run followup add "$T" --kind promise --due 2026-11-23T09:00 --note '已经过去'
expect_rc 2 "--due in the past is a usage error"
expect_err_has "--due: 2026-11-23T09:00:00+08:00 is not in the future" "the error names the due time"
run followup add "$T" --kind callback --due now --note '马上'
expect_rc 2 "--due now is not in the future either"
run followup add "$T" --kind callback --due -5m --note '五分钟前'
expect_rc 2 "a negative duration is in the past"
run followup add "$T" --kind promise --due someday --note '有空再说'
expect_rc 2 "a bad --due is a usage error"
run followup add "$T" --kind promise --due 1d --note '   '
expect_rc 2 "a blank --note is a usage error"
run followup add "$T" --kind promise --due 1d
expect_rc 2 "--note is required"
run followup add "$T" --kind promise --due 1d --note "$(printf 'x%.0s' $(seq 501))"
expect_rc 2 "a --note over 500 bytes is a usage error"
run followup add 999 --kind promise --due 1d --note '退款'
expect_rc 3 "a promise on an unknown ticket: not found"
expect_err_has "ticket 999 not found" "the error names the ticket"
run followup add --customer 13999999999 --kind care --due 1d --note '关怀'
expect_rc 3 "a care reminder for an unknown customer: not found"
run followup done 999 --outcome '已回电'
expect_rc 3 "done on an unknown follow-up id: not found"
expect_err_has "follow-up 999 not found" "the error names the follow-up"
run followup cancel 999 --reason '不需要了'
expect_rc 3 "cancel on an unknown follow-up id: not found"
run followup done abc --outcome '已回电'
expect_rc 2 "a follow-up id that is not a number is a usage error"
before_noop=$(dump)
run followup done "$CB" --outcome '又回电了一次'
expect_rc 0 "done twice is a no-op"
expect_err_has "follow-up $CB is already done; nothing changed" "which says so"
run followup cancel "$P_OTHER" --reason '再取消一次'
expect_rc 0 "cancelling a cancelled follow-up is a no-op"
expect_err_has "follow-up $P_OTHER is already cancelled; nothing changed" "which says so"
expect_eq "$(dump)" "$before_noop" "the no-ops wrote nothing"
run followup cancel "$CB" --reason '取消已完成的'
expect_rc 4 "cancelling a done follow-up is refused"
expect_err_has "follow-up $CB is done: 'cancel' is not possible" "the refusal names the follow-up and its state"
run followup done "$P_TONIGHT" --outcome '已发单号' --unsatisfied
expect_rc 2 "--unsatisfied on a promise is a usage error"
expect_err_has "--unsatisfied: only a revisit" "the error says only revisits are satisfied or not"
run followup done "$P_TONIGHT"
expect_rc 2 "--outcome is required"
run followup cancel "$P_TONIGHT"
expect_rc 2 "--reason is required"
run followup list --kind visit
expect_rc 2 "list --kind with an unknown kind is a usage error"
run followup list --period 2026-W77
expect_rc 2 "a bad --period is a usage error"
run followup list --customer 13999999999
expect_rc 3 "list --customer of an unknown customer: not found"
run followup due --within -5m
expect_rc 2 "a negative --within is a usage error"
run followup due --notify
expect_rc 2 "--notify without a notify.command is a usage error"
expect_err_has "notify.command" "the error names notify.command"
expect_eq "$(dump)" "$before" "refused follow-up commands wrote nothing"
run followup list --ticket 999
expect_rc 0 "a ticket without follow-ups gives an empty list"
run --now 2026-11-23T14:05 ticket resolve "$T" --resolution '已退款'
run --now 2026-11-23T14:10 ticket close "$T"
before=$(dump)
run --now 2026-11-23T14:15 followup add "$T" --kind promise --due 1d --note '再补一张券'
expect_rc 4 "a promise on a closed ticket is refused"
expect_err_has "ticket $T is closed" "the refusal says the ticket is closed"
expect_eq "$(dump)" "$before" "the refused promise on a closed ticket wrote nothing"

# =======================================================================================
# 3. Revisits (回访): scheduled at resolve on the business calendar, for the owner
# =======================================================================================
use_store revisit
run customer add --name 李娜 --phone 13900002222
C2=$OUT
run --as wang.fang ticket open --channel email --kind complaint --summary '洗衣机漏水' --customer "$C2"
R1=$OUT
run --as wang.fang ticket open --channel email --kind after-sales --summary '上门安装' --customer "$C2"
R2=$OUT
run --as wang.fang ticket open --channel email --kind inquiry --summary '保修几年' --customer "$C2"
R3=$OUT
run ticket assign "$R1" chen.jie
# Resolved by chen.jie on Monday at 13:10, in the lunch break: one working day runs from
# 13:30 to Tuesday 13:30.
run --as chen.jie --now 2026-11-23T13:10 ticket resolve "$R1" --resolution '已上门维修'
expect_rc 0 "the complaint is resolved"
run --now 2026-11-23T13:10 followup list --ticket "$R1" --format jsonl
expect_out '{"id":1,"kind":"revisit","ticket":'"$R1"',"customer_id":'"$C2"',"assignee":"wang.fang","due":"2026-11-24T13:30:00+08:00","state":"open","broken":false,"done_at":null,"on_time":null,"unsatisfied":false,"outcome":null,"note":"回访: 洗衣机漏水","every":null,"reminded_at":null}' \
    "resolving a complaint schedules a revisit for the owner, due one working day later (Tue 13:30)"
REV1=1
run --now 2026-11-23T13:10 ticket show "$R1" --format json
expect_out_has '"event":"followup_add","text":"revisit '"$REV1"' for wang.fang due 2026-11-24T13:30:00+08:00: 回访: 洗衣机漏水"' \
    "the scheduled revisit is on the ticket's timeline"
run --now 2026-11-23T16:00 ticket resolve "$R2" --resolution '已安装'
run --now 2026-11-23T16:00 ticket resolve "$R3" --resolution '保修三年'
run --now 2026-11-23T16:00 followup list --kind revisit --no-header
expect_eq "$(col 3)" "$REV1:$R1 2:$R2" "after-sales gets a revisit too; an inquiry does not"
expect_out_has "2	revisit	$R2	$C2	wang.fang	2026-11-24T16:00:00+08:00	open" "resolved Mon 16:00: due Tue 16:00"
# Reopened, the ticket's pending revisit is cancelled; resolved again, it gets a new one.
run --now 2026-11-23T16:10 ticket reopen "$R2" --reason '安装后有异响'
run --now 2026-11-23T16:20 ticket resolve "$R2" --resolution '已重新固定'
run --now 2026-11-23T16:20 followup list --ticket "$R2" --no-header
expect_eq "$(col 6)" "2:2026-11-24T16:00:00+08:00 3:2026-11-24T16:20:00+08:00" \
    "a reopen cancels the pending revisit and the next resolution schedules a new one"
expect_out_has "2	revisit	$R2	$C2	wang.fang	2026-11-24T16:00:00+08:00	cancelled" "the old revisit is cancelled"
REV2=3

# The customer is not satisfied: the ticket is reopened with the outcome as the reason.
run --as wang.fang --now 2026-11-24T11:00 followup done "$REV1" --outcome '顾客说还在漏水' --unsatisfied
expect_rc 0 "an unsatisfied revisit is done"
expect_out "" "nothing on stdout"
expect_err_has "reopened" "stderr says the ticket is reopened"
run --now 2026-11-24T11:00 ticket show "$R1" --format json
expect_out_has '"id":'"$R1"',"status":"open",' "the ticket is open again"
expect_out_has '"reopen_count":1,' "reopen_count is 1"
expect_out_has '"event":"followup_done","text":"revisit '"$REV1"' done, customer unsatisfied: 顾客说还在漏水"' "the timeline shows the unsatisfied revisit"
expect_out_has '"event":"reopen","text":"reopened: 回访不满意: 顾客说还在漏水; resolution due' "the timeline shows the reopen with its reason"
expect_out_has '"unsatisfied":true,"outcome":"顾客说还在漏水"' "the revisit keeps unsatisfied and the outcome"
# Resolved again: its revisit was done, so a new one is scheduled.
run --now 2026-11-26T14:00 ticket resolve "$R1" --resolution '已更换水泵'
run --now 2026-11-26T14:00 followup list --ticket "$R1" --kind revisit --no-header
expect_eq "$(col 6)" "$REV1:2026-11-24T13:30:00+08:00 4:2026-11-27T14:00:00+08:00" \
    "the next resolution schedules a new revisit (Thu 14:00 + one working day = Fri 14:00)"
# A satisfied revisit leaves the ticket resolved.
run --now 2026-11-27T10:00 followup done "$REV2" --outcome '顾客满意'
expect_rc 0 "a satisfied revisit is done"
expect_eq "$(q "SELECT status || ':' || reopen_count FROM ticket WHERE id = $R2")" "resolved:1" "a satisfied revisit does not reopen the ticket"
# A closed ticket is reopened by an unsatisfied revisit too.
run --now 2026-12-01T14:00 ticket close "$R1"
run --now 2026-12-01T14:30 followup done 4 --outcome '又漏了' --unsatisfied
expect_rc 0 "an unsatisfied revisit of a closed ticket"
expect_eq "$(q "SELECT status || ':' || reopen_count FROM ticket WHERE id = $R1")" "open:2" "the closed ticket is reopened"

# An unsatisfied revisit of a ticket that is open already (reopened by hand before the
# visit) reopens nothing, and does not say it did.
run --as wang.fang --now 2026-12-02T10:00 ticket open --channel email --kind complaint --summary '冰箱不制冷' --customer "$C2"
R4=$OUT
run --now 2026-12-02T10:10 ticket resolve "$R4" --resolution '已远程指导'
run --now 2026-12-02T10:20 ticket reopen "$R4" --reason '顾客来电说还是不行'
REV4=$(q "SELECT id FROM followup WHERE ticket_id = $R4 AND kind = 'revisit'")
expect_eq "$(q "SELECT state FROM followup WHERE id = $REV4")" "cancelled" "reopening by hand cancels the pending revisit"
run --now 2026-12-02T10:30 followup add "$R4" --kind revisit --due 2026-12-02T11:00 --note '再次回访'
REV4=$OUT
run --now 2026-12-02T10:40 followup done "$REV4" --outcome '顾客仍不满意' --unsatisfied
expect_rc 0 "an unsatisfied revisit of an open ticket is done"
expect_eq "$(q "SELECT status || ':' || reopen_count FROM ticket WHERE id = $R4")" "open:1" "an open ticket is not reopened again"
case "$ERR" in
    *"ticket is reopened"*) failure "an unsatisfied revisit of an already open ticket must not claim it reopened the ticket" ;;
    *) pass ;;
esac

# An unsatisfied revisit whose outcome is valid (at most 500 bytes) reopens its ticket even
# when the outcome with the 17 bytes of "回访不满意: " in front is longer than a reason may be.
run --as wang.fang --now 2026-12-02T11:00 ticket open --channel email --kind complaint --summary '空调异响' --customer "$C2"
R5=$OUT
run --now 2026-12-02T11:10 ticket resolve "$R5" --resolution '已清洗'
REV5=$(q "SELECT id FROM followup WHERE ticket_id = $R5 AND kind = 'revisit'")
LONG=$(printf '很%.0s' $(seq 162))  # 486 bytes; with the prefix 503
run --now 2026-12-02T11:20 followup done "$REV5" --outcome "$LONG" --unsatisfied
expect_rc 0 "an unsatisfied revisit with a 486-byte outcome (a valid --outcome) is done and reopens the ticket"
case "$ERR" in
    *"--reason"*) failure "followup done must not complain about --reason, which it does not take" ;;
    *) pass ;;
esac
expect_eq "$(q "SELECT status || ':' || reopen_count FROM ticket WHERE id = $R5")" "open:1" "the long unsatisfied revisit reopens the ticket"

# =======================================================================================
# 4. followup due: reminders for cron
# =======================================================================================
use_store due
run customer add --name 王磊 --phone 13700003333
run ticket open --channel email --kind inquiry --summary '发票抬头' --customer 1
D=$OUT
run followup add "$D" --kind callback --due 10m --note '回电确认抬头'
F1=$OUT
run followup add "$D" --kind promise --due 30m --note '半小时内开票'
F2=$OUT
run followup add "$D" --kind promise --due 2h --note '中午前寄出' --assignee chen.jie
F3=$OUT
FU1='{"id":'"$F1"',"kind":"callback","ticket":'"$D"',"customer_id":1,"assignee":"tester","due":"2026-11-23T10:10:00+08:00","state":"overdue","broken":false,"done_at":null,"on_time":null,"unsatisfied":false,"outcome":null,"note":"回电确认抬头","every":null,"reminded_at":null}'

run followup due --now 2026-11-23T10:09:59
expect_rc 0 "nothing due yet"
expect_out "" "followup due with nothing due prints nothing"
expect_eq "$ERR" "" "and says nothing on stderr"
run followup due --now 2026-11-23T10:10
expect_rc 0 "followup due"
expect_out "$FU1" "the follow-up due now is reminded, as one JSON line when piped"
expect_eq "$(q "SELECT reminded_at FROM followup WHERE id = $F1")" "1795399800" "it is marked reminded at now (2026-11-23T10:10:00+08:00 in Unix seconds)"
run followup due --now 2026-11-23T10:11
expect_rc 0 "a second run"
expect_out "" "a follow-up is reminded once: the second run prints nothing"
run followup due --now 2026-11-23T10:12 --remind-again
expect_out_has '"id":'"$F1"',"kind":"callback"' "--remind-again reminds it again"
expect_out_has '"state":"overdue","broken":true' "the state and broken are those at now"
expect_out_has '"reminded_at":"2026-11-23T10:10:00+08:00"' "reminded_at shows the previous reminder"
expect_eq "$(rows)" "1" "--remind-again: only what is due"
run followup due --now 2026-11-23T10:12 --within 15m
expect_out "" "--within 15m at 10:12 reaches 10:27, not the promise due 10:30"
run followup due --now 2026-11-23T10:15 --within 15m
expect_out_has '"id":'"$F2"',"kind":"promise"' "--within 15m at 10:15 reminds the promise due 10:30"
expect_out_has '"state":"due"' "before its due time it is 'due'"
expect_eq "$(rows)" "1" "the callback reminded already is not repeated"
run followup due --now 2026-11-23T10:16 --within 2h --assignee me
expect_out "" "--assignee me: nothing left for tester"
run followup due --now 2026-11-23T10:16 --within 2h --format table
expect_out_has "ID" "--format table has a header"
expect_out_has "中午前寄出" "--format table lists chen.jie's promise"
run followup due --now 2026-11-23T10:17 --within 1d --remind-again --assignee chen.jie --format tsv --no-header
expect_eq "$(col 5)" "$F3:chen.jie" "--assignee LOGIN, with --format tsv instead of JSONL"
run followup done "$F2" --now 2026-11-23T10:20 --outcome '已开票'
run followup due --now 2026-11-23T10:30 --remind-again --within 1d --format tsv --no-header
expect_eq "$(col 5)" "$F1:tester $F3:chen.jie" "a done follow-up is not reminded"
# The user config's output.format counts as a chosen format.
mkdir -p "$HOME/.config/svc"
printf '[output]\nformat = "csv"\n' >"$HOME/.config/svc/config.toml"
run followup due --now 2026-11-23T10:31 --remind-again
expect_out_has "id,kind,ticket" "with output.format in the user config the piped output is CSV"
rm -f "$HOME/.config/svc/config.toml"

# --notify: the pager is unreachable until the marker exists.
use_store notify
use_flaky_notify
run customer add --name 赵敏 --phone 13600004444
run ticket open --channel email --kind inquiry --summary '换货进度' --customer 1
N=$OUT
run followup add "$N" --kind callback --due 2026-11-23T10:40 --note '回电告知进度'
NF=$OUT
NLINE='{"id":'"$NF"',"kind":"callback","ticket":'"$N"',"customer_id":1,"assignee":"tester","due":"2026-11-23T10:40:00+08:00","state":"overdue","broken":true,"done_at":null,"on_time":null,"unsatisfied":false,"outcome":null,"note":"回电告知进度","every":null,"reminded_at":null}'
run followup due --notify --now 2026-11-23T10:40
expect_rc 1 "a failed notification makes the run exit 1"
expect_out "" "the undelivered reminder is not printed"
expect_err_has "notify failed: follow-up $NF" "stderr names the follow-up"
expect_err_has "tried again by the next run" "stderr says it will be tried again"
expect_eq "$(q "SELECT CAST(reminded_at IS NULL AS integer) FROM followup WHERE id = $NF")" "1" "the failed reminder is left unmarked"
expect_eq "$(lines "$WORK/notify.log")" "0" "nothing was delivered"
# The failure names the command's exit status 1, as the sweep does, not the raw wait
# status 256.
expect_err_has "status 1" "the failure names the command's exit status 1"
case "$ERR" in *"status 256"*) failure "the failure must not name the raw wait status 256" ;; *) pass ;; esac
touch "$WORK/marker"
run followup due --notify --now 2026-11-23T10:45
expect_rc 0 "the next run delivers"
expect_out "$NLINE" "the delivered reminder is printed"
expect_eq "$(cat "$WORK/notify.log")" "{\"delivery_id\":\"reminder-$NF-1\",${NLINE#\{}" "the notify command got the follow-up as one JSON line, with its delivery id first"
run followup due --notify --now 2026-11-23T10:50
expect_rc 0 "a third run"
expect_out "" "a delivered reminder is not sent again"
expect_eq "$(lines "$WORK/notify.log")" "1" "the log still holds one line"

# =======================================================================================
# 5. Care reminders (主动服务): repeating, the next created by done and by cancel
# =======================================================================================
use_store care
run customer add --name 周杰 --phone 13500005555
run followup add --customer 13500005555 --kind care --due 2026-11-30T10:00 --every 7d --note '每周关怀回访'
expect_rc 0 "a weekly care reminder for a customer without a ticket"
K1=$OUT
run followup list --format jsonl
expect_out '{"id":'"$K1"',"kind":"care","ticket":null,"customer_id":1,"assignee":"tester","due":"2026-11-30T10:00:00+08:00","state":"open","broken":false,"done_at":null,"on_time":null,"unsatisfied":false,"outcome":null,"note":"每周关怀回访","every":604800,"reminded_at":null}' \
    "a care reminder has no ticket and repeats every 604800 s"
run --now 2026-12-01T09:00 followup done "$K1" --outcome '已致电问候'
expect_rc 0 "the care reminder is done a day late"
expect_err_has "the next care reminder is 2" "stderr names the next reminder"
run --now 2026-12-01T09:00 followup list --no-header
expect_eq "$(col 6)" "$K1:2026-11-30T10:00:00+08:00 2:2026-12-07T10:00:00+08:00" "done, the next is due one week after the last due time"
expect_eq "$(col 8)" "$K1:false 2:false" "a late care reminder is not a broken promise"
expect_out_has "$K1	care		1	tester	2026-11-30T10:00:00+08:00	done	false	2026-12-01T09:00:00+08:00	false" "it is done, not on time"
run --now 2026-12-20T09:00 followup cancel 2 --reason '顾客出差'
expect_rc 0 "the next is cancelled two weeks later"
expect_err_has "the next care reminder is 3" "cancelling creates the next one too"
run --now 2026-12-20T09:00 followup list --no-header
expect_eq "$(states)" "$K1:done 2:cancelled 3:open" "done, cancelled, open"
expect_eq "$(col 6)" "$K1:2026-11-30T10:00:00+08:00 2:2026-12-07T10:00:00+08:00 3:2026-12-21T10:00:00+08:00" \
    "the due time moves by --every until it is in the future (12-14 passed, so 12-21)"
expect_eq "$(q "SELECT previous_id FROM followup WHERE id = 3")" "2" "the next remembers the previous one"
run --now 2026-12-20T09:00 followup add --customer 1 --kind care --due 2026-12-25 --note '圣诞问候'
K4=$OUT
run --now 2026-12-25T10:00 followup done "$K4" --outcome '已发祝福'
expect_rc 0 "a care reminder without --every is done"
case "$ERR" in *"next care reminder"*) failure "a reminder without --every has no next" ;; *) pass ;; esac
expect_eq "$(q "SELECT count(*) FROM followup")" "4" "no reminder was created after it"
run --now 2026-12-20T09:00 followup add --customer 1 --kind care --due 1d --every 1d --note '每日提醒'
expect_rc 0 "--every 1d is allowed"

# =======================================================================================
# 6. Agents: --assignee must be an active registered agent once agents exist
# =======================================================================================
run --as li.manager agent add li.manager --name 李经理 --role manager
run --as li.manager agent add wang.fang --name 王芳 --role agent
run --as li.manager agent add old.hand --name 老员工 --role agent
run --as li.manager agent update old.hand --inactive
expect_rc 0 "an agent is deactivated"
export SVC_USER=li.manager
before=$(dump)
run --now 2026-12-20T09:00 followup add --customer 1 --kind care --due 1d --note '关怀' --assignee ghost
expect_rc 4 "a bad --assignee is refused once agents exist"
expect_err_has "--assignee: 'ghost' is not an active registered agent" "the refusal names the assignee"
run --now 2026-12-20T09:00 followup add --customer 1 --kind care --due 1d --note '关怀' --assignee old.hand
expect_rc 4 "a deactivated --assignee is refused"
run --as nobody --now 2026-12-20T09:00 followup add --customer 1 --kind care --due 1d --note '关怀'
expect_rc 4 "an unregistered acting login is refused"
run --as nobody followup list
expect_rc 4 "list by an unregistered login is refused"
run --as nobody followup due
expect_rc 4 "due by an unregistered login is refused"
run --as nobody --now 2026-12-21T11:00 followup done 3 --outcome '已问候'
expect_rc 4 "done by an unregistered login is refused"
expect_eq "$(dump)" "$before" "the refused commands wrote nothing"
run --now 2026-12-20T09:00 followup add --customer 1 --kind care --due 1d --note '关怀' --assignee wang.fang
expect_rc 0 "an active agent is a valid --assignee"
export SVC_USER=tester

# =======================================================================================
# 7. Churn warning: customer at-risk (Monday 2026-11-23; window 2026-10-24 10:00 .. now)
# =======================================================================================
use_store risk
run customer add --name 张伟 --phone 13800001234   # two complaints within 30 days
A=$OUT
run customer add --name 李娜 --phone 13900002222   # a broken promise
B=$OUT
run customer add --name 王磊 --phone 13700003333   # one complaint in the window, one before, a kept promise
C=$OUT
run customer add --name 赵敏 --phone 13600004444   # two inquiries
D=$OUT
run --now 2026-11-01T10:00 ticket open --channel email --kind complaint --summary '快递丢件' --customer "$A"
run --now 2026-11-20T10:00 ticket open --channel email --kind complaint --summary '又丢件' --customer "$A"
run --now 2026-10-20T10:00 ticket open --channel email --kind complaint --summary '包装破损' --customer "$C"
run --now 2026-11-20T10:00 ticket open --channel email --kind complaint --summary '少发配件' --customer "$C"
TC=$OUT
run --now 2026-11-20T10:00 followup add "$TC" --kind promise --due 2026-11-21T10:00 --note '补发配件'
run --now 2026-11-21T09:00 followup done 1 --outcome '已补发'
run --now 2026-11-22T10:00 ticket open --channel phone --kind inquiry --summary '会员积分' --customer "$D"
run --now 2026-11-22T10:00 ticket open --channel phone --kind inquiry --summary '积分兑换' --customer "$D"
run --now 2026-11-22T10:00 ticket open --channel phone --kind inquiry --summary '退款进度' --customer "$B"
TB=$OUT
run --now 2026-11-22T10:00 followup add "$TB" --kind promise --due 2026-11-22T12:00 --note '中午前退款'
PB=$OUT

before=$(dump)
run customer at-risk --no-header
expect_rc 0 "customer at-risk"
expect_out "$A	张伟	standard	138****1234	2 complaints from 2026-10-24 to 2026-11-23	
$B	李娜	standard	139****2222	broken promise $PB (due 2026-11-22T12:00:00+08:00, ticket $TB)	" \
    "two complaints within 30 days, and a broken promise with its id, due time and ticket; the others are not listed"
expect_eq "$(dump)" "$before" "customer at-risk without --reveal writes nothing"
run customer at-risk --format json
expect_out_has '"phone":"138****1234"' "phones are masked"
run customer at-risk --reveal --no-header
expect_out_has "$A	张伟	standard	13800001234	" "--reveal shows the phone"
expect_eq "$(q "SELECT actor || ':' || action || ':' || detail FROM audit WHERE action = 'reveal'")" 'tester:reveal:{"what":"customer at-risk"}' \
    "--reveal is recorded in the audit trail"
run customer at-risk --period 2026-10 --no-header
expect_out "" "--period 2026-10: one complaint, no broken promise, nobody at risk"
run customer at-risk --period 2026-10-15..2026-11-21 --no-header
expect_out "$A	张伟	standard	138****1234	2 complaints from 2026-10-15 to 2026-11-20	
$C	王磊	standard	137****3333	2 complaints from 2026-10-15 to 2026-11-20	" \
    "--period replaces the window: C's October complaint counts, B's promise due 11-22 does not"
run customer at-risk --period 2026-W77
expect_rc 2 "a bad --period is a usage error"
# A promise kept late is a broken promise too; a third reason for B.
run --now 2026-11-23T10:00 followup add "$TB" --kind callback --due 5m --note '确认到账后回电'
run --now 2026-11-23T10:30 followup done "$PB" --outcome '已退款'
run --now 2026-11-23T10:30 customer at-risk --no-header
expect_out_has "$B	李娜	standard	139****2222	broken promise $PB (due 2026-11-22T12:00:00+08:00, ticket $TB); broken callback 3 (due 2026-11-23T10:05:00+08:00, ticket $TB)" \
    "a promise done late and a callback open past its due time are both reasons"

# =======================================================================================
# Clock times and reminders in working time (国庆 2026)
# =======================================================================================
use_store clock
run customer add --name 周敏 --phone 13300007777
run --now 2026-09-30T15:00 ticket open --channel phone --kind complaint --summary '节前投诉' --customer 13300007777
K=$OUT
run --now 2026-09-30T15:00 ticket respond "$K" '今天 18:00 前给您回电' --promise 18:00
expect_rc 0 "--promise takes a clock time"
expect_err_has "due 2026-09-30T18:00:00+08:00" "18:00 is today's"
run --now 2026-09-30T15:00 ticket respond "$K" '明天上午十点回电' --promise 'tomorrow 10:00'
expect_err_has "due 2026-10-01T10:00:00+08:00" "tomorrow 10:00 is the next day's, even a holiday: a promise keeps its time"
run --now 2026-09-30T15:00 ticket respond "$K" '下午两点回电' --promise 14:00
expect_rc 2 "a promise in the past is bad input"
expect_err_has "--promise: 2026-09-30T14:00:00+08:00 is not in the future" "the error names the flag and the time"
run --now 2026-09-30T15:00 ticket respond "$K" '几点回电' --promise 'tomorrow noon'
expect_rc 2 "a time that is no time is bad input"
expect_err_has "--promise" "the error names the flag"
run --now 2026-09-30T15:00 followup add "$K" --kind callback --due 'tomorrow 09:30' --note '核实后回电'
expect_rc 0 "followup add --due takes tomorrow 09:30"
run --now 2026-09-30T15:00 followup list --ticket "$K" --kind callback --format tsv --no-header
expect_out_has "2026-10-01T09:30:00+08:00" "the callback is due at 09:30 on 1 October"
# A care reminder on a date falls in the first duty hour of the day, not at midnight; one
# repeating every 7 days that lands on a holiday night moves to that day's duty hours.
run --now 2026-09-30T15:00 followup add --customer 13300007777 --kind care --due 2026-10-03 --note '节日问候'
C1=$OUT
run --now 2026-09-30T15:00 followup list --kind care --format tsv --no-header
expect_out_has "2026-10-03T09:00:00+08:00" "a care reminder for 3 October is due at 09:00, when the holiday duty starts"
run --now 2026-09-30T15:00 followup add --customer 13300007777 --kind care --due 2026-09-30T20:00 --every 7d --note '每周关怀'
C2=$OUT
run --now 2026-09-30T15:00 followup list --kind care --format tsv --no-header
expect_out_has "$C2	care		1	tester	2026-10-01T09:00:00+08:00	open" "20:00 is after hours: the reminder waits for 09:00 the next day"
run --now 2026-10-01T09:10 followup done "$C2" --outcome '已问候'
run --now 2026-10-01T09:10 followup list --kind care --format tsv --no-header --open
expect_out_has "	care		1	tester	2026-10-08T09:00:00+08:00	open" "the next one, 7 days on, is in working time too"

finish
