#!/usr/bin/env bash
# Routing, links and merges through the CLI: agents with skills, a policy with [routing],
# tickets routed in working time and on a holiday by the duty roster, `ticket route`,
# `ticket open --assignee` and the same-matter warning, link/unlink, merge/unmerge, and a
# mail taken in owned by the agent it was routed to.
source "$(dirname "$0")/lib.sh"
MAIL=$(cd "$(dirname "$0")/mail" && pwd)

run db init
export SVC_USER=li
run agent add li --name 李经理 --role manager
run agent add a1 --name 甲 --role agent --team complaints
run agent add a2 --name 乙 --role agent --team complaints --skills vip,english,vip
expect_rc 0 "an agent with skills"
run agent add m1 --name 丙 --role agent --team mail
run agent add kefu --name 邮箱 --role agent
run agent list --team complaints --format tsv
expect_out_has "$(printf 'a2\t乙\tagent\tcomplaints')" "the team's agents"
expect_out_has "english,vip" "skills sorted, each once"
run agent add a3 --name 丁 --role agent --skills 'two words'
expect_rc 2 "a skill with a space"
expect_err_has "--skills: 'two words'" "names the flag and the value"

{
    cat "$(dirname "$0")/../../share/svc/policy.toml"
    cat <<'EOF'
[routing]
method = "least-loaded"
[[routing.rule]]
match = { kind = "complaint", tier = ["platinum", "gold"] }
team = "complaints"
skills = ["vip"]
[[routing.rule]]
match = { kind = "complaint" }
team = "complaints"
[[routing.rule]]
match = { channel = "email" }
team = "mail"
EOF
} >"$WORK/policy.toml"
run policy load "$WORK/policy.toml"
expect_rc 0 "a policy with routing"
sed 's/^method = "least-loaded"/method = "random"/' "$WORK/policy.toml" >"$WORK/bad.toml"
line=$(grep -n '^method = "random"' "$WORK/bad.toml" | cut -d: -f1)
run policy check "$WORK/bad.toml"
expect_rc 2 "an unknown routing method"
expect_err_has "bad.toml:$line:" "names the line"
expect_err_has "'routing.method' has unknown value \"random\"" "and the value"

# --- working time: least-loaded ---------------------------------------------------
export SVC_NOW=2026-11-23T10:00:00+08:00
run ticket open --channel phone --kind complaint --summary 投诉一 --name 张 --phone 13800000001 --category 物流
expect_out "1" "a complaint"
expect_err_has "ticket 1 routed to a1: team complaints, least-loaded (0 open)" "routed, and why"
expect_eq "$(q "SELECT owner || '|' || assignee FROM ticket WHERE id = 1")" "li|a1" "the opener owns it; a1 works on it"
run ticket open --channel phone --kind complaint --summary 投诉二 --name 王 --phone 13800000002
expect_eq "$(q "SELECT assignee FROM ticket WHERE id = 2")" "a2" "the next to the less loaded"
run ticket open --channel chat --kind inquiry --summary 问问 --phone 13800000002
expect_eq "$(q "SELECT assignee FROM ticket WHERE id = 3")" "li" "no rule matches: the opener works on it"
run ticket open --channel phone --kind complaint --summary 投诉三 --phone 13800000003 --name 赵 --assignee m1
expect_eq "$(q "SELECT assignee FROM ticket WHERE id = 4")" "m1" "--assignee wins over routing"
run ticket open --channel phone --kind complaint --summary x --phone 13800000003 --assignee ghost
expect_rc 4 "--assignee of no agent"

# --- the same matter twice ---------------------------------------------------------
run ticket open --channel chat --kind complaint --summary 又是物流 --phone 13800000001 --category 物流
expect_rc 0 "the same customer and category again"
expect_out "5" "is opened"
expect_err_has "customer 1 has open ticket 1 of category 物流 already: the same matter?" "with a warning"
run ticket open --channel chat --kind complaint --summary 另一件 --phone 13800000001 --category 物流 --new
case "$ERR" in *"same matter"*) failure "--new leaves the warning out" ;; *) pass ;; esac

# --- route again ----------------------------------------------------------------------
run ticket route 4
expect_rc 0 "route a ticket again"
expect_err_has "ticket 4 routed to" "says to whom"
expect_eq "$(q "SELECT owner || '|' || transfer_count FROM ticket WHERE id = 4")" "li|1" "the owner stays; one transfer"
run ticket route 3
expect_rc 4 "no rule matches an inquiry"
expect_err_has "no routing rule matches ticket 3" "says why"

# --- 国庆: only who is on duty ------------------------------------------------------
run duty add 2026-10-01..2026-10-07 a2 --hours 10:00-16:00
expect_rc 0 "a2 on duty over the holiday"
export SVC_NOW=2026-10-02T11:00:00+08:00
use_store holiday
run agent add li --name 李经理 --role manager
run agent add a1 --name 甲 --role agent --team complaints
run agent add a2 --name 乙 --role agent --team complaints
run policy load "$WORK/policy.toml"
run duty add 2026-10-01..2026-10-07 a2 --hours 10:00-16:00
run ticket open --channel phone --kind complaint --summary 国庆投诉 --name 张 --phone 13800000001
expect_err_has "routed to a2: team complaints, least-loaded (0 open, on duty)" "on a holiday, the agent on duty"
export SVC_NOW=2026-10-02T20:00:00+08:00
run ticket open --channel phone --kind complaint --summary 夜里 --phone 13800000001 --new
expect_eq "$(q "SELECT assignee FROM ticket WHERE id = 2")" "li" "nobody on duty: the opener keeps it"
use_store main_again
SVC_DB=$MAIN_STORE
export SVC_NOW=2026-11-23T11:00:00+08:00

# --- links ---------------------------------------------------------------------------
run ticket link 2 1 --kind caused-by
expect_rc 0 "link"
run ticket show 1 --format json
expect_out_has '"links":[{"ticket":2,"link":"caused-by","other":1' "ticket show lists the link either way round"
run ticket link 1 2
expect_err_has "linked already" "a second link is a no-op"
run ticket link 1 1
expect_rc 2 "a ticket to itself"
run ticket link 1 2 --kind duplicate
expect_rc 2 "an unknown kind"
run ticket unlink 1 2
expect_rc 0 "unlink"
expect_eq "$(q "SELECT count(*) FROM ticket_link")" "0" "gone"

# --- merge and unmerge ------------------------------------------------------------
run followup add 5 --kind callback --due 2h --note 回电
followup=$OUT
before5=$(q "SELECT status, resolve_due, next_response_due FROM ticket WHERE id = 5")
before1=$(q "SELECT status, resolve_due, next_response_due, first_response_due FROM ticket WHERE id = 1")
run ticket merge 5 --into 1
expect_rc 0 "merge"
expect_err_has "ticket 5 merged into ticket 1" "says so"
expect_err_has "follow-up $followup moved to ticket 1" "and what moved"
expect_eq "$(q "SELECT status || '|' || coalesce(resolve_due, 0) || '|' || coalesce(resolved_at, 0) FROM ticket WHERE id = 5")" \
    "closed|0|0" "the duplicate closes unresolved, its deadlines cleared"
expect_eq "$(q "SELECT ticket_id FROM followup WHERE id = $followup")" "1" "its follow-up moved"
run ticket show 1 --format json
expect_out_has '(#5) normal complaint via chat: 又是物流' "the duplicate's messages in the timeline"
expect_out_has '"event":"merged_in"' "the merge in the timeline"
run ticket merge 5 --into 1
expect_rc 4 "a merged ticket again"
run ticket unlink 5 1
expect_rc 4 "a merge is not unlinked"
expect_err_has "svc ticket unmerge 5" "says how"
run ticket unmerge 5
expect_rc 0 "unmerge"
expect_eq "$(q "SELECT status, resolve_due, next_response_due FROM ticket WHERE id = 5")" "$before5" "the duplicate as it was"
expect_eq "$(q "SELECT status, resolve_due, next_response_due, first_response_due FROM ticket WHERE id = 1")" "$before1" \
    "the ticket that stayed as it was"
expect_eq "$(q "SELECT ticket_id FROM followup WHERE id = $followup")" "5" "the follow-up back"
run ticket unmerge 5
expect_rc 4 "not merged"

# --- a mail is owned by whom it is routed to --------------------------------------
run --as kefu ticket intake <"$MAIL/utf8.eml"
expect_rc 0 "a mail taken in by the mailbox"
id=$OUT
expect_eq "$(q "SELECT owner || '|' || assignee FROM ticket WHERE id = $id")" "m1|m1" "routed to the mail team, who owns it"

finish
