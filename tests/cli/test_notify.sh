#!/usr/bin/env bash
# notify.command: a program and its arguments run without a shell, only from a file that
# nobody but root or the store's owner can change; a policy naming any other is refused.
source "$(dirname "$0")/lib.sh"

run db init
# with_command TOML_VALUE: the shipped policy with [notify] command set to it, in $WORK/p.toml.
with_command() {
    "$SVC" policy show | awk -v c="$1" '/^command = / { print "command = " c; next } { print }' >"$WORK/p.toml"
}
mkdir -p "$WORK/bin"
chmod 755 "$WORK/bin"
cat >"$WORK/bin/receiver" <<EOF
#!/bin/sh
# Each argument on a line of its own, then the payload.
for a in "\$@"; do printf 'arg:%s\n' "\$a"; done >>"$WORK/got.log"
cat >>"$WORK/got.log"
EOF
chmod 755 "$WORK/bin/receiver"

# Shell syntax is refused where it would have meant something to a shell.
with_command "\"$WORK/bin/receiver | tee /tmp/x\""
before=$(dump)
run policy load "$WORK/p.toml"
expect_rc 2 "a command string with a pipe is refused"
expect_err_has "runs without a shell: '|' has no meaning there" "the error says why"
expect_err_has "p.toml:" "and names the file and line"
expect_eq "$(dump)" "$before" "nothing is written"
with_command '"receiver"'
run policy load "$WORK/p.toml"
expect_rc 2 "a program without its absolute path is refused"
expect_err_has "must be named by its absolute path" "the error says so"
with_command '[]'
run policy check "$WORK/p.toml"
expect_rc 0 "an empty list means no command"

# A program others may change is refused with exit 4, naming the path and why.
mkdir -p "$WORK/open"
chmod 777 "$WORK/open"
cp "$WORK/bin/receiver" "$WORK/open/receiver"
with_command "\"$WORK/open/receiver\""
run policy load "$WORK/p.toml"
expect_rc 4 "a program in a directory anyone may write to is refused"
expect_err_has "$WORK/open is writable by others" "the error names the directory and why"
chmod 755 "$WORK/open"
chmod 666 "$WORK/open/receiver"
run policy load "$WORK/p.toml"
expect_rc 4 "a program anyone may write to is refused"
expect_err_has "$WORK/open/receiver is writable by others" "the error names the file"
chmod 755 "$WORK/open/receiver"
# A script handed to an interpreter is held to the same rule as a program.
chmod 666 "$WORK/open/receiver"
with_command "[\"/bin/sh\", \"$WORK/open/receiver\"]"
run policy load "$WORK/p.toml"
expect_rc 4 "a script anyone may change, given to /bin/sh, is refused"
expect_err_has "$WORK/open/receiver is writable by others" "naming the script"
chmod 755 "$WORK/open/receiver"
run policy load "$WORK/p.toml"
expect_rc 0 "a trusted script given to /bin/sh (a link to the shell) is loaded"
if [ "$(id -u)" -eq 0 ]; then
    chown nobody "$WORK/open/receiver"
    with_command "\"$WORK/open/receiver\""
    run policy load "$WORK/p.toml"
    expect_rc 4 "a program owned by someone else is refused"
    expect_err_has "is owned by uid $(id -u nobody), neither root nor the store's owner" "the error names the owner"
fi

# A trusted program with arguments: each word arrives as it was written, nothing expanded.
with_command "[\"$WORK/bin/receiver\", \"--to\", \"\$HOME\", \"a b\"]"
run policy load "$WORK/p.toml"
expect_rc 0 "a list of words naming a trusted program is loaded"
run ticket open --channel social --kind complaint --priority urgent --summary '要找媒体' --name 周 --phone 13500001111
run --now 2026-11-23T10:01 escalate sweep --notify
expect_rc 0 "the sweep delivers through it"
expect_eq "$(grep -c '^arg:' "$WORK/got.log")" 3 "three arguments"
expect_eq "$(sed -n 2p "$WORK/got.log")" 'arg:$HOME' "no shell expanded \$HOME"
expect_eq "$(sed -n 3p "$WORK/got.log")" 'arg:a b' "a word with a space stays one argument"

# A program that became untrusted after the load is not run.
chmod 777 "$WORK/bin"
run ticket open --channel social --kind complaint --priority urgent --summary '要找律师' --customer 13500001111
run --now 2026-11-23T10:05 escalate sweep --notify
expect_rc 4 "a sweep refuses to run a program that others may now change"
expect_err_has "$WORK/bin is writable by others" "and says why"
chmod 755 "$WORK/bin"

# The example receiver drops a payload whose delivery_id it has taken already.
mkdir -p "$WORK/fake"
printf '#!/bin/sh\ncat >>"%s"\n' "$WORK/syslog" >"$WORK/fake/logger"
chmod 755 "$WORK/fake/logger"
example="$SVC_SOURCE_DIR/share/examples/notify-logger"
for line in '{"delivery_id":"sweep-1","event":"at_risk"}' '{"delivery_id":"sweep-1","event":"at_risk"}' '{"delivery_id":"sweep-2","event":"at_risk"}'; do
    printf '%s\n' "$line" | PATH="$WORK/fake:$PATH" SVC_NOTIFY_SEEN="$WORK/seen" sh "$example"
    expect_eq "$?" 0 "the example logger takes $line"
done
expect_eq "$(lines "$WORK/syslog")" 2 "the example logger logs a delivery_id once"
finish
