-- Delivery receipts: a row is done once every consumer of its type has said it took it (MessagesTaken),
-- not merely once the bus accepted it. Until then it is sent again, backing off.
-- awaiting: the consumers (queue names) still to take it, as '|a|b|'; '|' when all have; NULL for a row
-- written before receipts, or with no consumer known, which is done once sent.
ALTER TABLE outbox ADD COLUMN awaiting TEXT NULL;
-- When a sent row still awaited by some consumer goes again; NULL once all have taken it.
ALTER TABLE outbox ADD COLUMN resend_at INTEGER NULL;
-- How many times the row was handed to the bus: the resend backoff doubles with it.
ALTER TABLE outbox ADD COLUMN sends INTEGER NOT NULL DEFAULT 0;
-- 1 when the row could not be made into a message at all (an unknown type, a body that does not
-- deserialise): it shows in readiness and holds nothing else back.
ALTER TABLE outbox ADD COLUMN unsendable INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_outbox_resend_at ON outbox (resend_at) WHERE resend_at IS NOT NULL;
CREATE INDEX ix_outbox_unsendable ON outbox (id) WHERE unsendable = 1;
