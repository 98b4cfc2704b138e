-- Due deliveries by platform: the dispatcher takes each platform's first few from here, instead of ranking
-- the whole backlog at every claim (which made a backlog of 20,000 notices cost 9.5 ms a claim, not 0.15 ms).
CREATE INDEX ix_webhook_deliveries_platform_due ON webhook_deliveries (platform_id, next_attempt_at, id) WHERE next_attempt_at IS NOT NULL;
