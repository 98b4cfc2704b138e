-- Issue 18: the W3C trace context of the work that queued the notice, so that its HTTP calls to the platform belong to
-- the same trace as the report behind them. NULL when nothing was traced.
ALTER TABLE webhook_deliveries ADD COLUMN trace_parent TEXT NULL CHECK (length(trace_parent) <= 55);
ALTER TABLE webhook_deliveries ADD COLUMN trace_state TEXT NULL CHECK (length(trace_state) <= 512);
