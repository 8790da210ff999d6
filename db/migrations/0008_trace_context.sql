-- Trace context through the exchange (issue 14): the W3C traceparent of the span that wrote a document, so the relay's
-- send, the receiver's storing and the receiving grain's work continue one trace across clusters. NULL for rows written
-- before this migration or with no span (no telemetry): they simply start a trace of their own.
ALTER TABLE jinbao_outbox ADD COLUMN IF NOT EXISTS trace_parent text NULL;
ALTER TABLE jinbao_inbox ADD COLUMN IF NOT EXISTS trace_parent text NULL;
