-- Re-driving a report backs off: each time it is filed again, the wait before the next time doubles.
-- redrive_at is the moment the wait is counted from; it moves into the future as the report keeps waiting.
ALTER TABLE reports ADD COLUMN redrives INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN redrive_at INTEGER NOT NULL DEFAULT 0;
UPDATE reports SET redrive_at = last_published_at;
DROP INDEX ix_reports_stuck;
CREATE INDEX ix_reports_redrive ON reports (redrive_at) WHERE status = 'received';
