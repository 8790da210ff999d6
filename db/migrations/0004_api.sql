-- 0004_api.sql: the REST API's own tables (src/Api): caller credentials, token signing keys, idempotency keys and
-- the access audit. Applied like every migration by the DatabaseMigrator at silo start and by test fixtures; the API
-- itself only checks that these tables exist (its /health/ready says so until they do). Every statement is idempotent.

-- City systems: one row per credential; a city may hold several (rotation). The secret is stored only as a PBKDF2 hash.
CREATE TABLE IF NOT EXISTS jinbao_api_city_credentials (
    client_id    text        PRIMARY KEY CHECK (client_id ~ '^cs-[0-9]{6}-[a-z0-9]{8,32}$'),
    city         text        NOT NULL CHECK (city ~ '^[0-9]{6}$'),
    secret_hash  text        NOT NULL CHECK (secret_hash LIKE 'pbkdf2-sha256$%'),
    created_at   timestamptz NOT NULL DEFAULT now(),
    disabled_at  timestamptz NULL
);

-- Clerks of a city agency (经办机构); the user name is unique within the agency. Password stored only as a PBKDF2 hash.
CREATE TABLE IF NOT EXISTS jinbao_api_clerks (
    city           text        NOT NULL CHECK (city ~ '^[0-9]{6}$'),
    username       text        NOT NULL CHECK (username ~ '^[a-z][a-z0-9._-]{1,39}$'),
    role           text        NOT NULL CHECK (role IN ('clerk', 'supervisor')),
    password_hash  text        NOT NULL CHECK (password_hash LIKE 'pbkdf2-sha256$%'),
    created_at     timestamptz NOT NULL DEFAULT now(),
    disabled_at    timestamptz NULL,
    PRIMARY KEY (city, username)
);

-- HMAC keys that sign the API's access tokens. Every API instance of the cluster reads the same rows, so a token issued
-- by one instance is accepted by the others; a key is retired by setting retired_at (tokens it signed stop working).
CREATE TABLE IF NOT EXISTS jinbao_api_signing_keys (
    kid         text        PRIMARY KEY,
    secret      bytea       NOT NULL CHECK (length(secret) >= 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    retired_at  timestamptz NULL
);

-- Idempotency-Key records: one per (caller, key). While status_code is NULL the request is executing (locked_until
-- bounds how long a crashed executor can hold it); afterwards the stored response is replayed for the same request.
CREATE TABLE IF NOT EXISTS jinbao_api_idempotency (
    caller        text        NOT NULL,
    key           text        NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
    request_hash  text        NOT NULL,
    method        text        NOT NULL,
    route         text        NOT NULL,
    status_code   integer     NULL CHECK (status_code BETWEEN 100 AND 599),
    content_type  text        NULL,
    location      text        NULL,
    body          bytea       NULL,
    locked_until  timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz NULL,
    PRIMARY KEY (caller, key)
);

CREATE INDEX IF NOT EXISTS jinbao_api_idempotency_created ON jinbao_api_idempotency (created_at);

-- Who read or changed what, why, through which route, and with which outcome (PIPL: every access to personal data).
-- Append-only, like the ledger.
CREATE TABLE IF NOT EXISTS jinbao_api_audit (
    audit_id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at               timestamptz NOT NULL DEFAULT now(),
    caller           text        NOT NULL,
    caller_kind      text        NOT NULL,
    caller_region    text        NOT NULL,
    purpose          text        NOT NULL,
    citizen_id       text        NULL,
    transfer_id      uuid        NULL,
    method           text        NOT NULL,
    route            text        NOT NULL,
    status_code      integer     NOT NULL,
    outcome          text        NOT NULL,
    idempotency_key  text        NULL,
    replayed         boolean     NOT NULL DEFAULT false,
    trace_id         text        NULL
);

CREATE INDEX IF NOT EXISTS jinbao_api_audit_citizen ON jinbao_api_audit (citizen_id, at) WHERE citizen_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS jinbao_api_audit_caller ON jinbao_api_audit (caller, at);

CREATE OR REPLACE FUNCTION jinbao_api_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'jinbao_api_audit is append-only';
END $$;

DROP TRIGGER IF EXISTS jinbao_api_audit_append_only ON jinbao_api_audit;
CREATE TRIGGER jinbao_api_audit_append_only
    BEFORE UPDATE OR DELETE ON jinbao_api_audit
    FOR EACH ROW EXECUTE FUNCTION jinbao_api_audit_refuse_change();
