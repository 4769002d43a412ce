#!/usr/bin/env bash
# KPIs through the real binary on a hand-built November 2026 (+08:00): every metric's value
# for the month, per agent and per team, per day at the month's first edge, compared with
# October, an empty month (rates null, counts 0), the half-open edges (an event exactly at
# 2026-11-01T00:00 counts, one at 2026-12-01T00:00 does not), --list, the refusals, and
# the service star. Tickets are social + urgent, so both targets run around the clock:
# first response within 2h, resolution within 4h of creation (plus time pending).
source "$(dirname "$0")/lib.sh"

# Every KPI below is asked for after the month, so no target or promise is still running.
LATER=2026-12-05T10:00
# kpi ARGS…: `svc kpi` as of LATER, tsv without header.
kpi() { run --now "$LATER" kpi --no-header "$@"; }
# at INSTANT LOGIN ARGS…: svc as LOGIN at INSTANT.
at() { local when=$1 who=$2; shift 2; run --now "$when" --as "$who" "$@"; }

run db init
run agent add tester --name 测试 --role manager
run agent add wang --name 王芳 --role agent --team 北区
run agent add li --name 李明 --role agent --team 南区
run customer add --name 张伟 --phone 13800001234
CUST=$OUT
open_ticket() {  # open_ticket INSTANT LOGIN KIND → $OUT is the ticket number
    at "$1" "$2" ticket open --channel social --priority urgent --kind "$3" --summary "工单 $1" --customer "$CUST"
    [ "$RC" -eq 0 ] || failure "ticket open at $1"
}

# T6: October's ticket, first response in October, resolved exactly at November's start
# (16 days late: its resolution target breached in October, counted there).
open_ticket 2026-10-15T10:00 wang inquiry; T6=$OUT
at 2026-10-15T10:30 wang ticket respond "$T6" '已收到'
at 2026-11-01T00:00 wang ticket resolve "$T6" --resolution '已处理'
# T1: created exactly at November's start; answered in 30 min, a promise kept, 30 yuan,
# resolved in 2h with one response: first-contact resolution; its revisit is done.
open_ticket 2026-11-01T00:00 wang complaint; T1=$OUT
at 2026-11-01T00:10 wang followup add "$T1" --kind promise --due 2026-11-01T01:00 --note '一小时内回复'
P1=$OUT
at 2026-11-01T00:30 wang ticket respond "$T1" '抱歉, 马上处理'
at 2026-11-01T00:50 wang followup done "$P1" --outcome '已回复'
at 2026-11-01T01:00 wang ticket compensate "$T1" --amount 30 --kind coupon
expect_rc 0 "compensation within authority"
at 2026-11-01T02:00 wang ticket resolve "$T1" --resolution '已补发'
# T2: first response after 3h (breached), 2h pending, resolved 8h after creation: 6h of
# resolution time, past the target moved to 16:00; a late callback; 80 yuan over authority.
open_ticket 2026-11-10T10:00 wang inquiry; T2=$OUT
at 2026-11-10T10:05 wang followup add "$T2" --kind callback --due 2026-11-10T12:00 --note '中午前回电'
P2=$OUT
at 2026-11-10T12:30 wang followup done "$P2" --outcome '回电晚了'
at 2026-11-10T13:00 wang ticket respond "$T2" '已查询'
at 2026-11-10T14:00 wang ticket pending "$T2" --reason '等仓库'
at 2026-11-10T16:00 wang ticket resume "$T2"
at 2026-11-10T17:00 wang ticket respond "$T2" '仓库已确认'
at 2026-11-10T17:30 wang ticket compensate "$T2" --amount 80 --kind refund --exception '顾客等太久'
expect_rc 0 "compensation over authority with an exception"
at 2026-11-10T18:00 wang ticket resolve "$T2" --resolution '已退款'
# T3: li's complaint, transferred to wang, resolved, reopened, resolved again (25h after
# creation, within the target that restarted at the reopen).
open_ticket 2026-11-15T09:00 li complaint; T3=$OUT
at 2026-11-15T09:10 li ticket assign "$T3" wang
at 2026-11-15T09:20 wang ticket respond "$T3" '我来处理'
at 2026-11-15T10:00 wang ticket resolve "$T3" --resolution '已换货'
at 2026-11-16T09:00 li ticket reopen "$T3" --reason '顾客说还没收到'
at 2026-11-16T10:00 wang ticket resolve "$T3" --resolution '已签收'
expect_rc 0 "the reopened ticket is resolved again"
# T4: li's complaint, escalated, answered in 10 minutes, never resolved (its target
# breached on 2026-11-20T14:00); a promise called off before its due time; one due exactly
# at the month's end.
open_ticket 2026-11-20T10:00 li complaint; T4=$OUT
at 2026-11-20T10:05 li escalate "$T4" --reason '顾客要求主管处理'
expect_rc 0 "escalated"
at 2026-11-20T10:10 li ticket respond "$T4" '主管已介入'
at 2026-11-20T10:20 li followup add "$T4" --kind promise --due 2026-11-25T10:00 --note '周三前答复'
P3=$OUT
at 2026-11-21T10:00 li followup cancel "$P3" --reason '顾客改约'
at 2026-11-21T10:00 li followup add "$T4" --kind promise --due 2026-12-01T00:00 --note '月底前答复'
# T5: created exactly at the month's end: December's; li's 20 yuan then is December's too.
open_ticket 2026-12-01T00:00 wang inquiry; T5=$OUT
at 2026-12-01T00:00 li ticket compensate "$T4" --amount 20 --kind coupon
# Care reminders: one done exactly at the start (counts), one exactly at the end (not).
at 2026-10-30T10:00 wang followup add --customer "$CUST" --kind care --due 2026-10-31T10:00 --note '会员到期提醒'
C1=$OUT
at 2026-11-01T00:00 wang followup done "$C1" --outcome '已提醒'
at 2026-11-29T10:00 wang followup add --customer "$CUST" --kind care --due 2026-11-30T10:00 --note '保养提醒'
C2=$OUT
at 2026-12-01T00:00 wang followup done "$C2" --outcome '已提醒'
# Revisits scheduled at resolve (complaints): T1's is done; T3's first was cancelled by the
# reopen, its second stays open.
run --now "$LATER" followup list --kind revisit --no-header
expect_eq "$(printf '%s\n' "$OUT" | cut -f3,5,7 | tr '\t' ':' | tr '\n' ' ')" \
    "$T1:wang:overdue $T3:li:cancelled $T3:li:overdue " "three revisits: T1's (wang), T3's twice (li, the owner)"
R1=$(printf '%s\n' "$OUT" | head -1 | cut -f1)
at 2026-11-05T10:00 wang followup done "$R1" --outcome '顾客满意'
expect_rc 0 "T1's revisit is done"

# Surveys and quality scores come from their own commands; here they are rows.
q "INSERT INTO survey (ticket_id, customer_id, agent, channel, sent_at, sent_by, state, answered_at, csat, nps) VALUES
 ($T1, $CUST, 'wang', 'social', strftime('%s','2026-11-02T02:00:00'), 'tester', 'answered', strftime('%s','2026-11-02T04:00:00'), 5, 10),
 ($T3, $CUST, 'li', 'social', strftime('%s','2026-11-17T02:00:00'), 'tester', 'answered', strftime('%s','2026-11-17T03:00:00'), 3, 6),
 ($T2, $CUST, 'wang', 'social', strftime('%s','2026-11-11T02:00:00'), 'tester', 'sent', NULL, NULL, NULL),
 ($T6, $CUST, 'wang', 'social', strftime('%s','2026-11-30T15:00:00'), 'tester', 'answered', strftime('%s','2026-11-30T16:00:00'), 1, 0);"
q "INSERT INTO qa_score (ticket_id, agent, score, inspector, at) VALUES
 ($T1, 'wang', 90, 'tester', strftime('%s','2026-11-20T02:00:00')),
 ($T2, 'wang', 85, 'tester', strftime('%s','2026-11-21T02:00:00')),
 ($T3, 'li', 70, 'tester', strftime('%s','2026-11-30T16:00:00'));"
