#!/usr/bin/env bash
# On PostgreSQL the database enforces who may do what: an agent is a login role (peer
# authentication maps the OS login to it), in the database's group of its role. Two OS users
# show that an agent cannot load a policy, register an agent, alter the trail or act --as a
# manager, and that a manager can. Needs root (to create the OS users); on SQLite, or not as
# root, there is nothing to test here.
. "$(dirname "$0")/lib.sh"

if sqlite_only || [ "$(id -u)" -ne 0 ]; then
    echo "permissions: PostgreSQL as root only; skipped"
    finish
    exit
fi

agent=svc-test-agent manager=svc-test-manager
for u in "$agent" "$manager"; do id "$u" >/dev/null 2>&1 || useradd --system --no-create-home "$u"; done
shared=$(mktemp -d /tmp/svc-perm.XXXXXX)
chmod 755 "$shared"
trap 'rm -rf "$shared"; cleanup' EXIT
# The store's URI without a user: libpq connects as the OS user, whom peer authentication
# lets in as the role of that name.
as_user_uri=${SVC_DB/&user=postgres/}
# as USER ARGS…: svc run by that OS user, with no --as and no $SVC_USER.
as() {
    local who=$1
    shift
    OUT=$(cd "$shared" && runuser -u "$who" -- env -u SVC_USER HOME="$shared" SVC_DB="$as_user_uri" "$SVC" "$@" 2>"$shared/stderr")
    RC=$?
    ERR=$(cat "$shared/stderr")
}
psql_as() { (cd "$shared" && runuser -u "$1" -- psql -XAtq "$as_user_uri" -c "$2" 2>&1); }

"$SVC" -q db init
run agent add "$manager" --name 经理 --role manager
expect_rc 0 "the service role registers a manager"
run --as "$manager" agent add "$agent" --name 客服 --role agent
expect_rc 0 "and an agent"
run --as "$manager" policy show
printf '%s\n' "$OUT" >"$shared/policy.toml"
chmod 644 "$shared/policy.toml"

as "$agent" ticket open --channel chat --kind inquiry --summary '查询物流' --name 张伟 --phone 13800001234
expect_rc 0 "the agent opens a ticket as itself"
expect_eq "$(q "SELECT actor FROM audit WHERE action = 'open' ORDER BY id DESC LIMIT 1")" "$agent" \
    "the trail names the agent the database authenticated"
as "$agent" policy load "$shared/policy.toml"
expect_rc 4 "an agent cannot load a policy"
case "$(psql_as "$agent" "INSERT INTO policy_version (loaded_at, loaded_by, source, text) VALUES (0, 'x', 'x', 'x')")" in
*"permission denied"*) pass ;;
*) failure "the database refuses an agent's policy row" ;;
esac
as "$agent" agent add intruder --name X --role manager
expect_rc 4 "an agent cannot register an agent"
case "$(psql_as "$agent" "SELECT svc_register_agent('intruder', 'manager')")" in
*"permission denied"*) pass ;;
*) failure "the database refuses an agent's call of svc_register_agent" ;;
esac
for statement in "UPDATE event SET at = 0" "DELETE FROM event" "UPDATE audit SET actor = 'x'"; do
    case "$(psql_as "$agent" "$statement")" in
    *"permission denied"* | *"append-only"*) pass ;;
    *) failure "the database refuses an agent's '$statement'" ;;
    esac
done
# Contacts: an agent with psql sees them masked, in the table, the view and the trail alike.
case "$(psql_as "$agent" "SELECT phone FROM customer")" in
*"permission denied"*) pass ;;
*) failure "the database refuses an agent's read of the raw phone column" ;;
esac
expect_eq "$(psql_as "$agent" "SELECT phone FROM customer_masked WHERE name = '张伟'")" "138****1234" \
    "the customers' view shows the phone masked"
case "$(psql_as "$agent" "SELECT detail FROM audit WHERE entity = 'customer'")" in
*13800001234*) failure "the trail keeps no phone in clear" ;;
*"138****1234"*) pass ;;
*) failure "the trail records the customer's masked phone" ;;
esac
as "$agent" customer list
expect_out_has "138****1234" "svc shows the agent masked contacts"
as "$agent" customer list --search 0000123
expect_out_has "张伟" "a part of a phone still finds the customer"
as "$agent" ticket open --channel phone --kind inquiry --summary '再次来电' --phone 13800001234
expect_rc 0 "a whole phone finds the customer for a new ticket"
expect_eq "$(q "SELECT count(*) FROM customer")" "1" "without creating another"
case "$(psql_as "$agent" "SELECT * FROM contact_reveal")" in
*"permission denied"*) pass ;;
*) failure "an agent cannot read or forge the reveals" ;;
esac
as "$agent" customer show 1 --reveal
expect_out_has "13800001234" "--reveal shows the agent the phone"
expect_eq "$(q "SELECT login || ' ' || purpose FROM contact_reveal ORDER BY id DESC LIMIT 1")" \
    "$agent customer show" "and the database records who revealed it and why"
expect_eq "$(psql_as "$agent" "SELECT svc_reveal_contacts('psql'); SELECT phone FROM customer_masked" | tail -n 1)" \
    "13800001234" "psql reveals only through the recorded function"
expect_eq "$(q "SELECT count(*) FROM contact_reveal WHERE purpose = 'psql'")" "1" "which records it as well"
as "$agent" customer update 1 --tier gold
expect_rc 0 "an agent who read masked contacts updates the customer"
expect_eq "$(q "SELECT phone || ' ' || tier FROM customer WHERE id = 1")" "13800001234 gold" \
    "and the stored phone is kept, not overwritten by its masked form"

# Compensation: within the granter's authority over the ticket's total, in its own name.
as "$agent" ticket compensate 1 --amount 40 --kind cash
expect_rc 0 "an agent grants 40 yuan within the agent limit of 50"
comp="INSERT INTO compensation (ticket_id, customer_id, agent, role, amount_fen, kind, level, at)"
case "$(psql_as "$agent" "$comp VALUES (1, 1, '$agent', 'agent', 2000, 'cash', 0, 0)")" in
*"over the limit"*) pass ;;
*) failure "the database refuses a grant that takes the ticket over the agent's limit" ;;
esac
case "$(psql_as "$agent" "$comp VALUES (1, 1, '$manager', 'manager', 2000, 'cash', 0, 0)")" in
*"in the name of"*) pass ;;
*) failure "the database refuses a grant in another agent's name" ;;
esac
case "$(psql_as "$agent" "UPDATE compensation SET amount_fen = 1")" in
*"permission denied"*) pass ;;
*) failure "a grant cannot be changed afterwards" ;;
esac
expect_eq "$(q "SELECT sum(amount_fen) FROM compensation")" "4000" "nothing over the limit was written"

# The duty roster: everyone reads it, supervisors and managers keep it.
as "$manager" duty add 2026-10-01 "$agent" --hours 10:00-16:00
expect_rc 0 "a manager puts the agent on duty"
as "$agent" duty list --period 2026-10-01 --no-header
expect_out_has "$agent" "the agent reads the roster"
case "$(psql_as "$agent" "INSERT INTO duty_shift (login, starts_at, ends_at, created_by, created_at) VALUES ('$agent', 0, 1, '$agent', 0)")" in
*"permission denied"*) pass ;;
*) failure "the database refuses a roster entry written by an agent" ;;
esac
case "$(psql_as "$agent" "DELETE FROM duty_shift")" in
*"permission denied"*) pass ;;
*) failure "the database refuses an agent removing shifts" ;;
esac
expect_eq "$(q "SELECT count(*) FROM duty_shift")" "1" "the roster is as the manager left it"

as "$agent" --as "$manager" customer list
expect_rc 4 "an agent cannot act --as a manager"
expect_err_has "may not act as $manager" "and is told why"
as "$agent" --as nobody-here customer list
expect_rc 4 "nor as a name that is no agent's role"

as "$manager" policy load "$shared/policy.toml"
expect_rc 0 "a manager loads a policy"
as "$manager" agent update "$agent" --role supervisor
expect_rc 0 "a manager changes an agent's role"
expect_eq "$(q "SELECT pg_has_role('$agent', current_database() || '_supervisor', 'MEMBER')")" "t" \
    "the login is now in the supervisors' group"

# A write waits for the store's write lock up to the busy timeout, then gives up: exit 5.
psql -Xq "$SVC_DB" -c "BEGIN; SELECT pg_advisory_xact_lock(7370610); SELECT pg_sleep(4); COMMIT;" >/dev/null &
holder=$!
sleep 1
printf '[store]\nbusy_timeout = "1s"\n' >"$WORK/busy.toml"
run --config "$WORK/busy.toml" --as "$manager" customer add --name 李四 --phone 13800009999
expect_rc 5 "a write held up past the busy timeout"
expect_err_has "the store is busy" "says the store is busy"
wait "$holder"

# Another database on the same cluster shares no permissions: the manager here is nobody there.
OTHER=$(new_store other)
SVC_DB=$OTHER "$SVC" -q db init
as_user_uri=${OTHER/&user=postgres/}
as "$manager" policy load "$shared/policy.toml"
expect_rc 4 "a manager of one database is nobody in another"
finish
