-- The audit trail of every state change of a person or a workflow (who, what, when, which request).
-- Grains append here after their state write; event_id is deterministic so a re-delivered append is a no-op.
CREATE TABLE IF NOT EXISTS jinbao_events (
    event_id     text        PRIMARY KEY,
    stream       text        NOT NULL,
    type         text        NOT NULL,
    actor        text        NOT NULL,
    request_id   text        NULL,
    payload      jsonb       NOT NULL,
    occurred_at  timestamptz NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS jinbao_events_stream ON jinbao_events (stream, occurred_at);
