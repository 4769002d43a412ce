# bash completion for svc. The candidates come from the binary itself (svc __complete), so
# they follow every noun, verb, flag and value it knows, and ticket numbers, agent logins
# and customer refs from the store. It answers ":files" (":dirs") where a file (directory)
# name is expected; descriptions after a tab are for zsh and fish.
_svc() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    [ "$cur" = "=" ] && cur=""
    local -a answer
    mapfile -t answer < <(svc __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
    local IFS=$'\n'  # file names with spaces stay whole
    case ${answer[0]} in
    :files) COMPREPLY=($(compgen -f -- "$cur")) ;;
    :dirs) COMPREPLY=($(compgen -d -- "$cur")) ;;
    *) COMPREPLY=("${answer[@]%%$'\t'*}") ;;
    esac
}
complete -o filenames -F _svc svc
