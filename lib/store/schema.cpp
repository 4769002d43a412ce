#include "store/schema.hpp"

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

constexpr std::array<std::string_view, 1> k_migrations{k_v1};

}  // namespace

std::span<const std::string_view> migrations() { return k_migrations; }

}  // namespace svc::schema
