-- Off-site pension drawing (spec §5, design.md §2): the payer projection, dated adjustment rules, monthly payment runs,
-- payment lines, bank batches and recovery cases. Amounts are integer fen; months are the first day of the month.

-- Bank accounts name their bank as a third segment, e.g. 440000:bank-payable:icbc (allowed since 0006).

-- One row per retiree: the single payer record of the drawing province. The person grain upserts it (columns up to
-- version) in the same transaction as its other effects; an older version never overwrites a newer one. The payment
-- run owns suspended_from and backpay_from.
CREATE TABLE IF NOT EXISTS jinbao_pension_entitlements (
    citizen_id        text        PRIMARY KEY CHECK (length(citizen_id) = 18),
    drawing_province  text        NOT NULL CHECK (drawing_province ~ '^[0-9]{6}$'),
    drawing_city      text        NOT NULL CHECK (drawing_city ~ '^[0-9]{6}$'),
    residence_region  text        NOT NULL CHECK (residence_region ~ '^[0-9]{6}$'),
    bank              text        NOT NULL CHECK (bank ~ '^[a-z0-9-]{2,20}$'),
    bank_account      text        NOT NULL CHECK (length(bank_account) BETWEEN 4 AND 40),
    base_monthly_fen  bigint      NOT NULL CHECK (base_monthly_fen >= 0),
    start_month       date        NOT NULL CHECK (extract(day FROM start_month) = 1),
    status            text        NOT NULL CHECK (status IN ('active', 'terminated')),
    verified_until    date        NOT NULL,
    death_month       date        NULL CHECK (extract(day FROM death_month) = 1),
    version           bigint      NOT NULL,
    suspended_from    date        NULL,
    backpay_from      date        NULL,
    updated_at        timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS jinbao_pension_entitlements_province ON jinbao_pension_entitlements (drawing_province, citizen_id);

-- Annual adjustments (养老金调整) as dated rules: adding one is one insert, every later payment reflects it. A rule applies
-- to a payment for month M when effective_month <= M and the retiree's start month is before effective_month; rules
-- compound in (effective_month, rule_id) order: amount := round(amount × (1 + percent/100)) + fixed_fen, rounded to
-- the fen half away from zero (numeric round, like Money.MultiplyBy).
CREATE TABLE IF NOT EXISTS jinbao_pension_adjustment_rules (
    rule_id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope            text        NOT NULL CHECK (scope = 'all' OR scope ~ '^[0-9]{2}0000$'),
    effective_month  date        NOT NULL CHECK (extract(day FROM effective_month) = 1),
    percent          numeric(8, 4) NOT NULL CHECK (percent >= 0 AND percent <= 100),
    fixed_fen        bigint      NOT NULL CHECK (fixed_fen >= 0 AND fixed_fen <= 10000000),
    description      text        NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (scope, effective_month)
);

-- The adjusted monthly amount: the rules are passed as arrays already filtered to the province and ordered.
CREATE OR REPLACE FUNCTION jinbao_pension_adjusted_fen(
    base_fen bigint, start_month date, for_month date, effective date[], percent numeric[], fixed bigint[])
RETURNS bigint LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    amount numeric := base_fen;
BEGIN
    FOR i IN 1 .. coalesce(array_length(effective, 1), 0) LOOP
        IF effective[i] <= for_month AND start_month < effective[i] THEN
            amount := round(amount * (1 + percent[i] / 100)) + fixed[i];
        END IF;
    END LOOP;
    RETURN amount::bigint;
END $$;

-- One payment run per drawing province and month; its counters are committed per chunk and readable while it runs.
CREATE TABLE IF NOT EXISTS jinbao_pension_payment_runs (
    province          text        NOT NULL CHECK (province ~ '^[0-9]{2}0000$'),
    run_month         date        NOT NULL CHECK (extract(day FROM run_month) = 1),
    status            text        NOT NULL CHECK (status IN ('running', 'completed')),
    payees_expected   bigint      NOT NULL DEFAULT 0,
    suspended         bigint      NOT NULL DEFAULT 0,
    cursor_citizen_id text        NOT NULL DEFAULT '',
    chunks_done       integer     NOT NULL DEFAULT 0,
    payees_paid       bigint      NOT NULL DEFAULT 0,
    lines             bigint      NOT NULL DEFAULT 0,
    total_fen         bigint      NOT NULL DEFAULT 0,
    started_at        timestamptz NOT NULL DEFAULT now(),
    completed_at      timestamptz NULL,
    PRIMARY KEY (province, run_month)
);

-- One line per person and month paid, ever: (citizen_id, for_month) is unique, so no month is paid twice, whether
-- by a re-run, a resumed run or back-pay. for_month < run_month marks back-pay.
CREATE TABLE IF NOT EXISTS jinbao_pension_payment_lines (
    citizen_id   text   NOT NULL,
    for_month    date   NOT NULL,
    province     text   NOT NULL,
    run_month    date   NOT NULL,
    bank         text   NOT NULL,
    bank_account text   NOT NULL,
    amount_fen   bigint NOT NULL CHECK (amount_fen >= 0),
    PRIMARY KEY (citizen_id, for_month) -- no foreign key to the run: only the run writes lines, and 1,000,000 checks a month cost
);

CREATE INDEX IF NOT EXISTS jinbao_pension_payment_lines_run ON jinbao_pension_payment_lines (province, run_month);

-- The batch sent to each bank for a run, with its ledger movement.
CREATE TABLE IF NOT EXISTS jinbao_pension_payment_batches (
    province     text   NOT NULL,
    run_month    date   NOT NULL,
    bank         text   NOT NULL,
    lines        bigint NOT NULL,
    total_fen    bigint NOT NULL,
    movement_id  text   NOT NULL UNIQUE,
    PRIMARY KEY (province, run_month, bank),
    FOREIGN KEY (province, run_month) REFERENCES jinbao_pension_payment_runs (province, run_month)
);

-- A death closes the entitlement: months paid after the death month are recovered (冒领/多领); funeral grant and survivor
-- benefit are due to the relatives; the remaining individual-account balance is inherited. One case per person.
CREATE TABLE IF NOT EXISTS jinbao_pension_recovery_cases (
    citizen_id            text        PRIMARY KEY,
    province              text        NOT NULL,
    death_month           date        NOT NULL,
    overpaid_months       date[]      NOT NULL,
    overpayment_fen       bigint      NOT NULL CHECK (overpayment_fen >= 0),
    funeral_grant_fen     bigint      NOT NULL CHECK (funeral_grant_fen >= 0),
    survivor_benefit_fen  bigint      NOT NULL CHECK (survivor_benefit_fen >= 0),
    inheritable_fen       bigint      NOT NULL CHECK (inheritable_fen >= 0),
    status                text        NOT NULL CHECK (status IN ('open', 'nothing-to-recover')),
    opened_at             timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS jinbao_pension_recovery_cases_province ON jinbao_pension_recovery_cases (province, opened_at);
