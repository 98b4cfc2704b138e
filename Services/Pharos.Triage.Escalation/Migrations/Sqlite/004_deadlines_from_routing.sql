-- Every time a clock is held to now comes from Routing, decided at issue (RequestIssued), and from
-- PlatformLiaison after a pause (RequestResumed); Escalation no longer reads a policy, so the grace
-- period goes and the time it ends is kept instead. remind_at is now the reminder while unacknowledged
-- (half the window of the earliest pending deadline), act_remind_at the one once acknowledged.
ALTER TABLE deadline_clocks ADD COLUMN act_remind_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deadline_clocks ADD COLUMN unanswered_due_at INTEGER NOT NULL DEFAULT 0;
-- The number of the last question whose pause was applied (PlatformLiaison numbers them from 1), so that
-- pauses and resumes apply in order; a clock paused before this script waits on an unnumbered question (0).
ALTER TABLE deadline_clocks ADD COLUMN question INTEGER NOT NULL DEFAULT 0;
-- Open clocks started before this script: their reminder was at half the act window, and an
-- unacknowledged one is now reminded at half its earliest window (its acknowledge-by never moved,
-- since a question acknowledges). Closed clocks have nothing left to fire and keep their rows as they are.
UPDATE deadline_clocks
SET act_remind_at = remind_at,
    unanswered_due_at = act_by + grace_ms,
    remind_at = CASE WHEN acknowledged_at IS NULL
                     THEN issued_at + (MIN(acknowledge_by, act_by) - issued_at) / 2 ELSE remind_at END,
    next_due_at = CASE WHEN next_due_at IS NOT NULL AND acknowledged_at IS NULL AND reminded_at IS NULL AND sla = 'on_time'
                       THEN MIN(next_due_at, issued_at + (MIN(acknowledge_by, act_by) - issued_at) / 2) ELSE next_due_at END
WHERE closed_at IS NULL;
ALTER TABLE deadline_clocks DROP COLUMN grace_ms;
