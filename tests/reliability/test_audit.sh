#!/usr/bin/env bash
# The audit trail is append-only in the store itself: an UPDATE or DELETE through sqlite3
# (not svc) fails and changes nothing; a store whose guard was removed fails `db check`.
# Revealing a customer's contact details is recorded.
source "$(dirname "$0")/lib.sh"

run db init
run customer add --name 张伟 --phone 13800001234 --email zw@example.com
expect_rc 0 "a customer"
run ticket open --channel phone --kind complaint --summary '快递没到' --customer 13800001234
expect_rc 0 "a ticket"
T=$OUT
run ticket note "$T" '已联系快递'
expect_rc 0 "a note"

audit_rows=$(q 'SELECT count(*) FROM audit')
[ "$audit_rows" -gt 0 ] && pass || failure "the audit trail has rows"
before=$(dump)
for sql in "UPDATE audit SET actor = 'mallory'" \
           "UPDATE audit SET detail = NULL WHERE id = (SELECT max(id) FROM audit)" \
           "DELETE FROM audit" \
           "DELETE FROM audit WHERE id = 1" \
           "INSERT OR REPLACE INTO audit (id, at, actor, entity, action) SELECT id, at, 'mallory', entity, action FROM audit" \
           "REPLACE INTO audit (id, at, actor, entity, action) VALUES (1, 0, 'mallory', 'ticket', 'open')"; do
    err=$(sqlite3 "$SVC_DB" "$sql" 2>&1)
    rc=$?
    OUT="" ERR=$err
    [ "$rc" -ne 0 ] && pass || failure "sqlite3 '$sql' is refused"
    expect_err_has "append-only" "sqlite3 '$sql' says why"
done
expect_eq "$(dump)" "$before" "the refused changes left the store as it was"
run db check
expect_rc 0 "the audit trail is guarded"

# customer show --reveal is recorded; the masked show is not.
reveals() { q "SELECT count(*) FROM audit WHERE entity = 'customer' AND action = 'reveal'"; }
run customer show 13800001234
expect_rc 0 "customer show"
expect_out_lacks '13800001234' "the phone is masked without --reveal"
expect_eq "$(reveals)" 0 "a masked show is not recorded"
run --as auditor customer show 13800001234 --reveal
expect_rc 0 "customer show --reveal"
expect_out_has '13800001234' "the phone is shown with --reveal"
expect_eq "$(reveals)" 1 "customer show --reveal is recorded"
expect_eq "$(q "SELECT actor FROM audit WHERE entity = 'customer' AND action = 'reveal'")" "auditor" "the reveal names who looked"
expect_eq "$(q "SELECT entity_id FROM audit WHERE entity = 'customer' AND action = 'reveal'")" \
    "$(q "SELECT id FROM customer WHERE phone = '13800001234'")" "the reveal names whose details"
run customer list --reveal
expect_rc 0 "customer list --reveal"
expect_eq "$(reveals)" 2 "customer list --reveal is recorded too"
run ticket show "$T" --reveal
expect_rc 0 "ticket show --reveal"
expect_eq "$(reveals)" 3 "ticket show --reveal is recorded too"

# Removing the guard is noticed by db check (exit 5).
sqlite3 "$SVC_DB" 'DROP TRIGGER audit_no_delete'
run db check
expect_rc 5 "db check fails once the guard is removed"
expect_err_has "failed its check" "db check says so"
expect_out_has "no longer protected" "db check names the problem"
finish
