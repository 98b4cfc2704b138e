-- Issue 18: the W3C trace context of the work that wrote the row (traceparent, and tracestate when there is one), so
-- that the dispatcher sends it as part of the same trace, however long after. NULL when nothing was traced.
ALTER TABLE outbox ADD
    trace_parent  NVARCHAR(55)  NULL,
    trace_state   NVARCHAR(512) NULL;
