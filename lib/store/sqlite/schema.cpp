#include "store/sqlite/schema.hpp"

#include <array>

namespace svc::schema {

namespace {

// Version 1: people, policy and the audit trail.
constexpr std::string_view k_v1 = R"sql(
CREATE TABLE agent (
    id          INTEGER PRIMARY KEY,
    login       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'manager')),
    team        TEXT,
    comp_limit  REAL,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL
);

CREATE TABLE customer (
    id          INTEGER PRIMARY KEY,
    ref         TEXT UNIQUE,
    name        TEXT NOT NULL,
    phone       TEXT UNIQUE,
    email       TEXT,
    tier        TEXT NOT NULL DEFAULT 'standard'
                CHECK (tier IN ('platinum', 'gold', 'silver', 'standard')),
    no_survey   INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX customer_by_tier ON customer (tier, id);

CREATE TABLE customer_note (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customer (id),
    at           INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    text         TEXT NOT NULL
);
CREATE INDEX customer_note_by_customer ON customer_note (customer_id, at);

CREATE TABLE policy_version (
    version    INTEGER PRIMARY KEY,
    loaded_at  INTEGER NOT NULL,
    loaded_by  TEXT NOT NULL,
    source     TEXT NOT NULL,
    text       TEXT NOT NULL
);

-- The audit trail: every change, who made it and when. Append-only, enforced by the store.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    action     TEXT NOT NULL,
    detail     TEXT
);
CREATE INDEX audit_by_entity ON audit (entity, entity_id, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
)sql";

// Version 2: tickets. Current state here, every change in the audit trail (entity 'ticket').
// Deadlines are stored per target with the instant a target turns "at risk"; next_due and
// next_warn are the earliest unmet ones, so the overdue and at-risk lists are index ranges.
constexpr std::string_view k_v2 = R"sql(
CREATE TABLE ticket (
    id                   INTEGER PRIMARY KEY,
    status               TEXT NOT NULL CHECK (status IN ('open', 'pending', 'resolved', 'closed')),
    kind                 TEXT NOT NULL,
    channel              TEXT NOT NULL,
    priority             TEXT NOT NULL,
    category             TEXT,
    summary              TEXT NOT NULL,
    body                 TEXT,
    customer_id          INTEGER NOT NULL REFERENCES customer (id),
    owner                TEXT NOT NULL,
    assignee             TEXT NOT NULL,
    level                INTEGER NOT NULL DEFAULT 0,
    need                 TEXT,
    mood                 TEXT,
    cause                TEXT,
    resolution           TEXT,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    first_response_due   INTEGER,
    first_response_warn  INTEGER,
    first_responded_at   INTEGER,
    next_response_due    INTEGER,
    next_response_warn   INTEGER,
    resolve_due          INTEGER,
    resolve_warn         INTEGER,
    resolve_start        INTEGER NOT NULL,
    resolve_paused       INTEGER NOT NULL DEFAULT 0,
    resolved_at          INTEGER,
    closed_at            INTEGER,
    paused_at            INTEGER,
    paused_total         INTEGER NOT NULL DEFAULT 0,
    reopen_count         INTEGER NOT NULL DEFAULT 0,
    response_count       INTEGER NOT NULL DEFAULT 0,
    transfer_count       INTEGER NOT NULL DEFAULT 0,
    policy_version       INTEGER NOT NULL,
    sla                  TEXT NOT NULL,
    next_due             INTEGER,
    next_warn            INTEGER
);
-- An agent's queue comes newest first with a limit: the index order is the list order.
CREATE INDEX ticket_by_assignee ON ticket (assignee, created_at);
CREATE INDEX ticket_by_owner ON ticket (owner, created_at);
CREATE INDEX ticket_by_customer ON ticket (customer_id, created_at);
CREATE INDEX ticket_by_created ON ticket (created_at);
CREATE INDEX ticket_by_resolved ON ticket (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX ticket_active_due ON ticket (next_due) WHERE status IN ('open', 'pending');
CREATE INDEX ticket_active_warn ON ticket (next_warn) WHERE status IN ('open', 'pending');

CREATE TABLE ticket_tag (
    tag        TEXT NOT NULL,
    ticket_id  INTEGER NOT NULL REFERENCES ticket (id),
    PRIMARY KEY (tag, ticket_id)
) WITHOUT ROWID;
CREATE INDEX ticket_tag_by_ticket ON ticket_tag (ticket_id);
)sql";

// Version 3: tiered escalation, the sweep's events with their delivery state, and
// compensation with its authority exceptions. Money is kept in fen (integer).
constexpr std::string_view k_v3 = R"sql(
ALTER TABLE ticket ADD COLUMN solution_due INTEGER;
ALTER TABLE ticket ADD COLUMN solution_warn INTEGER;
ALTER TABLE ticket ADD COLUMN level_role TEXT;
ALTER TABLE ticket ADD COLUMN risk_keyword TEXT;
CREATE INDEX ticket_by_level ON ticket (level, status) WHERE level > 0;
CREATE INDEX ticket_risk ON ticket (risk_keyword) WHERE risk_keyword IS NOT NULL AND status IN ('open', 'pending');

CREATE TABLE escalation (
    id              INTEGER PRIMARY KEY,
    ticket_id       INTEGER NOT NULL REFERENCES ticket (id),
    from_level      INTEGER NOT NULL,
    to_level        INTEGER NOT NULL,
    role            TEXT NOT NULL,
    handler         TEXT,
    actor           TEXT NOT NULL,
    trigger         TEXT NOT NULL CHECK (trigger IN ('manual', 'resolution_breached', 'solution_breached', 'risk_keyword')),
    reason          TEXT NOT NULL,
    at              INTEGER NOT NULL,
    solution_due    INTEGER,
    solution_clock  TEXT,
    ended_at        INTEGER,
    outcome         TEXT CHECK (outcome IN ('met', 'breached', 'superseded'))
);
CREATE INDEX escalation_by_ticket ON escalation (ticket_id, id);
CREATE INDEX escalation_by_time ON escalation (at);
CREATE UNIQUE INDEX escalation_once ON escalation (ticket_id, to_level);

CREATE TABLE sweep_event (
    id            INTEGER PRIMARY KEY,
    ticket_id     INTEGER NOT NULL REFERENCES ticket (id),
    kind          TEXT NOT NULL,
    target        TEXT NOT NULL DEFAULT '',
    due           INTEGER NOT NULL DEFAULT 0,
    at            INTEGER NOT NULL,
    recipient     TEXT,
    clock         TEXT NOT NULL,
    payload       TEXT NOT NULL,
    notify        INTEGER NOT NULL DEFAULT 0,
    delivered_at  INTEGER,
    attempts      INTEGER NOT NULL DEFAULT 0,
    claimed_at    INTEGER,
    last_error    TEXT,
    UNIQUE (ticket_id, kind, target, due)
);
CREATE INDEX sweep_event_undelivered ON sweep_event (id) WHERE notify = 1 AND delivered_at IS NULL;

CREATE TABLE compensation (
    id           INTEGER PRIMARY KEY,
    ticket_id    INTEGER NOT NULL REFERENCES ticket (id),
    customer_id  INTEGER NOT NULL REFERENCES customer (id),
    agent        TEXT NOT NULL,
    role         TEXT NOT NULL,
    amount_fen   INTEGER NOT NULL CHECK (amount_fen > 0),
    kind         TEXT NOT NULL,
    note         TEXT,
    limit_fen    INTEGER,
    exception    TEXT,
    level        INTEGER NOT NULL,
    at           INTEGER NOT NULL
);
CREATE INDEX compensation_by_ticket ON compensation (ticket_id);
CREATE INDEX compensation_by_customer ON compensation (customer_id);
CREATE INDEX compensation_by_agent ON compensation (agent, at);
CREATE INDEX compensation_by_time ON compensation (at);
)sql";

// Version 4: follow-ups — callbacks and promises made to a customer, revisits after a
// resolution (回访) and care reminders not tied to a ticket. Reminders are sent once.
constexpr std::string_view k_v4 = R"sql(
CREATE TABLE followup (
    id             INTEGER PRIMARY KEY,
    ticket_id      INTEGER REFERENCES ticket (id),
    customer_id    INTEGER NOT NULL REFERENCES customer (id),
    kind           TEXT NOT NULL CHECK (kind IN ('callback', 'promise', 'revisit', 'care')),
    note           TEXT NOT NULL,
    assignee       TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    due            INTEGER NOT NULL,
    every          INTEGER,
    state          TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'cancelled')),
    done_at        INTEGER,
    outcome        TEXT,
    unsatisfied    INTEGER NOT NULL DEFAULT 0,
    cancelled_at   INTEGER,
    cancel_reason  TEXT,
    reminded_at    INTEGER,
    previous_id    INTEGER REFERENCES followup (id)
);
CREATE INDEX followup_open_due ON followup (due) WHERE state = 'open';
CREATE INDEX followup_by_ticket ON followup (ticket_id) WHERE ticket_id IS NOT NULL;
CREATE INDEX followup_by_customer ON followup (customer_id, due);
CREATE INDEX followup_by_assignee ON followup (assignee, state, due);
CREATE INDEX followup_by_due ON followup (due);
CREATE INDEX ticket_complaints_by_customer ON ticket (customer_id, created_at) WHERE kind = 'complaint';
-- Time on hold since the resolution target started, in wall-clock seconds too, so a target
-- recomputed on the 24x7 clock moves by the real hold (resolve_paused is business time).
ALTER TABLE ticket ADD COLUMN resolve_paused_wall INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 5: satisfaction surveys, the weekly review's action items and quality inspection.
// A survey credits the agent who owned the ticket when it went out; one that reopening
// cancelled no longer counts, so the ticket may be surveyed again after it is resolved.
constexpr std::string_view k_v5 = R"sql(
CREATE TABLE survey (
    id             INTEGER PRIMARY KEY,
    ticket_id      INTEGER NOT NULL REFERENCES ticket (id),
    customer_id    INTEGER NOT NULL REFERENCES customer (id),
    agent          TEXT NOT NULL,
    channel        TEXT NOT NULL,
    sent_at        INTEGER NOT NULL,
    sent_by        TEXT NOT NULL,
    state          TEXT NOT NULL DEFAULT 'sent' CHECK (state IN ('sent', 'answered', 'cancelled')),
    answered_at    INTEGER,
    csat           INTEGER CHECK (csat BETWEEN 1 AND 5),
    nps            INTEGER CHECK (nps BETWEEN 0 AND 10),
    comment        TEXT,
    recorded_by    TEXT,
    cancelled_at   INTEGER,
    cancel_reason  TEXT
);
CREATE UNIQUE INDEX survey_once ON survey (ticket_id) WHERE state <> 'cancelled';
CREATE INDEX survey_by_customer ON survey (customer_id, sent_at);
CREATE INDEX survey_by_sent ON survey (sent_at);
CREATE INDEX survey_by_answered ON survey (answered_at) WHERE answered_at IS NOT NULL;
-- KPIs read each figure as an index range of its own instant: first responses, the targets
-- that came due, the backlog (the active tickets by creation) and care reminders done.
CREATE INDEX ticket_by_first_response ON ticket (first_responded_at) WHERE first_responded_at IS NOT NULL;
CREATE INDEX ticket_by_first_response_due ON ticket (first_response_due) WHERE first_response_due IS NOT NULL;
CREATE INDEX ticket_by_resolve_due ON ticket (resolve_due) WHERE resolve_due IS NOT NULL;
CREATE INDEX ticket_active_by_created ON ticket (created_at) WHERE status IN ('open', 'pending');
CREATE INDEX followup_care_done ON followup (done_at) WHERE kind = 'care' AND state = 'done';

-- What a weekly complaint review agreed to change, tracked until done.
CREATE TABLE review_action (
    id          INTEGER PRIMARY KEY,
    text        TEXT NOT NULL,
    owner       TEXT NOT NULL,
    week        TEXT NOT NULL,
    due         INTEGER,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    done_at     INTEGER,
    done_by     TEXT,
    done_note   TEXT
);
CREATE INDEX review_action_open ON review_action (due) WHERE done_at IS NULL;
CREATE INDEX review_action_by_week ON review_action (week);
CREATE TABLE review_action_ticket (
    action_id  INTEGER NOT NULL REFERENCES review_action (id),
    ticket_id  INTEGER NOT NULL REFERENCES ticket (id),
    PRIMARY KEY (action_id, ticket_id)
) WITHOUT ROWID;

-- Quality inspection (质检): one score per inspected ticket, credited to its owner.
CREATE TABLE qa_score (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL UNIQUE REFERENCES ticket (id),
    agent      TEXT NOT NULL,
    score      INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    note       TEXT,
    inspector  TEXT NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX qa_score_by_time ON qa_score (at);
CREATE INDEX qa_score_by_agent ON qa_score (agent, at);
)sql";

// Version 6: the knowledge base (统一话术): entries with every version kept, tags, a
// full-text index, and the reply check of each agent reply (forbidden phrases sent with
// --force, vague time commitments) for the KPIs and the weekly review.
constexpr std::string_view k_v6 = R"sql(
CREATE TABLE kb_entry (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    body           TEXT NOT NULL,
    category       TEXT,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL,
    created_by     TEXT NOT NULL,
    updated_at     INTEGER NOT NULL,
    updated_by     TEXT NOT NULL,
    retired_at     INTEGER,
    retired_by     TEXT,
    retire_reason  TEXT
);
CREATE INDEX kb_entry_by_category ON kb_entry (category, id);

-- Every version as it was written, the first one included: who changed what, when.
CREATE TABLE kb_version (
    entry_id  INTEGER NOT NULL REFERENCES kb_entry (id),
    version   INTEGER NOT NULL,
    title     TEXT NOT NULL,
    body      TEXT NOT NULL,
    category  TEXT,
    tags      TEXT NOT NULL DEFAULT '',
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    PRIMARY KEY (entry_id, version)
) WITHOUT ROWID;

CREATE TABLE kb_tag (
    entry_id  INTEGER NOT NULL REFERENCES kb_entry (id),
    tag       TEXT NOT NULL,
    PRIMARY KEY (entry_id, tag)
) WITHOUT ROWID;
CREATE INDEX kb_tag_by_tag ON kb_tag (tag, entry_id);

-- Full-text index over the current title and body. The trigram tokenizer finds Chinese
-- without a word segmenter (and English case-insensitively); it is an external-content
-- table kept in step with kb_entry by the triggers below, in the writer's transaction.
CREATE VIRTUAL TABLE kb_fts USING fts5 (title, body, content = 'kb_entry', content_rowid = 'id',
                                        tokenize = 'trigram');
CREATE TRIGGER kb_fts_insert AFTER INSERT ON kb_entry BEGIN
    INSERT INTO kb_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER kb_fts_update AFTER UPDATE OF title, body ON kb_entry BEGIN
    INSERT INTO kb_fts (kb_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO kb_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER kb_fts_delete AFTER DELETE ON kb_entry BEGIN
    INSERT INTO kb_fts (kb_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;

-- The check of each reply to a customer: what it found and whether it was sent anyway.
CREATE TABLE reply_check (
    id         INTEGER PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES ticket (id),
    agent      TEXT NOT NULL,
    at         INTEGER NOT NULL,
    kb_id      INTEGER REFERENCES kb_entry (id),
    forced     INTEGER NOT NULL DEFAULT 0,
    vague      INTEGER NOT NULL DEFAULT 0,
    phrases    TEXT NOT NULL DEFAULT '[]',
    promise_id INTEGER REFERENCES followup (id)
);
CREATE INDEX reply_check_by_time ON reply_check (at);
CREATE INDEX reply_check_by_ticket ON reply_check (ticket_id);
)sql";

// Version 7: REPLACE (and INSERT OR REPLACE) deletes the row it conflicts with without
// firing a DELETE trigger, so it could rewrite audit rows past audit_no_delete.
constexpr std::string_view k_v7 = R"sql(
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
)sql";

// Version 8: indexes that a store of a million tickets showed were missing: a ticket's
// surveys (ticket show), and what the weekly review counts as of a week's end: complaints
// by creation and by resolution (covering, so counts never read the rows), and the tickets
// ever reopened, the only ones whose trail must be read.
constexpr std::string_view k_v8 = R"sql(
CREATE INDEX survey_by_ticket ON survey (ticket_id);
CREATE INDEX ticket_complaints_by_resolved ON ticket (resolved_at, created_at, reopen_count)
    WHERE kind = 'complaint';
CREATE INDEX ticket_reopened ON ticket (created_at) WHERE reopen_count > 0;
CREATE INDEX ticket_complaints_by_created ON ticket (created_at) WHERE kind = 'complaint';
)sql";

// Version 9: the KPI families and the review read a month of a million-ticket store from
// their indexes alone: each range index carries the columns its figures need (and the owner
// they are credited to), so no ticket row is read unless a report groups by one of the
// ticket's other columns; the backlog and the repeat complainers likewise. A partial index
// names its own condition's column (kind) too: SQLite reads it from the row otherwise.
constexpr std::string_view k_v9 = R"sql(
DROP INDEX ticket_by_created;
CREATE INDEX ticket_by_created ON ticket (created_at, owner, kind, level);
DROP INDEX ticket_by_first_response;
CREATE INDEX ticket_by_first_response ON ticket (first_responded_at, owner, created_at, first_response_due)
    WHERE first_responded_at IS NOT NULL;
DROP INDEX ticket_by_first_response_due;
CREATE INDEX ticket_by_first_response_due ON ticket (first_response_due, owner, first_responded_at)
    WHERE first_response_due IS NOT NULL;
DROP INDEX ticket_by_resolved;
CREATE INDEX ticket_by_resolved ON ticket (resolved_at, owner, created_at, paused_total, resolve_due,
    response_count, transfer_count, level, reopen_count) WHERE resolved_at IS NOT NULL;
DROP INDEX ticket_by_resolve_due;
CREATE INDEX ticket_by_resolve_due ON ticket (resolve_due, owner, resolved_at) WHERE resolve_due IS NOT NULL;
DROP INDEX followup_by_due;
CREATE INDEX followup_by_due ON followup (due, assignee, kind, state, done_at, cancelled_at);
DROP INDEX survey_by_answered;
CREATE INDEX survey_by_answered ON survey (answered_at, agent, state, csat, nps) WHERE answered_at IS NOT NULL;
DROP INDEX survey_by_sent;
CREATE INDEX survey_by_sent ON survey (sent_at, agent, state);
DROP INDEX ticket_active_by_created;
CREATE INDEX ticket_active_by_created ON ticket (created_at, kind, reopen_count) WHERE status IN ('open', 'pending');
DROP INDEX ticket_complaints_by_created;
CREATE INDEX ticket_complaints_by_created ON ticket (created_at, customer_id, kind) WHERE kind = 'complaint';
)sql";

// Version 10: a ticket's SLA plan (the rule, clock and time each of its targets took) is
// one of a few dozen a policy makes; tickets name it by id instead of carrying its JSON, a
// third of a ticket row.
constexpr std::string_view k_v10 = R"sql(
CREATE TABLE sla_plan (
    id    INTEGER PRIMARY KEY,
    plan  TEXT NOT NULL UNIQUE
);
INSERT INTO sla_plan (plan) SELECT DISTINCT sla FROM ticket ORDER BY 1;
ALTER TABLE ticket ADD COLUMN sla_id INTEGER REFERENCES sla_plan (id);
UPDATE ticket SET sla_id = (SELECT p.id FROM sla_plan p WHERE p.plan = ticket.sla);
ALTER TABLE ticket DROP COLUMN sla;
)sql";

// Version 11: promises and callbacks by due time. Broken promises (customer at-risk, the
// weekly review) are looked for among every follow-up due before a day; revisits, most of
// them, are never promises, and the search read them all.
constexpr std::string_view k_v11 = R"sql(
CREATE INDEX followup_promises_by_due ON followup (due) WHERE kind IN ('promise', 'callback');
)sql";

// Version 12: deliveries to the outside are leases. A sweep event, a follow-up reminder or a
// survey handed to notify.command is claimed (who, until when), delivered, then recorded;
// a claim whose holder died runs out and the next run delivers again (at least once).
// Phone numbers are kept in one form.
constexpr std::string_view k_v12 = R"sql(
ALTER TABLE sweep_event ADD COLUMN lease_by TEXT;
ALTER TABLE sweep_event ADD COLUMN lease_until INTEGER;
UPDATE sweep_event SET lease_until = claimed_at + 600 WHERE claimed_at IS NOT NULL AND delivered_at IS NULL;
ALTER TABLE sweep_event DROP COLUMN claimed_at;
ALTER TABLE followup ADD COLUMN reminders INTEGER NOT NULL DEFAULT 0;
UPDATE followup SET reminders = 1 WHERE reminded_at IS NOT NULL;
ALTER TABLE followup ADD COLUMN remind_lease_by TEXT;
ALTER TABLE followup ADD COLUMN remind_lease_until INTEGER;
ALTER TABLE followup ADD COLUMN remind_error TEXT;
ALTER TABLE survey ADD COLUMN delivered_at INTEGER;
ALTER TABLE survey ADD COLUMN lease_by TEXT;
ALTER TABLE survey ADD COLUMN lease_until INTEGER;
CREATE INDEX survey_awaiting_delivery ON survey (lease_until) WHERE lease_until IS NOT NULL AND delivered_at IS NULL;
-- Chinese mobile numbers are kept as dialled at home (+86 and 0086 dropped), as svc now
-- writes them; one already kept in that form wins.
UPDATE customer SET phone = substr(phone, 4)
 WHERE phone GLOB '+861[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
   AND NOT EXISTS (SELECT 1 FROM customer o WHERE o.phone = substr(customer.phone, 4));
UPDATE customer SET phone = substr(phone, 5)
 WHERE phone GLOB '00861[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'
   AND NOT EXISTS (SELECT 1 FROM customer o WHERE o.phone = substr(customer.phone, 5));
)sql";

// Version 13: the trail stored compactly. Each event is clustered with the other events of
// its record (a ticket's history is one range of pages, with no index beside it); who acted
// and what kind of event it was are small numbers; the payload holds the values without
// their field names, which the event catalogue keeps once (event_kind.fields). The old
// rows are converted in this migration (svc:convert-trail below, in the same transaction)
// and the view `audit` shows the trail as before, details as JSON, for the sqlite3 shell.
constexpr std::string_view k_v13 = R"sql(
CREATE TABLE actor (
    id    INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE
);
-- The kinds of event this store holds: svc's catalogue (codes below 1000) and actions of
-- imports or older versions outside it (1000 and up). fields: the payload's field names.
CREATE TABLE event_kind (
    code   INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    action TEXT NOT NULL,
    fields TEXT NOT NULL DEFAULT '[]',
    UNIQUE (entity, action)
);
CREATE TABLE event (
    entity    INTEGER NOT NULL,  -- 1 ticket, 2 customer, 3 agent, 4 policy, 5 store, 6 kb, 7 review_action, 8 qa_score
    entity_id INTEGER NOT NULL,  -- 0 for the store itself
    id        INTEGER NOT NULL,  -- the order of the whole trail
    at        INTEGER NOT NULL,
    actor     INTEGER NOT NULL,
    kind      INTEGER NOT NULL,
    payload   TEXT,
    PRIMARY KEY (entity, entity_id, id)
) WITHOUT ROWID;
-- The last event id given out (one row).
CREATE TABLE event_counter (last INTEGER NOT NULL);
INSERT INTO event_counter (last) SELECT coalesce(max(id), 0) FROM audit;
-- svc:convert-trail
DROP TABLE audit;
CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER event_no_replace BEFORE INSERT ON event
WHEN EXISTS (SELECT 1 FROM event WHERE entity = NEW.entity AND entity_id = NEW.entity_id AND id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
-- The trail as people read it: names, and each payload as a JSON object again.
CREATE VIEW audit (id, at, actor, entity, entity_id, action, detail) AS
SELECT e.id, e.at, a.login, k.entity, nullif(e.entity_id, 0), k.action,
       CASE
           WHEN e.payload IS NULL OR substr(e.payload, 1, 1) <> '[' THEN e.payload
           WHEN e.payload ->> '$[0]' < 0 THEN e.payload ->> '$[1]'
           ELSE (SELECT json_group_object(f.value, e.payload -> ('$[' || (
                        SELECT count(*) FROM json_each(k.fields) g
                         WHERE g.key <= f.key AND ((e.payload ->> '$[0]') >> g.key) & 1) || ']'))
                   FROM json_each(k.fields) f WHERE ((e.payload ->> '$[0]') >> f.key) & 1)
       END
  FROM event e JOIN actor a ON a.id = e.actor JOIN event_kind k ON k.code = e.kind;
CREATE TRIGGER audit_no_update INSTEAD OF UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete INSTEAD OF DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_insert INSTEAD OF INSERT ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: svc writes it'); END;
)sql";

// Version 14: each policy version keeps its compensation limits beside its text
// (Policy::authority_record), so that a database can check a grant without reading TOML;
// a ticket's open event may say how long a caller waited (the catalogue's new last field).
constexpr std::string_view k_v14 = R"sql(
ALTER TABLE policy_version ADD COLUMN authority TEXT;
UPDATE event_kind SET fields = substr(fields, 1, length(fields) - 1) || ',"waited"]'
 WHERE entity = 'ticket' AND action = 'open' AND code < 1000 AND fields <> '[]' AND instr(fields, '"waited"') = 0;
)sql";

// Version 15: the duty roster (值班表), who is on duty when, one row per shift; a ticket's
// update event may say its need, mood, customer and tags (the catalogue's new last fields);
// a ticket counts its contacts (sessions) with the customer.
constexpr std::string_view k_v15 = R"sql(
CREATE TABLE duty_shift (
    id          INTEGER PRIMARY KEY,
    login       TEXT NOT NULL REFERENCES agent (login),
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL CHECK (ends_at > starts_at),
    note        TEXT,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX duty_shift_by_end ON duty_shift (ends_at, starts_at);
UPDATE event_kind SET fields = substr(fields, 1, length(fields) - 1) || ',"need","mood","customer","tags"]'
 WHERE entity = 'ticket' AND action = 'update' AND code < 1000 AND fields <> '[]' AND instr(fields, '"need"') = 0;
-- Contacts (sessions) with the customer; a ticket from before counts its replies, as FCR did.
ALTER TABLE ticket ADD COLUMN contacts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE ticket ADD COLUMN last_contact_at INTEGER;
UPDATE ticket SET contacts = max(response_count, 1) WHERE response_count > 1;
)sql";

// Version 16: a resolution that a reopen undid is kept as it stood (its time, target and
// figures), so that a past period's KPIs are the ones it had at its end (kpi --as-of). The
// reopens already in the trail are read back into it. Customers who left (流失) are recorded,
// for retention (留存率) and the outcome of churn warnings.
constexpr std::string_view k_v16 = R"sql(
CREATE TABLE past_resolution (
    ticket_id      INTEGER NOT NULL REFERENCES ticket (id),
    resolved_at    INTEGER NOT NULL,
    reopened_at    INTEGER NOT NULL,
    resolve_due    INTEGER,
    duration       INTEGER NOT NULL,            -- resolved_at - created_at - time pending
    met            INTEGER NOT NULL,            -- resolved by resolve_due
    first_contact  INTEGER NOT NULL,            -- counted as a first-contact resolution
    after_reopen   INTEGER NOT NULL,            -- the ticket had been reopened before
    cause          TEXT,
    PRIMARY KEY (ticket_id, resolved_at)
) WITHOUT ROWID;
CREATE INDEX past_resolution_by_reopen ON past_resolution (reopened_at);
-- svc:past-resolutions
CREATE TABLE customer_loss (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customer (id),
    lost_at      INTEGER NOT NULL,
    reason       TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  INTEGER NOT NULL,
    returned_at  INTEGER CHECK (returned_at >= lost_at),
    returned_by  TEXT
);
-- A customer is lost once at a time: until they come back.
CREATE UNIQUE INDEX customer_loss_in_force ON customer_loss (customer_id) WHERE returned_at IS NULL;
CREATE INDEX customer_loss_by_customer ON customer_loss (customer_id, lost_at);
CREATE INDEX customer_loss_by_time ON customer_loss (lost_at);
-- Retention counts the customers registered before a period's start, by tier.
CREATE INDEX customer_by_created ON customer (created_at, tier);
-- The KPI ranges read their indexes alone again (schema 9): a created ticket's cause and
-- resolution (service complaints as of an instant), a resolution's channel and contacts
-- (first contact), a due resolution's kind (complaints), a sent survey's answer and
-- cancellation (as of an instant); an escalation found by its ticket and time.
DROP INDEX ticket_by_created;
CREATE INDEX ticket_by_created ON ticket (created_at, owner, kind, level, cause, resolved_at);
DROP INDEX ticket_by_resolved;
CREATE INDEX ticket_by_resolved ON ticket (resolved_at, owner, created_at, paused_total, resolve_due,
    response_count, transfer_count, level, reopen_count, channel, contacts) WHERE resolved_at IS NOT NULL;
DROP INDEX ticket_by_resolve_due;
CREATE INDEX ticket_by_resolve_due ON ticket (resolve_due, owner, resolved_at, kind) WHERE resolve_due IS NOT NULL;
DROP INDEX survey_by_sent;
CREATE INDEX survey_by_sent ON survey (sent_at, agent, state, answered_at, cancelled_at);
CREATE INDEX escalation_by_ticket_time ON escalation (ticket_id, at);
)sql";

// Version 17: messages that arrive by themselves (ticket intake). Each one's id from outside
// (a mail's Message-ID, a bridge's external id) and the ticket it went to: a reply threads
// to its ticket by it, a message delivered twice finds itself. A customer is found by mail
// address. Tickets link to each other (related, caused by, merged into). Agents have skills
// and new tickets are routed to them. A ticket's open and customer-message events may say
// the message's id and attachments, its open event whom it was routed to, its assign event
// the routing (the catalogue's new last fields).
constexpr std::string_view k_v17 = R"sql(
CREATE TABLE inbound_message (
    source       TEXT NOT NULL,          -- 'email', or the bridge that delivered it
    external_id  TEXT NOT NULL,
    ticket_id    INTEGER NOT NULL REFERENCES ticket (id),
    at           INTEGER NOT NULL,
    PRIMARY KEY (source, external_id)
) WITHOUT ROWID;
CREATE INDEX inbound_message_by_ticket ON inbound_message (ticket_id);
CREATE INDEX customer_by_email ON customer (lower(email)) WHERE email IS NOT NULL;
CREATE TABLE ticket_link (
    ticket_id  INTEGER NOT NULL REFERENCES ticket (id),
    other_id   INTEGER NOT NULL REFERENCES ticket (id) CHECK (other_id <> ticket_id),
    kind       TEXT NOT NULL CHECK (kind IN ('related', 'caused-by', 'merged-into')),
    at         INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    PRIMARY KEY (ticket_id, other_id)
) WITHOUT ROWID;
CREATE INDEX ticket_link_by_other ON ticket_link (other_id, ticket_id);
-- Routing: an agent's skills (sorted, separated by commas) and open tickets.
ALTER TABLE agent ADD COLUMN skills TEXT;
CREATE INDEX ticket_active_by_assignee ON ticket (assignee) WHERE status IN ('open', 'pending');
UPDATE event_kind SET fields = substr(fields, 1, length(fields) - 1) || ',"external_id","attachments","assignee","owner","route"]'
 WHERE entity = 'ticket' AND action = 'open' AND code < 1000 AND fields <> '[]' AND instr(fields, '"external_id"') = 0;
UPDATE event_kind SET fields = substr(fields, 1, length(fields) - 1) || ',"route"]'
 WHERE entity = 'ticket' AND action = 'assign' AND code < 1000 AND fields <> '[]' AND instr(fields, '"route"') = 0;
UPDATE event_kind SET fields = substr(fields, 1, length(fields) - 1) || ',"skills"]'
 WHERE entity = 'agent' AND action IN ('add', 'update') AND code < 1000 AND fields <> '[]'
   AND instr(fields, '"skills"') = 0;
UPDATE event_kind SET fields = substr(fields, 1, length(fields) - 1) || ',"via","external_id","attachments"]'
 WHERE entity = 'ticket' AND action = 'customer_message' AND code < 1000 AND fields <> '[]'
   AND instr(fields, '"external_id"') = 0;
)sql";

constexpr std::array<std::string_view, 17> k_migrations{k_v1,  k_v2,  k_v3,  k_v4,  k_v5,  k_v6,  k_v7,  k_v8, k_v9,
                                                        k_v10, k_v11, k_v12, k_v13, k_v14, k_v15, k_v16, k_v17};

}  // namespace

std::span<const std::string_view> migrations() {
    return k_migrations;
}

}  // namespace svc::schema
