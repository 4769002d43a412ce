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
complete_bash ticket assign 1 --as w
expect_eq "$OUT" "wang.fang" "agent logins"
complete_bash ticket open --customer CR
expect_eq "$OUT" "CRM-7" "customer refs"

# A file argument falls back to file names.
touch "$WORK/policy-new.toml"
complete_bash policy check "$WORK/policy-n"
expect_eq "$OUT" "$WORK/policy-new.toml" "files where svc offers nothing"

# zsh and fish, when present, load their scripts without error.
if command -v zsh >/dev/null; then
    # compinit finds _svc on the fpath and binds it to svc, as an installed system would.
    OUT=$(cd "$WORK/empty" && zsh -fc "fpath=($COMPLETIONS \$fpath); autoload -Uz compinit; compinit -u -D; print -r -- \$_comps[svc]" 2>&1)
    expect_eq "$OUT" "_svc" "zsh binds _svc to svc"
fi
if command -v fish >/dev/null; then
    OUT=$(fish --no-config -c "source $COMPLETIONS/svc.fish; complete -C 'svc tic'")
    expect_out_has "ticket" "fish completes a noun"
fi

finish
