-- Every time a request is held to, as Routing decided it at issue (RequestIssued): PlatformLiaison moves
-- them all by a pause and tells the others the result. question numbers the request's questions from
-- 1, so that their pauses, answers and resumes are applied in order everywhere.
ALTER TABLE requests ADD COLUMN unanswered_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN acknowledge_reminder_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN act_reminder_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN question INTEGER NOT NULL DEFAULT 0;
-- Requests issued before this script: the default rules (unanswered an act window after act-by, reminders
-- at half their windows), their act side moved by what they were paused. Their open question, if any,
-- stays unnumbered (0), as its messages were.
UPDATE requests
SET unanswered_at = act_by + (act_by - paused_ms - issued_at),
    acknowledge_reminder_at = issued_at + (acknowledge_by - issued_at) / 2,
    act_reminder_at = issued_at + (act_by - paused_ms - issued_at) / 2 + paused_ms;
