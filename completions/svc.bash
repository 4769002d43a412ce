# bash completion for svc. The candidates come from the binary itself (svc __complete), so
# they follow every noun, verb, flag and value it knows, and ticket numbers, agent logins
# and customer refs from the store.
_svc() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local IFS=$'\n'
    COMPREPLY=($(svc __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
    # Nothing to offer (a file argument, a free text): let bash complete file names.
    if [ ${#COMPREPLY[@]} -eq 0 ]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _svc svc
