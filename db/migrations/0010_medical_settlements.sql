-- Settled off-site medical bills of the persons this province insures, one row each (issue 16). The medical account
-- grain writes a row in the transaction of its own state write, and keeps in its state only the year's accumulators
-- and its most recent settlements (for replays and reversals without a read), so its state, and the cost of each
-- write, does not grow with the person's history. `record` is the grain's SettlementRecord (fingerprint and view).
CREATE TABLE IF NOT EXISTS jinbao_medical_settlements
(
    citizen_id    text        NOT NULL,
    settlement_id text        NOT NULL,
    admitted_on   date        NOT NULL,
    status        text        NOT NULL,
    record        jsonb       NOT NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (citizen_id, settlement_id)
);
