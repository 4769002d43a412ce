#!/usr/bin/env bash
# The store, policy, output contract, customers and agents, run through the real binary.
source "$(dirname "$0")/lib.sh"

# --- store creation --------------------------------------------------------------------
run db init
expect_rc 0 "db init creates the store"
expect_err_has "created store" "db init says it created the store"
if sqlite_only; then expect_eq "$(stat -c %a "$SVC_DB")" "600" "a new store is private (mode 0600)"; fi
run db init
expect_rc 0 "db init is idempotent"
expect_err_has "up to date" "a second db init reports the store as up to date"
run db check
expect_rc 0 "a fresh store passes db check"
expect_out_has "integrity	ok" "db check reports integrity ok"
# An index dropped by hand is named, with the statement that creates it again.
if sqlite_only; then
    cp "$SVC_DB" "$WORK/noindex.db"
    sqlite3 "$WORK/noindex.db" "DROP INDEX ticket_by_assignee"
    NOINDEX="$WORK/noindex.db"
    mend="sqlite3 $WORK/noindex.db"
else
    NOINDEX=$(copy_store noindex)
    query "$NOINDEX" "DROP INDEX ticket_by_assignee"
    mend="psql \"$NOINDEX\" -c"
fi
run db check --db "$NOINDEX"
expect_rc 5 "db check fails on a store missing an index"
expect_out_has "index ticket_by_assignee is missing (create it again with: $mend 'CREATE INDEX ticket_by_assignee ON ticket (assignee, created_at)')" \
    "the problem names the index and how to create it again"
sh -c "$(printf '%s\n' "$OUT" | sed -n 's/.*create it again with: \(.*\))$/\1/p')" >/dev/null
run db check --db "$NOINDEX"
expect_rc 0 "the command it gives mends the store"
run --version
expect_out_has "svc " "--version prints the version"
# The user config: named by --config or SVC_CONFIG it must be readable; its store.path is
# the store when neither --db nor SVC_DB says otherwise.
printf '[store]\npath = "%s"\n' "$SVC_DB" >"$WORK/config.toml"
stats_path() { sed -n 's/^path\t//p'; }  # the store that db stats describes
expect_eq "$(env -u SVC_DB "$SVC" --config "$WORK/config.toml" db stats --format tsv --no-header | stats_path)" "$SVC_DB" \
    "store.path of --config names the store"
expect_eq "$(env -u SVC_DB SVC_CONFIG="$WORK/config.toml" "$SVC" db stats --format tsv --no-header | stats_path)" "$SVC_DB" \
    "and of SVC_CONFIG"
run --config "$WORK/no-such.toml" db check
expect_rc 2 "a missing --config file is a usage error"
expect_err_has "--config: cannot read $WORK/no-such.toml: No such file or directory" "the error names --config, the file and why"
OUT=$(SVC_CONFIG="$WORK" "$SVC" db check 2>&1); RC=$?
expect_rc 2 "SVC_CONFIG naming a directory is a usage error"
expect_out_has "SVC_CONFIG: cannot read $WORK: not a file of at most 1 MiB" "the error names SVC_CONFIG"
# The default config may be missing, but one that is there must be readable.
mkdir -p "$WORK/xdg-config/svc/config.toml"
OUT=$(XDG_CONFIG_HOME="$WORK/xdg-config" "$SVC" db check 2>&1); RC=$?
expect_rc 2 "a default config that cannot be read is a usage error"
expect_out_has "config: cannot read $WORK/xdg-config/svc/config.toml" "naming the file"
OUT=$(XDG_CONFIG_HOME="$WORK/no-config-here" "$SVC" db check 2>&1); RC=$?
expect_rc 0 "a missing default config is no error"
# A verb's help lists its own flags under Options; the global ones are svc --help's…
run ticket import --help
expect_eq "$(printf '%s\n' "$OUT" | grep -A2 '^Options:' | tail -n 1 | awk '{print $1}')" "--skip-invalid" \
    "ticket import --help lists --skip-invalid under Options"
expect_eq "$(printf '%s\n' "$OUT" | grep -c '^Global options:')" "0" "and no verb flag under Global options"
run --help
expect_out_has "Global options:" "svc --help groups the global options"
# …and it ends naming the global options, which a verb takes before or after itself.
run ticket import --help
expect_eq "$(printf '%s\n' "$OUT" | grep -A1 '^Global options (before or after the verb' | tail -n 1 | awk '{print $1, $2}')" \
    "--db TEXT" "a verb's help ends with the global options"

# The default location follows XDG_DATA_HOME when nothing else is given.
OUT=$(env -u SVC_DB XDG_DATA_HOME="$WORK/xdg" "$SVC" db init 2>&1); RC=$?
expect_rc 0 "db init at the default location"
[ -f "$WORK/xdg/svc/svc.db" ] && pass || failure "the default store is \$XDG_DATA_HOME/svc/svc.db"
# A relative XDG_DATA_HOME is invalid (XDG base directory spec): ignored, not used from the
# working directory.
mkdir -p "$WORK/home" "$WORK/cwd"
OUT=$(cd "$WORK/cwd" && env -u SVC_DB HOME="$WORK/home" XDG_DATA_HOME=relative "$SVC" db init 2>&1); RC=$?
expect_rc 0 "db init with a relative XDG_DATA_HOME"
[ -f "$WORK/home/.local/share/svc/svc.db" ] && [ ! -e "$WORK/cwd/relative" ] && pass ||
    failure "a relative XDG_DATA_HOME is ignored: the store is under \$HOME/.local/share"
# Colour on a terminal, but not on a dumb one (it would print the escape sequences).
if command -v script >/dev/null; then
    colour=$(TERM=xterm script -qec "$SVC --db '$SVC_DB' customer list" /dev/null | grep -c $'\e\\[' || true)
    dumb=$(TERM=dumb script -qec "$SVC --db '$SVC_DB' customer list" /dev/null | grep -c $'\e\\[' || true)
    [ "$colour" -gt 0 ] && [ "$dumb" -eq 0 ] && pass || failure "colour on a terminal ($colour lines), none when TERM=dumb ($dumb)"
fi

# A store from a newer svc is refused with exit 5 naming both versions.
cp "$SVC_DB" "$WORK/newer.db"
sqlite3 "$WORK/newer.db" "PRAGMA user_version = 99"
run --db "$WORK/newer.db" customer list
expect_rc 5 "a newer store is refused"
expect_err_has "schema version 99" "the refusal names the store's version"
expect_err_has "only up to $(q 'PRAGMA user_version')" "the refusal names the binary's version"

# --- output contract -------------------------------------------------------------------
run customer add --name 张伟 --phone "138 0000-1234" --tier gold --ref CRM-1 --note "家里有小孩"
expect_rc 0 "customer add"
expect_out "1" "customer add prints the new id alone"
run customer add --name "=HYPERLINK(\"x\")" --phone 13900002222 --email bob@example.com
expect_out "2" "second customer"
run customer list
expect_out_has "id	ref	name	phone	email	tier	no_survey	created_at" "piped output is tsv with a header"
expect_out_has "138****1234" "phones are masked in lists"
expect_out_has "b***@example.com" "e-mails are masked in lists"
expect_out_lacks "13800001234" "the full phone is not shown without --reveal"
expect_out_has "2026-11-23T10:00:00+08:00" "instants are ISO 8601 with the policy zone's offset"
run customer list --no-header
case "$OUT" in id*) failure "--no-header drops the header" ;; *) pass ;; esac
run customer list --format csv
expect_out_has "'=HYPERLINK(\"\"x\"\")" "csv neutralises formulas and doubles quotes"
run customer list --format json
expect_out_has '"id":1' "json numbers are numbers"
expect_out_has '"ref":null' "json empty fields are null"
run customer list --format jsonl --tier gold
expect_eq "$(printf '%s\n' "$OUT" | wc -l)" "1" "jsonl gives one line per record, filtered by tier"
run customer list --tz UTC --format jsonl --tier gold
expect_out_has '"created_at":"2026-11-23T02:00:00Z"' "--tz changes the display zone"
run customer list --format yaml
expect_rc 2 "an unknown format is a usage error"
expect_err_has "yaml" "the error names the value"
SVC_FORMAT=json run customer show 1
expect_out_has '"notes":[{' "SVC_FORMAT picks the format; show includes notes"

# --- customers -------------------------------------------------------------------------
before=$(dump)
run customer add --name X --phone 13800001234
expect_rc 4 "a duplicate phone is refused"
expect_err_has "already belongs to customer 1" "the refusal names the owner of the phone"
run customer add --name Y --phone abc
expect_rc 2 "a malformed phone is a usage error"
expect_err_has "--phone" "the error names the flag"
run customer add --name Z --tier diamond
expect_rc 2 "an unknown tier is a usage error"
expect_err_has "diamond" "the error names the value"
run customer add --name "" 
expect_rc 2 "an empty name is refused"
run customer add --name "$(printf 'bad\001name')"
expect_rc 2 "a control character is refused"
expect_eq "$(dump)" "$before" "refused commands wrote nothing"

run customer show CRM-1
expect_rc 0 "customer show by ref"
run customer show 13800001234
expect_rc 0 "customer show by phone"
run customer show 999
expect_rc 3 "an unknown customer is not found"
expect_err_has "customer '999' not found" "the error names the customer"
run customer note 1 "下午三点后方便接电话"
expect_rc 0 "customer note"
run customer show 1 --format json
expect_out_has '"notes":[{"at":"2026-11-23T10:00:00+08:00","actor":"tester","text":"下午三点后方便接电话"}' "notes are newest first with the actor"
run customer update 1 --tier platinum --no-survey
expect_rc 0 "customer update"
run customer show 1 --format json
expect_out_has '"tier":"platinum"' "the tier changed"
expect_out_has '"no_survey":true' "the customer opted out of surveys"
run customer list --search 张
expect_out_has "张伟" "search finds Chinese names"
expect_out_lacks "HYPERLINK" "search filters others out"

# --reveal shows contact details and leaves a trace.
run customer show 1 --reveal
expect_out_has "13800001234" "--reveal shows the phone"
expect_eq "$(q "SELECT count(*) FROM audit WHERE action = 'reveal' AND actor = 'tester'")" "1" "--reveal is recorded in the audit trail"

# --- audit trail is append-only ----------------------------------------------------------
if q "UPDATE audit SET actor = 'x'" 2>/dev/null; then failure "UPDATE of audit must fail"; else pass; fi
if q "DELETE FROM audit" 2>/dev/null; then failure "DELETE of audit must fail"; else pass; fi

# --- time input ------------------------------------------------------------------------
run --now 2026-02-30T10:00 customer list
expect_rc 2 "an impossible --now is a usage error"
expect_err_has "--now" "the error names the flag"
run --now "2026-11-23 25:00" customer list
expect_rc 2 "25:00 is refused"

# --- policy ----------------------------------------------------------------------------
run policy show
expect_out_has 'zone = "Asia/Shanghai"' "policy show prints the active policy"
printf '%s\n' "$OUT" > "$WORK/policy.toml"
run policy check "$WORK/policy.toml"
expect_rc 0 "the shown policy checks"
sed 's/first_response = "30s"/first_response = "30 seconds"/' "$WORK/policy.toml" > "$WORK/bad.toml"
line=$(grep -n 'first_response = "30 seconds"' "$WORK/bad.toml" | cut -d: -f1)
before=$(dump)
run policy load "$WORK/bad.toml"
expect_rc 2 "a bad policy is refused"
expect_err_has "bad.toml:$line:" "the error names the file and line"
expect_err_has "first_response" "the error names the key"
expect_eq "$(dump)" "$before" "a refused policy wrote nothing"
printf 'zone = "Asia/Shanghai"\n[calendar]\nmon = "09:00-18:00"\nfrobnicate = 1\n' > "$WORK/typo.toml"
run policy check "$WORK/typo.toml"
expect_rc 2 "an unknown key is refused"
expect_err_has "typo.toml:4:" "the unknown key's line is named"
sed 's/warn_at = 0.8/warn_at = 0.75/' "$WORK/policy.toml" > "$WORK/new.toml"
run policy load "$WORK/new.toml"
expect_rc 0 "a valid policy loads"
expect_out "2" "policy load prints the new version"
run policy history
expect_out_has "2	2026-11-23T10:00:00+08:00	tester	$WORK/new.toml" "policy history lists who loaded what"
run policy show
expect_out_has "warn_at = 0.75" "the new version is active"

# --- agents and authority ----------------------------------------------------------------
run agent add li.manager --name 李经理 --role manager --team east
expect_rc 0 "in single-user mode anyone may add the first agent"
expect_err_has "must act as one of them" "adding an agent other than oneself warns"
run customer list
expect_rc 4 "once agents exist an unregistered actor is refused"
expect_err_has "'tester' is not a registered agent" "the refusal names the actor"
run --as li.manager agent add wang.fang --name 王芳 --role agent --team east --comp-limit 80
expect_rc 0 "a manager adds an agent"
run --as wang.fang agent add zhao --name 赵 --role agent
expect_rc 4 "an agent may not register agents"
run --as wang.fang policy load "$WORK/new.toml"
expect_rc 4 "an agent may not load a policy"
run --as li.manager agent add wang.fang --name dup --role agent
expect_rc 4 "a duplicate login is refused"
run --as li.manager agent add bad --name B --role boss
expect_rc 2 "an unknown role is a usage error"
run --as wang.fang agent list
expect_out_has "wang.fang	王芳	agent	east	80.00	true" "agent list shows role, team and limit"
run --as li.manager agent update wang.fang --inactive
expect_rc 0 "agent update"
run --as wang.fang customer list
expect_rc 4 "a deactivated agent is refused"
run --as li.manager agent update nobody --role agent
expect_rc 3 "updating an unknown agent is not found"

# --- db backup and stats -------------------------------------------------------------------
if sqlite_only; then
    run --as li.manager db backup "$WORK/backup.db"
    expect_rc 0 "db backup"
    expect_eq "$(sqlite3 "$WORK/backup.db" 'SELECT count(*) FROM customer')" "2" "the backup holds the customers"
    run --db "$WORK/backup.db" db check
    expect_rc 0 "the backup passes db check"
    run --as li.manager db backup "$WORK/backup.db"
    expect_rc 2 "db backup does not overwrite"
else
    run --as li.manager db backup "$WORK/backup.db"
    expect_rc 2 "db backup refuses a PostgreSQL store"
    expect_err_has "pg_dump" "and names the tool that backs one up"
fi
run db stats
expect_out_has "rows.customer	2" "db stats counts rows"
expect_out_has "policy_version	2" "db stats shows the policy version"

# --- usage ---------------------------------------------------------------------------------
run customer lst
expect_rc 2 "an unknown verb is a usage error"
expect_err_has "did you mean 'list'" "an unknown verb gets a suggestion"
run tickt list --overdue
expect_rc 2 "an unknown noun is a usage error"
expect_err_has "unexpected arguments 'tickt list" "the words as typed"
expect_err_has "; did you mean 'ticket'?" "the suggestion is for the word typed first"
run customer add
expect_rc 2 "a missing required flag is a usage error"
expect_err_has "--name" "the error names the missing flag"

finish
