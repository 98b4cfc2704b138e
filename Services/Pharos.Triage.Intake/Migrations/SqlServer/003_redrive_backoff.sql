-- Re-driving a report backs off: each time it is filed again, the wait before the next time doubles.
-- redrive_at is the moment the wait is counted from; it moves into the future as the report keeps waiting.
ALTER TABLE reports ADD redrives INT NOT NULL CONSTRAINT df_reports_redrives DEFAULT 0,
                        redrive_at BIGINT NOT NULL CONSTRAINT df_reports_redrive_at DEFAULT 0;
GO
UPDATE reports SET redrive_at = last_published_at;
DROP INDEX ix_reports_stuck ON reports;
CREATE INDEX ix_reports_redrive ON reports (redrive_at) WHERE status = 'received';
