-- A city agency's pension transfer cases (经办队列), one row per city and transfer, written by the transfer grain in
-- the transaction of its own state write (issue 16): before, every step of every transfer of a city also rewrote the
-- city-agency grain's state, one write after another through one grain. Closed cases stay, marked, for the history.
CREATE TABLE IF NOT EXISTS jinbao_agency_cases
(
    city               text        NOT NULL,
    transfer_id        uuid        NOT NULL,
    masked_citizen_id  text        NOT NULL,
    side               text        NOT NULL,
    status             text        NOT NULL,
    awaiting_this_city boolean     NOT NULL,
    due_on             date        NULL,
    escalated          boolean     NOT NULL,
    open               boolean     NOT NULL,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (city, transfer_id)
);

CREATE INDEX IF NOT EXISTS ix_jinbao_agency_cases_open ON jinbao_agency_cases (city, escalated DESC, due_on) WHERE open;
