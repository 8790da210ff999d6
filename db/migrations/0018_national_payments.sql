-- National's register of pension payments, per person, month and paying province (issue 20, rule paid-twice). Filled
-- from the signed payment rolls each province sends with its completed payment run; the second province to pay a
-- person for a month is found when its roll arrives, and both provinces are told. Used in the national database only.
CREATE TABLE IF NOT EXISTS jinbao_national_payments (
    citizen_id   text        NOT NULL CHECK (length(citizen_id) = 18),
    for_month    date        NOT NULL CHECK (extract(day FROM for_month) = 1),
    province     text        NOT NULL CHECK (province ~ '^[0-9]{2}0000$'),
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (citizen_id, for_month, province)
);
