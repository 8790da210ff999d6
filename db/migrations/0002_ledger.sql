-- The fund ledger (spec §3.2, design.md §2): append-only double entry in integer fen.
-- One row per leg; a movement's legs sum to zero; (movement_id, leg) is unique so a replayed posting is a no-op.
CREATE TABLE IF NOT EXISTS jinbao_ledger_entries (
    entry_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    movement_id  text        NOT NULL CHECK (length(movement_id) BETWEEN 1 AND 200),
    leg          smallint    NOT NULL CHECK (leg >= 0),
    account      text        NOT NULL CHECK (account ~ '^[a-z0-9]+:[a-z-]+$'),
    amount_fen   bigint      NOT NULL CHECK (amount_fen <> 0),
    kind         text        NOT NULL,
    person_id    text        NULL,
    posted_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (movement_id, leg)
);

CREATE INDEX IF NOT EXISTS jinbao_ledger_entries_account ON jinbao_ledger_entries (account);
CREATE INDEX IF NOT EXISTS jinbao_ledger_entries_person ON jinbao_ledger_entries (person_id) WHERE person_id IS NOT NULL;

-- Append-only: the ledger is corrected by reversing movements, never by editing history.
CREATE OR REPLACE FUNCTION jinbao_ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'jinbao_ledger_entries is append-only; post a reversing movement instead';
END $$;

DROP TRIGGER IF EXISTS jinbao_ledger_entries_append_only ON jinbao_ledger_entries;
CREATE TRIGGER jinbao_ledger_entries_append_only
    BEFORE UPDATE OR DELETE ON jinbao_ledger_entries
    FOR EACH ROW EXECUTE FUNCTION jinbao_ledger_refuse_change();

-- Every movement sums to zero: a row here is a defect.
CREATE OR REPLACE VIEW jinbao_ledger_unbalanced_movements AS
    SELECT movement_id, sum(amount_fen) AS imbalance_fen
    FROM jinbao_ledger_entries
    GROUP BY movement_id
    HAVING sum(amount_fen) <> 0;

CREATE OR REPLACE VIEW jinbao_ledger_balances AS
    SELECT account, sum(amount_fen) AS balance_fen, count(*) AS postings
    FROM jinbao_ledger_entries
    GROUP BY account;
