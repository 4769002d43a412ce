#!/usr/bin/env bash
# Shell completion: the scripts in completions/ ask the binary (svc __complete), so what
# they offer is what svc accepts. Runs real bash; zsh and fish when they are installed.
source "$(dirname "$0")/lib.sh"
COMPLETIONS="$SVC_SOURCE_DIR/completions"
BIN="$WORK/bin"
mkdir -p "$BIN" && ln -s "$SVC" "$BIN/svc"
export PATH="$BIN:$PATH"

# complete WORD…: what the bash completion offers for the last word, space-separated.
mkdir -p "$WORK/empty"
complete_bash() {
    OUT=$(cd "$WORK/empty" && bash --norc --noprofile -c '
        source "$0"
        COMP_WORDS=("$@")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        _svc
        printf "%s\n" "${COMPREPLY[@]}"' "$COMPLETIONS/svc.bash" svc "$@" | tr '\n' ' ' | sed 's/ $//')
}

complete_bash tic
expect_eq "$OUT" "ticket" "a noun completes"
complete_bash ticket re
expect_eq "$OUT" "respond resume resolve reopen" "the verbs of a noun complete"
complete_bash ticket open --channel ""
expect_eq "$OUT" "chat phone email social web store" "an enum flag offers its values"
complete_bash followup add --kind c
expect_eq "$OUT" "callback care" "the same flag name offers each verb's own values"
complete_bash ticket compensate 1 --kind c
expect_eq "$OUT" "coupon cash" "compensation kinds"
complete_bash ticket intake --format ""
expect_eq "$OUT" "email json" "intake's --format is the input's: email or json"
complete_bash ticket list --format j
expect_eq "$OUT" "json jsonl" "elsewhere --format is the output's"
complete_bash ticket list --ove
expect_eq "$OUT" "--overdue" "a long flag completes"
complete_bash ticket list --no-he
expect_eq "$OUT" "--no-header" "global flags complete after the verb"
complete_bash escalate sw
expect_eq "$OUT" "sweep" "escalate's verbs complete"
complete_bash survey s
expect_eq "$OUT" "send stats" "survey's verbs complete"
complete_bash survey list --state ""
expect_eq "$OUT" "sent answered expired cancelled" "survey states"
complete_bash kpi --by t
expect_eq "$OUT" "team tier" "kpi groups"
complete_bash kpi --metrics res_
expect_eq "$OUT" "res_p50 res_p90 res_sla" "kpi metric names"
complete_bash survey stats --by t
expect_eq "$OUT" "team tier" "survey groups"

# Values from the store: ticket numbers, agent logins, customer refs. Completion never
# creates a store.
complete_bash ticket show ""
expect_eq "$OUT" "" "no store, no ticket numbers"
[ -e "$SVC_DB" ] && failure "completion must not create the store" || pass
run db init
run agent add li.manager --name 李 --role manager --as li.manager
run agent add wang.fang --name 王 --role agent --as li.manager
run customer add --name 张伟 --phone 13800001234 --ref CRM-7 --as li.manager
run ticket open --channel chat --kind inquiry --summary 'a' --customer CRM-7 --as wang.fang
run ticket open --channel chat --kind inquiry --summary 'b' --customer CRM-7 --as wang.fang
complete_bash ticket show ""
expect_eq "$OUT" "2 1" "open ticket numbers, most recent first"
complete_bash ticket show "#"
expect_eq "$OUT" "2 1" "#N completes to the numbers too"
complete_bash ticket assign 1 --as w
expect_eq "$OUT" "wang.fang" "agent logins"
complete_bash ticket open --customer CR
expect_eq "$OUT" "CRM-7" "customer refs"

# File names where a file is expected, and only there.
touch "$WORK/policy-new.toml"
mkdir -p "$WORK/policy-dir"
complete_bash policy check "$WORK/policy-n"
expect_eq "$OUT" "$WORK/policy-new.toml" "a FILE argument completes file names"
complete_bash ticket import "$WORK/policy-n"
expect_eq "$OUT" "$WORK/policy-new.toml" "ticket import's FILE"
complete_bash kb add --file "$WORK/policy-n"
expect_eq "$OUT" "$WORK/policy-new.toml" "a --file option"
complete_bash --db "$WORK/policy-n"
expect_eq "$OUT" "$WORK/policy-new.toml" "--db"
complete_bash ticket intake --attachments "$WORK/policy-"
expect_eq "$OUT" "$WORK/policy-dir" "--attachments offers directories only"
complete_bash ticket open --summary "$WORK/policy-n"
expect_eq "$OUT" "" "free text is not a file name"
# --opt=value: bash splits the word at "=" and svc completes the value.
complete_bash ticket list --format = j
expect_eq "$OUT" "json jsonl" "--format=j (as bash splits it)"
complete_bash ticket list --format =
expect_eq "$OUT" "table tsv csv json jsonl" "--format= (as bash splits it)"
run __complete ticket list --format=j
expect_eq "$OUT" "--format=json
--format=jsonl" "--format=j whole (zsh, fish) completes to --format=json"
run __complete ticket list --overdue=x
expect_eq "$OUT" "" "a flag that takes no value has no --flag= values"
# Descriptions for zsh and fish, after a tab; bash shows the words alone.
run __complete tic
expect_eq "$(printf '%s' "$OUT" | cut -f1)" "ticket" "the noun"
expect_out_has "$(printf 'ticket\tTickets: ')" "a noun's description after a tab"
run __complete ticket list --overd
expect_out_has "$(printf -- '--overdue\tA target breached')" "a flag's description"
LANG=zh_CN.UTF-8 run __complete tic
expect_out_has "$(printf 'ticket\t工单')" "descriptions in the user's language"

# zsh and fish, when present, load their scripts without error.
if command -v zsh >/dev/null; then
    # compinit finds _svc on the fpath and binds it to svc, as an installed system would.
    OUT=$(cd "$WORK/empty" && zsh -fc "fpath=($COMPLETIONS \$fpath); autoload -Uz compinit; compinit -u -D; print -r -- \$_comps[svc]" 2>&1)
    expect_eq "$OUT" "_svc" "zsh binds _svc to svc"
    # What _svc hands to zsh's completion functions, with those replaced by stand-ins that
    # print their arguments: described words, or _files where a file is expected.
    zsh_complete() {
        OUT=$(cd "$WORK/empty" && zsh -fc '
            _describe() { local array=${@[-1]}; print -rl -- ${(P)array} }
            _files() { print -r -- "files $*" }
            compset() { return 0 }
            source "$1" >/dev/null
            shift
            words=(svc "$@"); CURRENT=${#words}; _svc' zsh "$COMPLETIONS/_svc" "$@")
    }
    zsh_complete tic
    expect_eq "$OUT" "ticket:Tickets: open, reply, transfer, hold, resolve, with SLA dea…" "zsh: a noun with its description"
    zsh_complete ticket import "$WORK/policy-n"
    expect_eq "$OUT" "files " "zsh: file names for a FILE argument"
    zsh_complete ticket intake --attachments "$WORK/"
    expect_eq "$OUT" "files -/" "zsh: directories for --attachments"
    zsh_complete ticket list --format=j
    expect_eq "$OUT" "--format=json
--format=jsonl" "zsh: --format=j"
fi
if command -v fish >/dev/null; then
    fish_complete() { OUT=$(cd "$WORK/empty" && fish --no-config -c "source $COMPLETIONS/svc.fish; complete -C '$1'"); }
    fish_complete 'svc tic'
    expect_out_has "$(printf 'ticket\tTickets: ')" "fish completes a noun, with its description"
    fish_complete "svc ticket import $WORK/policy-n"
    expect_eq "$OUT" "$WORK/policy-new.toml" "fish completes file names where a file is expected"
    fish_complete "svc --db=$WORK/policy-n"
    expect_eq "$OUT" "--db=$WORK/policy-new.toml" "fish: --db=PATH"
    fish_complete 'svc ticket list --format=j'
    expect_eq "$(printf '%s\n' "$OUT" | cut -f1 | tr '\n' ' ')" "--format=json --format=jsonl " "fish: --format=j"
    fish_complete "svc ticket open --summary $WORK/policy-n"
    expect_eq "$OUT" "" "fish offers no file names for free text"
fi

finish
