-- 0016_citizen_credentials.sql: the insured person's own sign-in for the public-service portal (issue 19). A clerk at
-- the counter (or an operator's command) issues a one-time activation code, standing in for the national electronic
-- social-security card (电子社保卡); with it the person sets a password. Codes and passwords are stored only hashed.
CREATE TABLE IF NOT EXISTS jinbao_api_citizen_credentials (
    citizen_id            text        PRIMARY KEY CHECK (citizen_id ~ '^[0-9]{17}[0-9X]$'),
    -- The person's name in tokens, the audit trail and logs: opaque, so no citizen id is written where a name is enough.
    credential_id         text        NOT NULL UNIQUE,
    password_hash         text        NULL,
    activated_at          timestamptz NULL,
    code_hash             text        NULL,
    code_expires_at       timestamptz NULL,
    code_issued_by        text        NULL,
    code_issued_at        timestamptz NULL,
    failed_sign_ins       integer     NOT NULL DEFAULT 0,
    locked_until          timestamptz NULL
);

-- A person's sign-ins are recorded beside the staff's, under the credential id.
ALTER TABLE jinbao_api_sign_ins DROP CONSTRAINT IF EXISTS jinbao_api_sign_ins_outcome_check;
ALTER TABLE jinbao_api_sign_ins ADD CONSTRAINT jinbao_api_sign_ins_outcome_check
    CHECK (outcome IN ('ok', 'wrong-secret', 'locked', 'disabled-or-unknown', 'activated', 'wrong-code'));
