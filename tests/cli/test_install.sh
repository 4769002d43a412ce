#!/usr/bin/env bash
# `cmake --install` puts everything where a Debian system looks for it.
source "$(dirname "$0")/lib.sh"
BUILD=$(dirname "$SVC")
ROOT="$WORK/root"
DESTDIR="$ROOT" cmake --install "$BUILD" --prefix /usr >/dev/null 2>"$WORK/install.err"
RC=$?; ERR=$(cat "$WORK/install.err"); OUT=""
expect_rc 0 "cmake --install into a DESTDIR"

for f in bin/svc \
         share/man/man1/svc.1.gz share/man/man1/svc-ticket.1.gz share/man/man1/svc-escalate.1.gz \
         share/man/man1/svc-followup.1.gz share/man/man1/svc-customer.1.gz share/man/man1/svc-agent.1.gz \
         share/man/man1/svc-policy.1.gz share/man/man1/svc-db.1.gz share/man/man1/svc-demo.1.gz \
         share/man/man1/svc-survey.1.gz share/man/man1/svc-kpi.1.gz share/man/man1/svc-review.1.gz \
         share/man/man5/svc-policy.5.gz share/man/man5/svc-config.5.gz \
         share/bash-completion/completions/svc share/zsh/vendor-completions/_svc \
         share/fish/vendor_completions.d/svc.fish \
         share/svc/policy.toml share/svc/examples/crontab share/svc/examples/notify-logger \
         share/svc/examples/notify-webhook share/svc/examples/systemd/svc-sweep.service \
         share/svc/examples/systemd/svc-sweep.timer share/svc/examples/systemd/svc-followup.service \
         share/svc/examples/systemd/svc-followup.timer share/svc/examples/systemd/svc-survey.service \
         share/svc/examples/systemd/svc-survey.timer share/svc/examples/systemd/svc-review.service \
         share/svc/examples/systemd/svc-review.timer share/svc/examples/systemd/svc-wallboard.timer \
         share/svc/examples/systemd/svc-wallboard.service share/svc/examples/wallboard.txt \
         share/man/man1/svc-wallboard.1.gz share/doc/svc/copyright share/doc/svc/changelog.gz; do
    if [ -f "$ROOT/usr/$f" ]; then pass; else failure "installed: /usr/$f"; fi
done
[ -x "$ROOT/usr/share/svc/examples/notify-logger" ] && pass || failure "notify scripts are executable"
run --version
INSTALLED=$("$ROOT/usr/bin/svc" --version)
expect_eq "$INSTALLED" "$OUT" "the installed binary is the built one"
# The installed policy is the one compiled in.
run db init
run policy show
expect_eq "$(cat "$ROOT/usr/share/svc/policy.toml")" "$OUT" "share/svc/policy.toml is the default policy"
finish
