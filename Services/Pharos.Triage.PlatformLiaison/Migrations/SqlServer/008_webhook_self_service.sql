-- Issue 16, a platform's self-service for its webhook: its deliveries by status, a redelivery of one, a ping.
--
-- A ping is about no request: request_id becomes nullable. "One notice per fact" stays for the notices about a
-- request, as a filtered unique index: a UNIQUE constraint would let one NULL in, so one ping only.
ALTER TABLE webhook_deliveries DROP CONSTRAINT uq_webhook_deliveries_fact;
GO
ALTER TABLE webhook_deliveries ALTER COLUMN request_id NVARCHAR(36) NULL;
GO
CREATE UNIQUE INDEX ux_webhook_deliveries_fact ON webhook_deliveries (request_id, event, step) WHERE request_id IS NOT NULL;
GO
-- status: pending (not yet dispatched, in flight, or due again after a redelivery), delivered, or failed (the last
-- dispatch failed: a retry is scheduled, or it was abandoned); written with each dispatch (DeliveryStatus), so that
-- a platform's list by status is one seek of ix_webhook_deliveries_platform_status.
-- dispatches_at_redelivery: the dispatches done before the last redelivery; the retry budget counts from there.
ALTER TABLE webhook_deliveries ADD
    status                    NVARCHAR(16) NOT NULL CONSTRAINT df_webhook_deliveries_status DEFAULT N'pending',
    dispatches_at_redelivery  INT NOT NULL CONSTRAINT df_webhook_deliveries_dispatches_at_redelivery DEFAULT 0;
GO
UPDATE webhook_deliveries
SET status = CASE WHEN delivered_at IS NOT NULL THEN N'delivered' WHEN last_error IS NOT NULL THEN N'failed' ELSE N'pending' END;
GO
-- A platform's deliveries, newest first: all of them, or those of one status.
CREATE INDEX ix_webhook_deliveries_platform ON webhook_deliveries (platform_id, created_at, id);
CREATE INDEX ix_webhook_deliveries_platform_status ON webhook_deliveries (platform_id, status, created_at, id);

-- Who asked for each redelivery, and when: the attempts that follow are in webhook_attempts.
CREATE TABLE webhook_redeliveries (
    id            BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_webhook_redeliveries PRIMARY KEY,
    delivery_id   NVARCHAR(36)  NOT NULL CONSTRAINT fk_webhook_redeliveries_delivery REFERENCES webhook_deliveries (id),
    requested_at  BIGINT NOT NULL,
    requested_by  NVARCHAR(240) NOT NULL
);
CREATE INDEX ix_webhook_redeliveries_delivery ON webhook_redeliveries (delivery_id, id);
