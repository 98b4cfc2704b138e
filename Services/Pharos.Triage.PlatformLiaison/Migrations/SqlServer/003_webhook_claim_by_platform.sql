-- Due deliveries by platform, as in SQLite (the claim there reads each platform's first few from this index).
CREATE INDEX ix_webhook_deliveries_platform_due ON webhook_deliveries (platform_id, next_attempt_at, id) WHERE next_attempt_at IS NOT NULL;
