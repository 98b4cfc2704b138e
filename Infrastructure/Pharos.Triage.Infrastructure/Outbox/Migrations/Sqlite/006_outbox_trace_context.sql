-- Issue 18: the W3C trace context of the work that wrote the row (traceparent, and tracestate when there is one), so
-- that the dispatcher sends it as part of the same trace, however long after. NULL when nothing was traced.
-- A tracestate longer than W3C's 512 characters is not kept (the caller drops it, as the specification allows).
ALTER TABLE outbox ADD COLUMN trace_parent TEXT NULL CHECK (length(trace_parent) <= 55);
ALTER TABLE outbox ADD COLUMN trace_state TEXT NULL CHECK (length(trace_state) <= 512);
