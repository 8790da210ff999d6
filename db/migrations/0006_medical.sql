-- Off-site medical settlement (issue 7; docs/medical-settlement.md): the national ledger's prepayment and clearing.

-- Accounts may name a counterparty: '440000:medical-prepaid:510000' is Guangdong's advance held by Sichuan, and
-- '440000:bank-payable:icbc' a pension payment run's batch for a bank (migration 0007).
ALTER TABLE jinbao_ledger_entries DROP CONSTRAINT IF EXISTS jinbao_ledger_entries_account_check;
ALTER TABLE jinbao_ledger_entries ADD CONSTRAINT jinbao_ledger_entries_account_check
    CHECK (account ~ '^[a-z0-9]+:[a-z-]+(:[a-z0-9-]+)?$');

CREATE INDEX IF NOT EXISTS jinbao_ledger_entries_kind_posted ON jinbao_ledger_entries (kind, posted_at);

-- Monthly statements per (insuring, care) pair: the month's settlements and reversals (posting month, China time)
-- against the insuring province's advance; confirmed once the month's clearing movement is posted (or nothing is owed).
CREATE OR REPLACE VIEW jinbao_medical_clearing_statements AS
    WITH usage AS (
        SELECT to_char((posted_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM') AS period,
               split_part(account, ':', 1) AS insuring_province,
               split_part(account, ':', 3) AS care_province,
               kind,
               -amount_fen AS fen
        FROM jinbao_ledger_entries
        WHERE kind IN ('medical-settlement', 'medical-reversal') AND account LIKE '%:medical-prepaid:%'
    ),
    months AS (
        SELECT period, insuring_province, care_province,
               count(*) FILTER (WHERE kind = 'medical-settlement') AS settlements,
               count(*) FILTER (WHERE kind = 'medical-reversal') AS reversals,
               coalesce(sum(fen) FILTER (WHERE kind = 'medical-settlement'), 0)::bigint AS settled_fen,
               coalesce(-sum(fen) FILTER (WHERE kind = 'medical-reversal'), 0)::bigint AS reversed_fen,
               sum(fen)::bigint AS net_fen
        FROM usage
        GROUP BY period, insuring_province, care_province
    )
    SELECT m.*,
           m.net_fen = 0 OR EXISTS (
               SELECT 1 FROM jinbao_ledger_entries c
               WHERE c.movement_id = 'medical-clearing:' || m.period || ':' || m.insuring_province || ':' || m.care_province
           ) AS confirmed
    FROM months m;

-- Each pair's advance (with top-ups) and what is left of it now.
CREATE OR REPLACE VIEW jinbao_medical_prepayments AS
    SELECT split_part(account, ':', 1) AS insuring_province,
           split_part(account, ':', 3) AS care_province,
           coalesce(sum(amount_fen) FILTER (WHERE kind IN ('medical-advance', 'medical-topup')), 0)::bigint AS advanced_fen,
           sum(amount_fen)::bigint AS balance_fen
    FROM jinbao_ledger_entries
    WHERE account LIKE '%:medical-prepaid:%'
    GROUP BY 1, 2;
