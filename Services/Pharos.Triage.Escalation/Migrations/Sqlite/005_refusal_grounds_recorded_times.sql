-- Issue 13. A refusal carries its ground, which statistics count; the platform's own words stay with
-- PlatformLiaison's request and the report's timeline, so Escalation no longer keeps them. Refusals
-- recorded before grounds existed are counted under 'other'.
ALTER TABLE deadline_clocks ADD COLUMN refusal_ground TEXT NULL;
UPDATE deadline_clocks SET refusal_ground = 'other' WHERE outcome = 'refused';
DROP INDEX ix_deadline_clocks_refused;
ALTER TABLE deadline_clocks DROP COLUMN outcome_reason;

-- Statistics judge answers by when the system recorded them (closed_at), never by the declared acted_at:
-- the covering index follows.
DROP INDEX ix_deadline_clocks_statistics;
CREATE INDEX ix_deadline_clocks_statistics ON deadline_clocks (
    issued_at, platform_id, category, legal_basis, acknowledged_at, acknowledge_by, closed_at, act_by,
    outcome, refusal_ground, paused_ms, clarifications, unanswered_at);

-- The day rollups count refusals by ground, and superseded requests on their own.
ALTER TABLE statistics_days ADD COLUMN refused_not_illegal INTEGER NOT NULL DEFAULT 0;
ALTER TABLE statistics_days ADD COLUMN refused_insufficient_information INTEGER NOT NULL DEFAULT 0;
ALTER TABLE statistics_days ADD COLUMN refused_impossible INTEGER NOT NULL DEFAULT 0;
ALTER TABLE statistics_days ADD COLUMN refused_outside_jurisdiction INTEGER NOT NULL DEFAULT 0;
ALTER TABLE statistics_days ADD COLUMN refused_other INTEGER NOT NULL DEFAULT 0;
ALTER TABLE statistics_days ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0;

-- Every day rolled up before this counted by other rules: roll them all up again.
DELETE FROM statistics_days;
INSERT OR IGNORE INTO statistics_stale_days (day) SELECT DISTINCT issued_at / 86400000 FROM deadline_clocks;
