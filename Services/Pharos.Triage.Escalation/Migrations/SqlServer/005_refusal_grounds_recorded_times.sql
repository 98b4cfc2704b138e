-- Issue 13. A refusal carries its ground, which statistics count; the platform's own words stay with
-- PlatformLiaison's request and the report's timeline, so Escalation no longer keeps them. Refusals
-- recorded before grounds existed are counted under 'other'.
ALTER TABLE deadline_clocks ADD refusal_ground NVARCHAR(32) NULL;
GO
UPDATE deadline_clocks SET refusal_ground = N'other' WHERE outcome = N'refused';
DROP INDEX ix_deadline_clocks_refused ON deadline_clocks;
ALTER TABLE deadline_clocks DROP COLUMN outcome_reason;

-- Statistics judge answers by when the system recorded them (closed_at), never by the declared acted_at:
-- the covering index follows.
DROP INDEX ix_deadline_clocks_statistics ON deadline_clocks;
CREATE INDEX ix_deadline_clocks_statistics ON deadline_clocks (issued_at)
    INCLUDE (platform_id, category, legal_basis, acknowledged_at, acknowledge_by, closed_at, act_by,
             outcome, refusal_ground, paused_ms, clarifications, unanswered_at);

-- The day rollups count refusals by ground, and superseded requests on their own.
ALTER TABLE statistics_days ADD
    refused_not_illegal               INT NOT NULL CONSTRAINT df_statistics_days_refused_not_illegal DEFAULT 0,
    refused_insufficient_information  INT NOT NULL CONSTRAINT df_statistics_days_refused_insufficient_information DEFAULT 0,
    refused_impossible                INT NOT NULL CONSTRAINT df_statistics_days_refused_impossible DEFAULT 0,
    refused_outside_jurisdiction      INT NOT NULL CONSTRAINT df_statistics_days_refused_outside_jurisdiction DEFAULT 0,
    refused_other                     INT NOT NULL CONSTRAINT df_statistics_days_refused_other DEFAULT 0,
    superseded                        INT NOT NULL CONSTRAINT df_statistics_days_superseded DEFAULT 0;
GO
-- Every day rolled up before this counted by other rules: roll them all up again.
DELETE FROM statistics_days;
INSERT INTO statistics_stale_days (day)
SELECT DISTINCT c.issued_at / 86400000 FROM deadline_clocks c
WHERE NOT EXISTS (SELECT 1 FROM statistics_stale_days s WHERE s.day = c.issued_at / 86400000);
