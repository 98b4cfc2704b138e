-- Every time a request is held to, as Routing decided it at issue (RequestIssued): PlatformLiaison moves
-- them all by a pause and tells the others the result. question numbers the request's questions from
-- 1, so that their pauses, answers and resumes are applied in order everywhere.
ALTER TABLE requests ADD
    unanswered_at            BIGINT NOT NULL CONSTRAINT df_requests_unanswered_at DEFAULT 0,
    acknowledge_reminder_at  BIGINT NOT NULL CONSTRAINT df_requests_acknowledge_reminder_at DEFAULT 0,
    act_reminder_at          BIGINT NOT NULL CONSTRAINT df_requests_act_reminder_at DEFAULT 0,
    question                 INT    NOT NULL CONSTRAINT df_requests_question DEFAULT 0;
GO
-- Requests issued before this script: the default rules (unanswered an act window after act-by, reminders
-- at half their windows), their act side moved by what they were paused. Their open question, if any,
-- stays unnumbered (0), as its messages were.
UPDATE requests
SET unanswered_at = act_by + (act_by - paused_ms - issued_at),
    acknowledge_reminder_at = issued_at + (acknowledge_by - issued_at) / 2,
    act_reminder_at = issued_at + (act_by - paused_ms - issued_at) / 2 + paused_ms;
