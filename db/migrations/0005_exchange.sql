-- The national exchange (issue 5; docs/national-exchange.md): signed documents between clusters, delivered
-- at least once and applied exactly once, and the inter-province clearing statements.

-- Sender side. A grain saves the documents it decides on in its own state (with the decision); the effect writer
-- copies them here in the same transaction as the ledger and audit rows, and a relay on every silo delivers them.
-- document_id is deterministic per business fact, so a redone step inserts nothing new.
CREATE TABLE IF NOT EXISTS jinbao_outbox (
    document_id     text        PRIMARY KEY CHECK (length(document_id) BETWEEN 1 AND 100),
    receiver        text        NOT NULL,
    type            text        NOT NULL,
    document        text        NOT NULL,              -- the signed document, JSON, exactly as sent
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(), -- a claim pushes it out (lease), so a dead relay's row comes back
    last_error      text        NULL,
    delivered_at    timestamptz NULL
);

CREATE INDEX IF NOT EXISTS jinbao_outbox_due ON jinbao_outbox (next_attempt_at) WHERE delivered_at IS NULL;

-- Receiver side. A document is stored here (verified, keyed by id, a replay inserts nothing) before it is
-- acknowledged; a dispatcher hands each row to its grain, which dedupes by document id in its own state write.
CREATE TABLE IF NOT EXISTS jinbao_inbox (
    document_id     text        PRIMARY KEY CHECK (length(document_id) BETWEEN 1 AND 100),
    sender          text        NOT NULL,
    receiver        text        NOT NULL,
    type            text        NOT NULL,
    document        text        NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text        NULL,
    processed_at    timestamptz NULL,
    outcome         text        NULL                    -- applied, duplicate, forwarded, ignored: ...
);

CREATE INDEX IF NOT EXISTS jinbao_inbox_due ON jinbao_inbox (next_attempt_at) WHERE processed_at IS NULL;

-- Inter-province clearing (national database): each funds-clearing movement has a payer leg
-- '<old province>:clearing' (negative) and a payee leg '<new province>:clearing' (positive). The period is the
-- posting month in China (UTC+8). A pair's flows in both directions net to one line.
CREATE OR REPLACE VIEW jinbao_clearing_statements AS
    WITH legs AS (
        SELECT movement_id,
               to_char((posted_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM') AS period,
               split_part(account, ':', 1) AS province,
               amount_fen
        FROM jinbao_ledger_entries
        WHERE kind = 'funds-clearing'
    ),
    flows AS (
        SELECT payer.period, payer.province AS payer, payee.province AS payee, payee.amount_fen
        FROM legs payer
        JOIN legs payee ON payee.movement_id = payer.movement_id AND payer.amount_fen < 0 AND payee.amount_fen > 0
    ),
    pairs AS (
        SELECT period,
               least(payer, payee) AS first_province,
               greatest(payer, payee) AS second_province,
               sum(CASE WHEN payer < payee THEN amount_fen ELSE -amount_fen END) AS net_fen
        FROM flows
        GROUP BY period, least(payer, payee), greatest(payer, payee)
    )
    SELECT period,
           CASE WHEN net_fen > 0 THEN first_province ELSE second_province END AS payer,
           CASE WHEN net_fen > 0 THEN second_province ELSE first_province END AS payee,
           abs(net_fen) AS amount_fen
    FROM pairs
    WHERE net_fen <> 0;

-- Each province's net clearing position per period (positive: the province receives). Sums to zero per period.
CREATE OR REPLACE VIEW jinbao_clearing_positions AS
    SELECT to_char((posted_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM') AS period,
           split_part(account, ':', 1) AS province,
           sum(amount_fen) AS net_fen
    FROM jinbao_ledger_entries
    WHERE kind = 'funds-clearing'
    GROUP BY 1, 2;
