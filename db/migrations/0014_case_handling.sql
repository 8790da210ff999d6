-- 0014_case_handling.sql: how an agency handles its transfer cases (issue 18), kept by the API beside the queue rows
-- the transfer grains write: which clerk a supervisor gave the case to, and a supervisor's acknowledgement of an
-- escalated step. Neither changes the transfer; both are the agency's own organisation of its work.
CREATE TABLE IF NOT EXISTS jinbao_api_case_handling (
    city              text        NOT NULL CHECK (city ~ '^[0-9]{6}$'),
    transfer_id       uuid        NOT NULL,
    assigned_to       text        NULL,
    assigned_by       text        NULL,
    assigned_at       timestamptz NULL,
    acknowledged_step text        NULL,
    acknowledged_due  date        NULL,
    acknowledged_by   text        NULL,
    acknowledged_at   timestamptz NULL,
    acknowledged_note text        NULL,
    PRIMARY KEY (city, transfer_id)
);

CREATE INDEX IF NOT EXISTS jinbao_api_case_handling_assigned ON jinbao_api_case_handling (city, assigned_to);
