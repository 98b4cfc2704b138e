-- Issue 18: the W3C trace context of the work that queued the notice, so that its HTTP calls to the platform belong to
-- the same trace as the report behind them. NULL when nothing was traced.
ALTER TABLE webhook_deliveries ADD
    trace_parent  NVARCHAR(55)  NULL,
    trace_state   NVARCHAR(512) NULL;
