-- Issue 20: the event log becomes the business-event stream (Orleans persistent streams read it, EventLogStreams), and
-- supervision rules raise alerts.
--
-- A reader must never skip an event whose transaction commits after a later-numbered one. So each event records the
-- id of the transaction that wrote it (xid8, never wraps), and readers take only transactions older than every one
-- still running (pg_snapshot_xmin), in (tx, seq) order: that prefix of the log can no longer change.
ALTER TABLE jinbao_events ADD COLUMN IF NOT EXISTS tx xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE jinbao_events ADD COLUMN IF NOT EXISTS seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE INDEX IF NOT EXISTS jinbao_events_position ON jinbao_events (tx, seq);

-- Alerts of the supervision rules, for the supervisors of the place (a city, or a province for its own findings).
-- alert_id names the rule and a digest of the finding: raised again, it inserts nothing.
CREATE TABLE IF NOT EXISTS jinbao_alerts (
    alert_id         text        PRIMARY KEY,
    rule             text        NOT NULL,
    place            text        NOT NULL,
    subject          text        NOT NULL,
    detail           text        NOT NULL,
    facts            jsonb       NOT NULL DEFAULT '{}',  -- what detail says, as values: pages say it in their own language
    raised_at        timestamptz NOT NULL,
    status           text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    acknowledged_by  text        NULL,
    acknowledged_at  timestamptz NULL,
    resolved_by      text        NULL,
    resolved_at      timestamptz NULL,
    resolution_note  text        NULL
);

CREATE INDEX IF NOT EXISTS jinbao_alerts_place ON jinbao_alerts (place, raised_at DESC);
