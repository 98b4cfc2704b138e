-- Every time a clock is held to now comes from Routing, decided at issue (RequestIssued), and from
-- PlatformLiaison after a pause (RequestResumed); Escalation no longer reads a policy, so the grace
-- period goes and the time it ends is kept instead. remind_at is now the reminder while unacknowledged
-- (half the window of the earliest pending deadline), act_remind_at the one once acknowledged.
ALTER TABLE deadline_clocks ADD
    act_remind_at      BIGINT NOT NULL CONSTRAINT df_deadline_clocks_act_remind_at DEFAULT 0,
    unanswered_due_at  BIGINT NOT NULL CONSTRAINT df_deadline_clocks_unanswered_due_at DEFAULT 0,
    -- The number of the last question whose pause was applied (PlatformLiaison numbers them from 1), so that
    -- pauses and resumes apply in order; a clock paused before this script waits on an unnumbered question (0).
    question           INT    NOT NULL CONSTRAINT df_deadline_clocks_question DEFAULT 0;
GO
-- Open clocks started before this script: their reminder was at half the act window, and an
-- unacknowledged one is now reminded at half its earliest window (its acknowledge-by never moved,
-- since a question acknowledges). Closed clocks have nothing left to fire and keep their rows as they are.
UPDATE c
SET act_remind_at = c.remind_at,
    unanswered_due_at = c.act_by + c.grace_ms,
    remind_at = CASE WHEN c.acknowledged_at IS NULL THEN e.remind ELSE c.remind_at END,
    next_due_at = CASE WHEN c.next_due_at IS NOT NULL AND c.acknowledged_at IS NULL AND c.reminded_at IS NULL AND c.sla = 'on_time'
                            AND e.remind < c.next_due_at
                       THEN e.remind ELSE c.next_due_at END
FROM deadline_clocks AS c
CROSS APPLY (SELECT c.issued_at + ((CASE WHEN c.acknowledge_by < c.act_by THEN c.acknowledge_by ELSE c.act_by END) - c.issued_at) / 2 AS remind) AS e
WHERE c.closed_at IS NULL;
GO
ALTER TABLE deadline_clocks DROP COLUMN grace_ms;
