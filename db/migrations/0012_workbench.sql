-- 0012_workbench.sql: what the clerks' workbench (issue 18) needs of the API's tables: lock-out and password changes for
-- clerk accounts, every sign-in attempt, and the documents the agency prints with a code the other place can check.

-- Lock-out (after repeated wrong passwords) and who disabled an account. Counted in the row, so every API instance of
-- the cluster sees the same count.
ALTER TABLE jinbao_api_clerks ADD COLUMN IF NOT EXISTS failed_sign_ins     integer     NOT NULL DEFAULT 0;
ALTER TABLE jinbao_api_clerks ADD COLUMN IF NOT EXISTS locked_until        timestamptz NULL;
ALTER TABLE jinbao_api_clerks ADD COLUMN IF NOT EXISTS password_changed_at timestamptz NULL;
ALTER TABLE jinbao_api_clerks ADD COLUMN IF NOT EXISTS disabled_by         text        NULL;
ALTER TABLE jinbao_api_clerks ADD COLUMN IF NOT EXISTS created_by          text        NULL;

-- Every sign-in attempt of a clerk or a city system, successful or not (append-only, like the access audit).
CREATE TABLE IF NOT EXISTS jinbao_api_sign_ins (
    sign_in_id  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    login       text        NOT NULL,
    grant_type  text        NOT NULL,
    outcome     text        NOT NULL CHECK (outcome IN ('ok', 'wrong-secret', 'locked', 'disabled-or-unknown')),
    remote_ip   text        NULL
);

CREATE INDEX IF NOT EXISTS jinbao_api_sign_ins_login ON jinbao_api_sign_ins (login, at);

DROP TRIGGER IF EXISTS jinbao_api_sign_ins_append_only ON jinbao_api_sign_ins;
CREATE TRIGGER jinbao_api_sign_ins_append_only
    BEFORE UPDATE OR DELETE ON jinbao_api_sign_ins
    FOR EACH ROW EXECUTE FUNCTION jinbao_api_audit_refuse_change();

-- Documents an agency issued (参保缴费凭证, 联系函): the number printed on the page, a verification code, and a hash of
-- what the document says, so the other place can check a paper it was handed through the API.
CREATE TABLE IF NOT EXISTS jinbao_api_documents (
    document_number  text        PRIMARY KEY,
    kind             text        NOT NULL CHECK (kind IN ('contribution-certificate', 'contact-letter')),
    citizen_id       text        NOT NULL,
    issuing_city     text        NOT NULL CHECK (issuing_city ~ '^[0-9]{6}$'),
    issued_by        text        NOT NULL,
    issued_at        timestamptz NOT NULL DEFAULT now(),
    verification     text        NOT NULL,
    content_sha256   text        NOT NULL,
    summary          jsonb       NOT NULL
);

CREATE INDEX IF NOT EXISTS jinbao_api_documents_citizen ON jinbao_api_documents (citizen_id, issued_at);
