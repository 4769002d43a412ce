#!/usr/bin/env bash
# Man pages: every built page passes mandoc's lint, and every verb and long option that the
# binary accepts is documented: a noun's verbs and their options in man/svc-NOUN.1.scd, the
# global options in man/svc.1.scd. The binary's --help output is the reference, so a flag
# added to the code without its documentation fails here.
source "$(dirname "$0")/lib.sh"

# The nouns whose page man/svc-NOUN.1.scd is checked. Add a noun here with its page.
NOUNS=(db policy customer agent duty today wallboard ticket escalate followup survey kpi review kb demo)

: "${SVC_SOURCE_DIR:?set SVC_SOURCE_DIR to the source tree}"
MAN_SRC="$SVC_SOURCE_DIR/man"
MAN_OUT="$(dirname "$SVC")/man"  # where the build writes the roff pages

# scdoc puts a .P after every heading and before every heading or block end; mandoc reports
# each of them. They come from scdoc's output, not from the page sources, and change nothing
# in the rendering, so they are the only lint messages tolerated.
SCDOC_ARTEFACTS='WARNING: skipping paragraph macro: PP (after SH|after SS|empty)$'

OUT=""
ERR=""

# help ARGS…: the help text of `svc ARGS… --help`; fails when svc does. (It runs in a
# command substitution, so the caller reports the failure.)
help() {
    "$SVC" "$@" --help 2>&1
}

# long_flags: the long option names defined in a help text on stdin. Option lines are
# indented by two spaces and start with a dash ("  -q,--quiet   …", "  --limit INT …");
# descriptions and examples are not.
long_flags() {
    grep -E '^  -' | awk '{ print $1 }' | tr ',' '\n' | grep -E '^--[[:alnum:]]' | sort -u
}

# subcommands: the names listed under a help text's subcommand heading. CLI11 names the
# heading after the subcommands' group ("Subcommands:" unless the code names it).
subcommands() {
    awk '/^(Subcommands|Verbs|Nouns|Commands):$/ { on = 1; next }
         on && /^$/ { on = 0 }
         on && /^  [a-z][a-z0-9-]* / { print $1 }'
}

# documents FILE WORDS: whether FILE mentions WORDS as a whole (not inside a longer word).
documents() {
    grep -qE -- "(^|[^[:alnum:]-])$2([^[:alnum:]-]|\$)" "$1"
}

# ---------------------------------------------------------------------------------------
# 1. mandoc lint on every built page.

if ! command -v mandoc >/dev/null; then
    failure "mandoc is not installed (apt-get install mandoc)"
else
    pages=0
    for source in "$MAN_SRC"/*.scd; do
        page="$MAN_OUT/$(basename "$source" .scd)"
        if [ ! -f "$page" ]; then
            failure "$page was not built from $source (run: cmake --build on the build directory)"
            continue
        fi
        if [ "$source" -nt "$page" ]; then
            failure "$page is older than $source (run: cmake --build on the build directory)"
            continue
        fi
        pages=$((pages + 1))
        lint=$(mandoc -Tlint -W warning "$page" 2>&1 | grep -vE "$SCDOC_ARTEFACTS")
        if [ -n "$lint" ]; then
            OUT="$lint"
            failure "mandoc -Tlint -W warning $(basename "$page") reports problems"
            OUT=""
        else
            pass
        fi
    done
    [ "$pages" -gt 0 ] || failure "no man page found in $MAN_OUT"
fi

# ---------------------------------------------------------------------------------------
# 2. Global options in svc.1.scd.

GLOBAL_FLAGS=$(help | long_flags | grep -vx -- '--help')
[ -n "$GLOBAL_FLAGS" ] || failure "no global option found in 'svc --help'"
for flag in $GLOBAL_FLAGS; do
    if documents "$MAN_SRC/svc.1.scd" "$flag"; then pass; else
        failure "global option $flag (svc --help) is missing from man/svc.1.scd"
    fi
done
for noun in "${NOUNS[@]}"; do
    if documents "$MAN_SRC/svc.1.scd" "svc-$noun\\*?\\(1\\)"; then pass; else
        failure "man/svc.1.scd does not refer to svc-$noun(1)"
    fi
done

# ---------------------------------------------------------------------------------------
# 3. Each noun's verbs (and the verbs of nested groups, such as 'review action add') and
#    their long options in the noun's page.

# check_command PAGE WORDS…: `svc WORDS…` and its options are documented in PAGE; its
# subcommands are checked in turn.
check_command() {
    local page=$1
    shift
    local text verb flag
    if ! text=$(help "$@"); then
        OUT="$text"
        failure "'svc $* --help' failed"
        OUT=""
        return
    fi
    if [ "$#" -gt 1 ] && ! documents "$page" "svc $*"; then
        failure "'svc $*' (a verb of svc $1) is missing from man/$(basename "$page")"
    else
        pass
    fi
    for flag in $(printf '%s\n' "$text" | long_flags); do
        [ "$flag" = --help ] && continue
        grep -qx -- "$flag" <<<"$GLOBAL_FLAGS" && continue
        if documents "$page" "$flag"; then pass; else
            failure "option $flag of 'svc $*' is missing from man/$(basename "$page")"
        fi
    done
    for verb in $(printf '%s\n' "$text" | subcommands); do
        check_command "$page" "$@" "$verb"
    done
}

for noun in "${NOUNS[@]}"; do
    page="$MAN_SRC/svc-$noun.1.scd"
    if [ ! -f "$page" ]; then
        failure "man/svc-$noun.1.scd does not exist"
        continue
    fi
    # A noun without verbs (such as demo) takes its options itself: check_command checks them.
    if ! grep -qx -- "$noun" <<<"$(help | subcommands)"; then
        failure "'$noun' is not a noun listed by 'svc --help'"
        continue
    fi
    check_command "$page" "$noun"
done

# Nouns the binary has but this test does not check yet: not a failure, but worth a line.
for noun in $(help | subcommands); do
    case " ${NOUNS[*]} " in
        *" $noun "*) ;;
        *) echo "note: noun '$noun' is not in NOUNS of $(basename "$0"); its page is not checked" >&2 ;;
    esac
done

finish
