#!/usr/bin/env bash
# Tickets through the real binary: SLA deadlines per channel on the business calendar and
# around the clock, opening, replies, holds, transfers, the state machine, list filters,
# masking, the audit trail, policy recomputation and the time-order guard.
source "$(dirname "$0")/lib.sh"

# ids: the first tsv column of $OUT (run with --no-header), space-separated.
ids() { printf '%s\n' "$OUT" | cut -f1 | tr '\n' ' ' | sed 's/ $//'; }
# ticket_audit_rows: audit rows about tickets.
ticket_audit_rows() { q "SELECT count(*) FROM audit WHERE entity = 'ticket'"; }

run db init
expect_rc 0 "db init creates the store"
run customer add --name 张伟 --phone 13800001234 --tier platinum --ref CRM-7
expect_out "1" "a platinum customer is registered"

# =======================================================================================
# 2. Opening
# =======================================================================================
before=$(dump)
run ticket open --channel email --kind inquiry --summary '发票开错了'
expect_rc 2 "opening without a customer is a usage error"
expect_err_has "--customer" "the error says how to name the customer"
run ticket open --channel fax --kind inquiry --summary '发票开错了' --customer 1
expect_rc 2 "an unknown --channel is a usage error"
expect_err_has "--channel: unknown value 'fax'" "the error names the channel flag and value"
run ticket open --channel email --kind question --summary '发票开错了' --customer 1
expect_rc 2 "an unknown --kind is a usage error"
expect_err_has "--kind: unknown value 'question'" "the error names the kind flag and value"
run ticket open --channel email --kind inquiry --priority asap --summary '发票开错了' --customer 1
expect_rc 2 "an unknown --priority is a usage error"
expect_err_has "--priority: unknown value 'asap'" "the error names the priority flag and value"
run ticket open --channel email --kind inquiry --need money --summary '发票开错了' --customer 1
expect_rc 2 "an unknown --need is a usage error"
expect_err_has "--need: unknown value 'money'" "the error names the need flag and value"
run ticket open --channel email --kind inquiry --mood furious --summary '发票开错了' --customer 1
expect_rc 2 "an unknown --mood is a usage error"
expect_err_has "--mood: unknown value 'furious'" "the error names the mood flag and value"
run ticket open --channel email --kind inquiry --summary '' --customer 1
expect_rc 2 "an empty summary is a usage error"
expect_err_has "--summary" "the error names the summary flag"
run ticket open --channel email --kind inquiry --summary '   ' --customer 1
expect_rc 2 "a blank summary is a usage error"
run ticket open --channel email --kind inquiry --summary '发票开错了' --customer 999
expect_rc 3 "an unknown --customer is not found"
expect_err_has "customer '999' not found" "the error names the missing customer"
expect_eq "$(dump)" "$before" "refused openings wrote nothing"

# T1: email, new customer registered from --name/--phone.
run ticket open --channel email --kind inquiry --summary '发票开错了' --category 发票 --name 李娜 --phone 13900002222
expect_rc 0 "open with --name and --phone"
expect_out "1" "opening prints the ticket number alone"
expect_err_has "registered customer 2" "a new customer is registered from --name/--phone"
T1=$OUT
# T2: chat, same phone: the customer is reused.
run ticket open --channel chat --kind inquiry --summary '会员续费怎么操作' --tag 会员 --name 李娜 --phone 13900002222
expect_out "2" "the second ticket gets the next number"
T2=$OUT
run customer list --no-header
expect_eq "$(rows)" "2" "a known phone reuses its customer instead of registering another"
run ticket show "$T2" --format json
expect_out_has '"customer_id":2' "the reused customer is attached to the ticket"
expect_out_has '"owner":"tester","assignee":"tester"' "owner and assignee are the opener (SVC_USER)"
# T3: phone complaint by customer id, with every optional field.
run ticket open --channel phone --kind complaint --summary '快递三天没到' --body '顾客说快递员态度很差' \
    --category 物流 --priority high --need solution --mood angry --tag 加急 --tag 物流 --customer 1
T3=$OUT
run ticket show "$T3" --format json
expect_out_has '"customer_id":1' "--customer takes an id"
expect_out_has '"need":"solution","mood":"angry"' "need and mood are kept"
# T4: platinum customer's e-mail by ref.
run ticket open --channel email --kind after-sales --summary '洗衣机漏水' --category 质量 --customer CRM-7
T4=$OUT
run ticket show "$T4" --format json
expect_out_has '"customer_id":1' "--customer takes a ref"
# T5: social by phone, opened by another agent.
run --as wang.fang ticket open --channel social --kind complaint --summary '微博上说物流太慢' --category 物流 --customer 13800001234
T5=$OUT
run ticket show "$T5" --format json
expect_out_has '"customer_id":1' "--customer takes a phone"
expect_out_has '"owner":"wang.fang","assignee":"wang.fang"' "owner and assignee are the opener (--as)"

# =======================================================================================
# 1. Deadlines per channel on both clocks
# =======================================================================================
# E-mail on the eve of the National Day holidays: answered on the duty clock (1.5 h on Wed,
# then holiday duty from 09:00 on 10-01), resolved on the business clock (10-01..07 are off).
run --now 2026-09-30T17:00 ticket open --channel email --kind inquiry --summary '国庆前来信' --customer 2
D1=$OUT
run ticket show "$D1" --format json
expect_out_has '"first_response_due":"2026-10-01T11:30:00+08:00"' "email first response is answered by the holiday duty"
expect_out_has '"resolve_due":"2026-10-10T17:00:00+08:00"' "email resolution (3 working days) skips the holidays and reaches the make-up Saturday"
# Friday evening: the make-up Saturday 10-10 is worked.
run --now 2026-10-09T18:00 ticket open --channel email --kind inquiry --summary '调休前夜来信' --customer 2
D2=$OUT
run ticket show "$D2" --format json
expect_out_has '"first_response_due":"2026-10-10T14:00:00+08:00"' "email first response runs on the make-up Saturday"
expect_out_has '"resolve_due":"2026-10-13T18:00:00+08:00"' "email resolution skips Sunday: three working days end Tuesday 18:00"
# Social is around the clock.
run --now 2026-11-21T23:00 ticket open --channel social --kind inquiry --summary '周六深夜微博留言' --customer 2
D3=$OUT
run ticket show "$D3" --format json
expect_out_has '"first_response_due":"2026-11-22T01:00:00+08:00"' "social first response is 2 h on the 24x7 clock"
expect_out_has '{"target":"first_response","rule":"social","clock":"24x7","due":"2026-11-22T01:00:00+08:00"' "the social target names its rule and clock"
# Chat: 30 seconds of duty time.
run --now 2026-11-23T09:00 ticket open --channel chat --kind inquiry --summary '开门第一位' --customer 2
D4=$OUT
run ticket show "$D4" --format json
expect_out_has '"first_response_due":"2026-11-23T09:00:30+08:00"' "chat first response is 30 s"
# A deadline that falls exactly at closing time stays on that day.
run --now 2026-11-23T14:30 ticket open --channel email --kind inquiry --summary '下午来信' --customer 2
D5=$OUT
run ticket show "$D5" --format json
expect_out_has '"first_response_due":"2026-11-23T18:30:00+08:00"' "a deadline ending at closing time is 18:30 that day, not next morning"
# Sunday: the weekend duty answers the same day; the resolution waits for Monday 09:00.
run --now 2026-11-22T10:00 ticket open --channel email --kind inquiry --summary '周日来信' --customer 2
D6=$OUT
run ticket show "$D6" --format json
expect_out_has '"first_response_due":"2026-11-22T14:00:00+08:00"' "a Sunday e-mail is answered by the weekend duty by 14:00"
expect_out_has '"resolve_due":"2026-11-26T09:00:00+08:00"' "its resolution runs three working days from Monday 09:00"
# First match per target: platinum e-mail.
run ticket show "$T4" --format json
expect_out_has '{"target":"first_response","rule":"vip-written","clock":"duty","due":"2026-11-23T11:00:00+08:00"' "platinum e-mail first response comes from vip-written (1 h)"
expect_out_has '{"target":"resolution","rule":"vip-platinum","clock":"duty","due":"2026-11-24T10:00:00+08:00"' "platinum resolution comes from vip-platinum (one working day)"
# Urgent: 4 h around the clock, even past closing time.
run --now 2026-11-27T17:00 ticket open --channel chat --kind inquiry --priority urgent --summary '紧急: 账户被盗' --customer 2
U1=$OUT
run ticket show "$U1" --format json
expect_out_has '"resolve_due":"2026-11-27T21:00:00+08:00"' "urgent resolution is 4 h on the 24x7 clock"
expect_out_has '{"target":"resolution","rule":"urgent","clock":"24x7","due":"2026-11-27T21:00:00+08:00"' "urgent resolution comes from rule urgent"
expect_out_has '{"target":"first_response","rule":"chat","clock":"duty"' "urgent chat keeps the chat first-response rule"

# =======================================================================================
# 3. respond
# =======================================================================================
run --now 2026-11-23T11:00 ticket respond "$T1" '您好, 已收到, 正在核对发票'
expect_rc 0 "an agent reply is recorded"
run ticket show "$T1" --format json --now 2026-11-23T11:00
expect_out_has '"first_responded_at":"2026-11-23T11:00:00+08:00"' "the first reply sets first_responded_at"
expect_out_has '{"target":"first_response","rule":"email","clock":"duty","due":"2026-11-23T15:30:00+08:00","met_at":"2026-11-23T11:00:00+08:00","state":"met"' "the first-response target is met"
expect_out_has '"next_response_due":null' "no next-response deadline before the customer writes again"
run --now 2026-11-23T12:30 ticket respond "$T1" --from-customer '还是没收到新发票'
expect_rc 0 "a customer message is recorded"
run ticket show "$T1" --format json --now 2026-11-23T12:30
expect_out_has '"next_response_due":"2026-11-24T13:30:00+08:00"' "a customer message starts next_response_due (one working day, from 13:30)"
expect_out_has '{"target":"next_response","rule":"email","clock":"duty","due":"2026-11-24T13:30:00+08:00"' "the next-response target comes from rule email"
expect_out_has '"event":"customer_message","text":"还是没收到新发票"' "the customer's message is in the timeline"
before=$(dump)
run --now 2026-11-23T13:00 ticket respond "$T1" '马上处理' --from-customer '快点'
expect_rc 2 "a reply and a customer message at once is a usage error"
run --now 2026-11-23T13:00 ticket respond "$T1"
expect_rc 2 "respond with neither text nor --from-customer is a usage error"
expect_eq "$(dump)" "$before" "refused replies wrote nothing"
run --now 2026-11-23T14:00 ticket respond "$T1" '新发票已寄出'
run ticket show "$T1" --format json --now 2026-11-23T14:00
expect_out_has '"next_response_due":null' "the next agent reply clears next_response_due"
expect_out_has '"response_count":2' "both agent replies are counted"
expect_out_has '{"target":"next_response","rule":"email","clock":"duty","due":"2026-11-24T13:30:00+08:00","met_at":"2026-11-23T14:00:00+08:00","state":"met"' \
    "the answered next-response target stays in show, met"
# A next response answered late shows as missed, as export reports it.
run --now 2026-11-23T14:30 ticket respond "$T1" --from-customer '发票呢?'
run --now 2026-11-25T09:00 ticket respond "$T1" '已补寄'
run ticket show "$T1" --format json --now 2026-11-25T09:00
expect_out_has '"met_at":"2026-11-25T09:00:00+08:00","state":"breached"' "a late next response shows as breached"
run ticket export --now 2026-11-25T09:00
expect_out_has '"met":false' "export reports it missed too"
# The platinum customer's next reply is due within a business hour (vip-platinum).
run --now 2026-11-23T10:30 ticket respond "$T4" '您好, 工程师今天联系您'
run --now 2026-11-23T10:40 ticket respond "$T4" --from-customer '几点到?'
run ticket show "$T4" --format json --now 2026-11-23T10:40
expect_out_has '{"target":"next_response","rule":"vip-platinum","clock":"duty","due":"2026-11-23T11:40:00+08:00"' "platinum next response comes from vip-platinum (1 h)"

# =======================================================================================
# 4. pending / resume
# =======================================================================================
run --now 2026-11-23T09:30 ticket open --channel email --kind inquiry --summary '退款进度' --category 退款 --customer 2
P1=$OUT
run ticket show "$P1" --format json --now 2026-11-23T09:30
expect_out_has '"resolve_due":"2026-11-26T09:30:00+08:00"' "resolution due after three working days"
run --now 2026-11-23T09:45 ticket respond "$P1" '正在查询退款进度'
run --now 2026-11-23T10:00 ticket pending "$P1" --reason '等待顾客提供订单截图'
expect_rc 0 "pending puts the ticket on hold"
run ticket show "$P1" --format json --now 2026-11-23T11:00
expect_out_has '"status":"pending"' "the ticket is pending"
expect_out_has '"paused_at":"2026-11-23T10:00:00+08:00"' "paused_at records when the hold started"
expect_out_has '"sla_state":"paused"' "a pending ticket's SLA state is paused"
expect_out_has '"target":"resolution","rule":"default","clock":"business","due":"2026-11-26T09:30:00+08:00","met_at":null,"state":"paused"' "the resolution target is paused"
run --now 2026-11-23T15:00 ticket resume "$P1"
expect_rc 0 "resume takes the ticket off hold"
expect_err_has "moved by 3h30m" "resume reports the business time on hold (lunch excluded)"
run ticket show "$P1" --format json --now 2026-11-23T15:00
expect_out_has '"status":"open"' "a resumed ticket is open"
expect_out_has '"resolve_due":"2026-11-26T14:30:00+08:00"' "resolve_due moved later by exactly 3.5 business hours"
expect_out_has '"paused_at":null' "paused_at is cleared on resume"
expect_out_has '"event":"pending","text":"on hold: 等待顾客提供订单截图"' "the timeline shows the hold with its reason"
expect_out_has '"event":"resume"' "the timeline shows the resume"
run --now 2026-11-23T15:10 ticket pending "$P1" --reason '等待物流回复'
run --now 2026-11-23T16:00 ticket respond "$P1" --from-customer '截图已发'
expect_rc 0 "a customer message on a pending ticket is recorded"
run ticket show "$P1" --format json --now 2026-11-23T16:00
expect_out_has '"status":"open"' "a customer message resumes a pending ticket"
expect_out_has '"resolve_due":"2026-11-26T15:20:00+08:00"' "the 50 minutes on hold move the resolution deadline"
# Resolving while on hold: the clock was stopped, so the hold does not count against the target.
# Opened Mon 10:00 (due Thu 10:00), on hold from Mon 11:00, resolved Fri 10:00 while still on
# hold: only one business hour ran.
run ticket open --channel email --kind inquiry --summary '等配件' --category 挂起 --customer 2
P2=$OUT
run --now 2026-11-23T10:30 ticket respond "$P2" '已下单配件'
run --now 2026-11-23T11:00 ticket pending "$P2" --reason '等待配件到货'
run --now 2026-11-27T10:00 ticket resolve "$P2" --resolution '配件已到, 已更换'
expect_rc 0 "a pending ticket can be resolved"
run ticket show "$P2" --format json --now 2026-11-27T10:00
expect_out_has '"status":"resolved"' "the ticket is resolved"
expect_out_has '"met_at":"2026-11-27T10:00:00+08:00","state":"met"' "resolving on hold after one business hour meets the resolution target (time on hold excluded)"
expect_out_has '"sla_state":"met"' "the resolved-on-hold ticket's SLA state is met"
expect_eq "$(q "SELECT CAST(detail LIKE '%\"met\":true%' AS integer) FROM audit WHERE entity = 'ticket' AND entity_id = $P2 AND action = 'resolve'")" "1" \
    "the audit row of that resolution says the target was met"

# =======================================================================================
# 6. State transitions
# =======================================================================================
run ticket open --channel email --kind inquiry --summary '状态机测试' --category 状态 --customer 2
S1=$OUT
before=$(dump)
run --now 2026-11-23T10:10 ticket resume "$S1"
expect_rc 0 "resuming an open ticket is a no-op"
expect_err_has "ticket $S1 is not on hold; nothing changed" "which says so"
run --now 2026-11-23T10:10 ticket close "$S1"
expect_rc 4 "closing an open ticket is refused"
expect_err_has "is open: 'close' is not possible (possible: respond, note, update, assign, pending, resolve, merge)" "the refusal names the state, the move and the possible moves"
run --now 2026-11-23T10:10 ticket reopen "$S1" --reason '再看看'
expect_rc 0 "reopening an open ticket is a no-op"
expect_err_has "ticket $S1 is already open; nothing changed" "which says so"
run --now 2026-11-23T10:10 ticket assign "$S1" tester
expect_rc 0 "assigning a ticket to its assignee is a no-op"
expect_err_has "ticket $S1 is already with tester; nothing changed" "which says so"
run --now 2026-11-23T10:10 ticket pending "$S1" --reason '等顾客'
run --now 2026-11-23T10:10 ticket pending "$S1" --reason '还在等'
expect_rc 0 "holding a pending ticket again is a no-op"
expect_err_has "ticket $S1 is already pending; nothing changed" "which says so"
run --now 2026-11-23T10:10 ticket resume "$S1"
after_hold=$(dump)
run --now 2026-11-23T10:11 -q ticket assign "$S1" tester
expect_rc 0 "a no-op with --quiet"
expect_eq "$ERR" "" "says nothing"
expect_eq "$(dump)" "$after_hold" "no-op moves write nothing, not even an audit event"
run --now 2026-11-23T11:00 ticket resolve "$S1" --resolution '已解答' --cause service
expect_rc 0 "an open ticket can be resolved"
before=$(dump)
run --now 2026-11-23T11:10 ticket pending "$S1" --reason '等'
expect_rc 4 "putting a resolved ticket on hold is refused"
expect_err_has "possible: respond, note, update, close, reopen" "the refusal names the possible moves of a resolved ticket"
expect_eq "$(dump)" "$before" "the refused hold wrote nothing"
run --now 2026-11-23T11:30 ticket close "$S1"
expect_rc 0 "a resolved ticket can be closed"
before=$(dump)
run --now 2026-11-23T11:40 ticket respond "$S1" '还有问题吗'
expect_rc 4 "replying on a closed ticket is refused"
expect_err_has "possible: note, reopen" "the refusal names the possible moves of a closed ticket"
run --now 2026-11-23T11:40 ticket assign "$S1" wang.fang
expect_rc 4 "assigning a closed ticket is refused"
expect_err_has "is closed: 'assign' is not possible" "the assign refusal names the state"
run --now 2026-11-23T11:40 ticket resolve "$S1" --resolution '再解决一次'
expect_rc 4 "resolving a closed ticket is refused"
expect_err_has "is closed: 'resolve' is not possible" "the resolve refusal names the state"
expect_eq "$(dump)" "$before" "refused moves on a closed ticket wrote nothing"
run ticket show "$S1" --format json --now 2026-11-23T11:40
expect_out_has '"status":"closed"' "the ticket is closed"
expect_out_has '"closed_at":"2026-11-23T11:30:00+08:00"' "closed_at is recorded"
run --now 2026-11-24T10:00 ticket reopen "$S1" --reason '顾客说问题又出现了'
expect_rc 0 "a closed ticket can be reopened"
run ticket show "$S1" --format json --now 2026-11-24T10:00
expect_out_has '"status":"open"' "a reopened ticket is open"
expect_out_has '"reopen_count":1' "reopen_count counts the reopen"
expect_out_has '"resolve_due":"2026-11-27T10:00:00+08:00"' "resolve_due is recomputed from the reopen time"
expect_out_has '"resolved_at":null' "resolved_at is cleared on reopen"

# =======================================================================================
# 7. update
# =======================================================================================
run ticket open --channel email --kind inquiry --summary '升级测试' --category 升级 --customer 2
UP=$OUT
run --now 2026-11-23T11:00 ticket update "$UP" --priority urgent
expect_rc 0 "update --priority"
expect_err_has "resolution deadline moved" "stderr says the resolution deadline moved"
# Targets run from the ticket's creation (or reopen) under the rule that now matches.
expect_err_has "to 2026-11-23T14:00:00+08:00" "stderr names the new resolution deadline"
run ticket show "$UP" --format json --now 2026-11-23T11:00
expect_out_has '"priority":"urgent"' "the priority is urgent"
expect_out_has '"resolve_due":"2026-11-23T14:00:00+08:00"' "an urgent upgrade makes resolve_due creation + 4 h (24x7)"
expect_out_has '"target":"resolution","rule":"urgent","clock":"24x7"' "the resolution target now comes from rule urgent"
run --now 2026-11-23T11:00 ticket update 999 --priority urgent
expect_rc 3 "updating an unknown ticket is not found"
expect_err_has "ticket 999 not found" "the error names the ticket"
run ticket show abc
expect_rc 2 "a ticket number that is not a number is a usage error"
expect_err_has "'abc'" "the error names the value"
run --now 2026-11-23T11:00 ticket update "$UP" --priority whenever
expect_rc 2 "update with an unknown priority is a usage error"
# edit: need, mood, tags and the customer; a platinum customer brings the VIP rules.
run --now 2026-11-23T10:00 ticket open --channel email --kind inquiry --summary '开错了顾客' --customer 2 --tag 旧
ED=$OUT
run --now 2026-11-23T10:00 customer add --name 周总 --phone 13700009999 --tier platinum --ref CRM-9
PLAT=$OUT
before=$(dump)
run --now 2026-11-23T10:05 ticket edit "$ED" --mood furious
expect_rc 2 "an unknown mood is bad input"
expect_err_has "--mood: unknown value 'furious'" "the error names the flag and the value"
run --now 2026-11-23T10:05 ticket edit "$ED" --tags 'a;b'
expect_rc 2 "a tag with ';' is bad input"
run --now 2026-11-23T10:05 ticket edit "$ED" --customer 99999
expect_rc 3 "an unknown customer is not found"
run --now 2026-11-23T10:05 ticket edit "$ED"
expect_rc 2 "edit without a change is bad usage"
expect_eq "$(dump)" "$before" "refused edits wrote nothing"
run --now 2026-11-23T10:05 ticket edit "$ED" --need solution --mood anxious --tags '发票, 退款,发票'
expect_rc 0 "edit need, mood and tags"
run --now 2026-11-23T10:10 ticket edit "$ED" --customer CRM-9
expect_rc 0 "edit the customer"
expect_err_has "first_response deadline moved from 2026-11-23T15:30:00+08:00 to 2026-11-23T11:00:00+08:00" \
    "a platinum customer moves the first response to vip-written's hour"
run ticket show "$ED" --format json --now 2026-11-23T10:10
expect_out_has '"tags":"发票,退款"' "the tags are the new set, each once"
expect_out_has '"need":"solution","mood":"anxious"' "need and mood are set"
expect_out_has '"owner":"tester"' "the owner stays"
expect_out_has '"text":"need: none → solution; mood: none → anxious; tags: [\"旧\"] → [\"发票\",\"退款\"]"' "the trail has each change"
expect_out_has '"text":"first_response_due: 2026-11-23T15:30:00+08:00 → 2026-11-23T11:00:00+08:00; resolution_due: 2026-11-26T10:00:00+08:00 → 2026-11-24T10:00:00+08:00; customer: 2 → '"$PLAT"'"' \
    "the customer change and the moved deadline are audited together"
run --now 2026-11-23T10:15 ticket edit "$ED" --tags '' --mood ''
run ticket show "$ED" --format json --now 2026-11-23T10:15
expect_out_has '"tags":null' "--tags '' removes every tag"
expect_out_has '"mood":null' "--mood '' clears the mood"

# =======================================================================================
# 11. Time order
# =======================================================================================
before=$(dump)
run --now 2026-11-23T10:30 ticket note "$UP" '倒退的时钟'
expect_rc 2 "a command earlier than the ticket's last change is refused"
expect_err_has "last changed at 2026-11-23T11:00:00+08:00" "the error names the ticket's last change"
SVC_NOW=2026-11-23T10:59:59+08:00 run ticket resolve "$UP" --resolution '提前解决'
expect_rc 2 "SVC_NOW earlier than the last change is refused too"
expect_eq "$(dump)" "$before" "commands out of time order wrote nothing"

# =======================================================================================
# 8. list filters
# =======================================================================================
run ticket list --status pending --no-header
expect_eq "$(rows)" "0" "no ticket is pending yet"
run --now 2026-11-23T12:00 ticket pending "$T3" --reason '等待快递公司回复'
run ticket list --status open,pending --no-header --now 2026-11-23T12:00
expect_out_has '快递三天没到' "--status open,pending includes the pending ticket"
expect_out_has '发票开错了' "--status open,pending includes open tickets"
run ticket list --status pending --no-header --now 2026-11-23T12:00
expect_eq "$(ids)" "$T3" "--status pending lists only the pending ticket"
run ticket list --owner wang.fang --no-header
expect_eq "$(ids)" "$T5" "--owner filters by owner"
run --as wang.fang ticket list --assignee me --no-header
expect_eq "$(ids)" "$T5" "--assignee me is the acting agent's tickets"
run ticket list --customer CRM-7 --no-header
expect_eq "$(ids)" "$T5 $T4 $T3" "--customer lists that customer's tickets, newest first"
run ticket list --channel social --no-header
expect_eq "$(ids)" "$T5 $D3" "--channel filters by channel"
run ticket list --kind complaint --no-header
expect_eq "$(ids)" "$T5 $T3" "--kind filters by kind"
run ticket list --priority high --no-header
expect_eq "$(ids)" "$T3" "--priority filters by priority"
run ticket list --category 物流 --no-header
expect_eq "$(ids)" "$T5 $T3" "--category filters by category"
run ticket list --search 态度 --no-header
expect_eq "$(ids)" "$T3" "--search finds Chinese text in the body"
run ticket list --search 物流 --no-header
expect_eq "$(ids)" "$T5" "--search finds Chinese text in the summary"
run ticket list --tag 会员 --no-header
expect_eq "$(ids)" "$T2" "--tag filters by tag"
run ticket list --period 2026-09 --no-header
expect_eq "$(ids)" "$D1" "--period 2026-09 lists tickets created that month"
run ticket list --period 2026-W47 --no-header
expect_eq "$(ids)" "$D6 $D3" "--period 2026-W47 lists the weekend tickets of that ISO week"
run ticket list --since 2026-10-01 --until 2026-11-01 --no-header
expect_eq "$(ids)" "$D2" "--since/--until selects by creation time"
run ticket list --since 2026-09-30T17:00 --until 2026-10-09T18:00 --no-header
expect_eq "$(ids)" "$D1" "--since includes its instant, --until excludes its own (half-open)"
run ticket list --customer 2 --limit 2 --no-header
expect_eq "$(rows)" "2" "--limit caps the rows"
run ticket list --category 退款 --category 发票 --category 状态 --sort due --no-header --now 2026-11-24T10:00
# S1's first response is still unmet (breached 11-23 15:30), P1's next reply is due 11-24 16:00,
# T1's resolution 11-26 10:00.
expect_eq "$(ids)" "$S1 $P1 $T1" "--sort due orders by the next deadline, the missed one first"
expect_out_has "$P1	open	" "P1 is listed as open"
case "$OUT" in *"退款进度	2026-11-23T09:30:00+08:00	2026-11-23T15:00:00+08:00	2026-11-23T09:45:00+08:00	2026-11-26T15:20:00+08:00		ok	21600"*) pass ;;
    *) failure "due_in counts to the next deadline, the customer's pending reply (6 h)" ;; esac
run ticket list --period 2026-W47 --format jsonl
expect_out_has '"sla_state":' "list rows carry sla_state"
expect_out_has '"due_in":' "list rows carry due_in"

# SLA watch: a chat and an e-mail opened Monday 2026-11-30 10:00.
run --now 2026-11-30T10:00 ticket open --channel chat --kind inquiry --summary '在线咨询' --category 时效 --customer 2
W1=$OUT
run --now 2026-11-30T10:00 ticket open --channel email --kind inquiry --summary '邮件咨询' --category 时效 --customer 2
W2=$OUT
run ticket list --category 时效 --at-risk --no-header --now 2026-11-30T10:00:23
expect_eq "$(rows)" "0" "at 23 s nothing is at risk"
run ticket list --category 时效 --at-risk --no-header --now 2026-11-30T10:00:24
expect_eq "$(ids)" "$W1" "the chat is at risk once 80 % of its 30 s have passed"
run ticket list --category 时效 --overdue --no-header --now 2026-11-30T10:00:29
expect_eq "$(rows)" "0" "nothing is overdue before the chat's deadline"
run ticket list --category 时效 --overdue --format jsonl --now 2026-11-30T10:01:30
expect_out_has "\"id\":$W1," "the chat is overdue after its deadline"
expect_out_has '"sla_state":"breached","due_in":-60' "an overdue chat shows breached and a negative due_in"
expect_out_lacks "\"id\":$W2," "the e-mail is not overdue yet"
run ticket list --category 时效 --due-within 1m --no-header --now 2026-11-30T10:00:10
expect_eq "$(ids)" "$W1" "--due-within 1m finds the chat due at 10:00:30"
run ticket list --category 时效 --due-within 6h --no-header --now 2026-11-30T10:00:10
expect_eq "$(rows)" "2" "--due-within 6h finds both"
run --now 2026-11-30T10:00:20 ticket respond "$W1" '您好, 请问有什么可以帮您'
# E-mail: 4 working hours from 10:00 end at 15:30; 80 % (3h12m) is reached at 14:42.
run ticket list --category 时效 --at-risk --no-header --now 2026-11-30T14:41:59
expect_eq "$(rows)" "0" "the e-mail is not at risk just before 80 %"
run ticket list --category 时效 --at-risk --format jsonl --now 2026-11-30T14:42
expect_out_has "\"id\":$W2," "the e-mail is at risk at 80 % of its business time"
expect_out_has '"sla_state":"at_risk","due_in":2880' "an at-risk ticket shows at_risk and the seconds left"
run ticket list --category 时效 --overdue --format jsonl --now 2026-11-30T15:31
expect_out_has "\"id\":$W2," "the e-mail is overdue after 15:30"
expect_out_has '"sla_state":"breached","due_in":-60' "the overdue e-mail has a negative due_in"
expect_out_lacks "\"id\":$W1," "the answered chat is not overdue"

# A customer writes again after resolution and gets no reply: show and --overdue must agree.
run ticket open --channel email --kind inquiry --summary '已解决后追问' --category 追问 --customer 2
RM=$OUT
run --now 2026-11-23T10:30 ticket respond "$RM" '您好'
run --now 2026-11-23T11:00 ticket resolve "$RM" --resolution '已解答'
run --now 2026-11-23T11:30 ticket respond "$RM" --from-customer '谢谢, 还有一个问题'
expect_rc 0 "a customer message on a resolved ticket is recorded"
run ticket show "$RM" --format json --now 2026-11-25T11:00
case "$OUT" in *'"sla_state":"breached"'*) shown=breached ;; *) shown=not-breached ;; esac
run ticket list --category 追问 --overdue --no-header --now 2026-11-25T11:00
case "$(ids)" in "$RM") listed=breached ;; *) listed=not-breached ;; esac
expect_eq "$listed" "$shown" "ticket list --overdue agrees with ticket show's sla_state for a resolved ticket with an unanswered customer message"

# =======================================================================================
# 9. Masking
# =======================================================================================
run ticket list --customer 1 --no-header
expect_out_has "张伟" "list shows customer names"
expect_out_lacks "13800001234" "list never shows the full phone"
run ticket show "$T4"
expect_out_has "138****1234" "ticket show masks the phone"
expect_out_lacks "13800001234" "ticket show hides the full phone without --reveal"
expect_eq "$(q "SELECT count(*) FROM audit WHERE action = 'reveal'")" "0" "no reveal recorded yet"
run ticket show "$T4" --reveal
expect_out_has "13800001234" "--reveal shows the phone"
expect_eq "$(q "SELECT count(*) FROM audit WHERE action = 'reveal'")" "1" "--reveal is recorded in the audit trail"

# =======================================================================================
# 10. Audit trail and policy recomputation
# =======================================================================================
n0=$(ticket_audit_rows)
run ticket open --channel web --kind inquiry --summary '审计测试' --category 审计 --customer 2
A1=$OUT
run --now 2026-11-23T10:05 ticket respond "$A1" '收到'
run --now 2026-11-23T10:10 ticket note "$A1" '内部备注'
run --now 2026-11-23T10:15 ticket update "$A1" --category 审计2
run --now 2026-11-23T10:20 ticket assign "$A1" wang.fang
run --now 2026-11-23T10:25 ticket pending "$A1" --reason '等待'
run --now 2026-11-23T10:30 ticket resume "$A1"
run --now 2026-11-23T10:35 ticket resolve "$A1" --resolution '已处理'
run --now 2026-11-23T10:40 ticket close "$A1"
run --now 2026-11-23T10:45 ticket reopen "$A1" --reason '再次处理'
expect_rc 0 "the last command of the audited sequence succeeds"
run --now 2026-11-23T10:50 ticket close "$A1"
expect_rc 4 "closing the reopened (open) ticket is refused"
expect_eq "$(ticket_audit_rows)" "$((n0 + 10))" "each of the 10 changes appended one ticket audit row (the refused close none)"
expect_eq "$(q "SELECT group_concat(action, ',') FROM (SELECT action FROM audit WHERE entity = 'ticket' AND entity_id = $A1 ORDER BY id) AS a")" \
    "open,respond,note,update,assign,pending,resume,resolve,close,reopen" "the audit rows name each change in order"
run ticket show "$A1" --format json --now 2026-11-23T10:45
expect_out_has '"owner":"tester","assignee":"wang.fang"' "a transfer changes the assignee and keeps the owner"

# A policy where e-mail is acknowledged within 2 h.
run policy show
printf '%s\n' "$OUT" | sed '/^name = "email"/,/^clock/ s/^first_response = "4h"/first_response = "2h"/' > "$WORK/fast.toml"
expect_eq "$(sed -n '/^name = "email"/,/^clock/p' "$WORK/fast.toml" | grep -c '^first_response = "2h"')" "1" \
    "the test policy changes e-mail first response to 2h"
run ticket open --channel email --kind inquiry --summary '政策重算' --category 重算 --customer 2
R1=$OUT
run ticket show "$R1" --format json
expect_out_has '"first_response_due":"2026-11-23T15:30:00+08:00"' "the ticket starts with the 4 h e-mail deadline"
run policy load "$WORK/fast.toml"
expect_rc 0 "a plain policy load"
run ticket show "$R1" --format json
expect_out_has '"first_response_due":"2026-11-23T15:30:00+08:00"' "a plain policy load leaves open tickets' deadlines unchanged"
expect_out_has '"policy_version":1' "the ticket keeps the policy version it was opened with"
run policy load "$WORK/fast.toml" --recompute-open
expect_rc 0 "policy load --recompute-open"
expect_out_has "ticket	target	before	after" "the recompute report has ticket/target/before/after columns"
expect_out_has "$R1	first_response	2026-11-23T15:30:00+08:00	2026-11-23T12:00:00+08:00" "the recompute report shows the moved deadline"
expect_out_lacks $'\n'"$T1"$'\tfirst_response' "a met first response is not moved"
run ticket show "$R1" --format json
expect_out_has '"first_response_due":"2026-11-23T12:00:00+08:00"' "--recompute-open moves the open ticket's deadline"
expect_out_has '"policy_version":3' "the ticket now carries the new policy version"
expect_eq "$(q "SELECT count(*) FROM audit WHERE entity = 'ticket' AND entity_id = $R1 AND action = 'recompute'")" "1" "the recompute is in the audit trail"

# =======================================================================================
# 5. Transfer and authority
# =======================================================================================
run --as li.manager agent add li.manager --name 李经理 --role manager
expect_rc 0 "a manager registers themselves"
run --as li.manager agent add wang.fang --name 王芳 --role agent
run --as li.manager agent add chen.jie --name 陈杰 --role agent
run --as li.manager agent add zhao.sup --name 赵主管 --role supervisor
expect_rc 0 "the manager registers a supervisor"
run --now 2026-11-23T12:00 --as wang.fang ticket assign "$T5" chen.jie
expect_rc 0 "an agent transfers the work"
run ticket show "$T5" --format json --as wang.fang --now 2026-11-23T12:00
expect_out_has '"owner":"wang.fang","assignee":"chen.jie"' "assign changes the assignee and keeps the owner"
expect_out_has '"transfer_count":1' "the transfer is counted"
before=$(dump)
run --now 2026-11-23T12:10 --as wang.fang ticket assign "$T5" chen.jie --owner
expect_rc 4 "an agent may not change the owner"
expect_err_has "only a supervisor or manager" "the refusal says who may change the owner"
run --now 2026-11-23T12:10 --as zhao.sup ticket assign "$T5" nobody
expect_rc 4 "assigning to an unregistered login is refused"
expect_err_has "'nobody' is not a registered agent" "the refusal names the login"
run --now 2026-11-23T12:10 ticket assign "$T5" chen.jie
expect_rc 4 "an unregistered actor is refused once agents exist"
expect_eq "$(dump)" "$before" "refused transfers wrote nothing"
run --now 2026-11-23T12:10 --as zhao.sup ticket assign "$T5" zhao.sup --owner
expect_rc 0 "a supervisor may change the owner"
run ticket show "$T5" --format json --as zhao.sup --now 2026-11-23T12:10
expect_out_has '"owner":"zhao.sup","assignee":"zhao.sup"' "the supervisor became owner and assignee"

# A phone call's first response is how long the caller waited, given at open.
run --as wang.fang --now 2026-11-23T14:00:20 ticket open --channel phone --kind inquiry --summary '来电咨询退货' --customer 1 --waited 8s
expect_rc 0 "a phone ticket opened with --waited"
W1=$OUT
run --as wang.fang ticket show "$W1" --format json --now 2026-11-23T14:05
expect_out_has '"created_at":"2026-11-23T14:00:12+08:00"' "the ticket began when the call came in"
expect_out_has '"first_responded_at":"2026-11-23T14:00:20+08:00"' "and was answered when it was opened"
expect_out_has '{"target":"first_response","rule":"phone","clock":"duty","due":"2026-11-23T14:00:27+08:00","met_at":"2026-11-23T14:00:20+08:00","state":"met"' \
    "8 seconds is within the phone's 15 seconds"
expect_out_has '"event":"open","text":"normal inquiry via phone: 来电咨询退货 (answered after 8s)"' "the timeline says how long the caller waited"
run --as wang.fang --now 2026-11-23T14:10 ticket open --channel phone --kind inquiry --summary '来电' --customer 1 --waited 40s
run --as wang.fang ticket show "$OUT" --format json --now 2026-11-23T14:10
expect_out_has '"state":"breached"' "40 seconds misses it"
before=$(dump)
run --as wang.fang --now 2026-11-23T14:20 ticket open --channel chat --kind inquiry --summary '在线' --customer 1 --waited 8s
expect_rc 2 "--waited is for phone tickets"
expect_err_has "--waited: only for --channel phone" "and says so"
run --as wang.fang --now 2026-11-23T14:20 ticket open --channel phone --kind inquiry --summary '来电' --customer 1 --waited soon
expect_rc 2 "a --waited that is no duration is a usage error"
expect_err_has "--waited" "naming the flag"
expect_eq "$(dump)" "$before" "refused opens wrote nothing"

finish
