using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Infrastructure.Deadlines;

namespace Pharos.Triage.Escalation.Deadlines;

/// <summary>A step of the escalation ladder.</summary>
public enum LadderStep
{
    Remind,
    AcknowledgeOverdue,
    ActOverdue,
    Unanswered,
}

/// <summary>
/// The escalation ladder: one reminder when half the window of the earliest pending deadline has
/// passed (the acknowledge window while unacknowledged, the act window once acknowledged), overdue and
/// escalated when a deadline passes, unanswered a grace period after act-by with no outcome. Every
/// time is the one Routing decided at issue, as pauses moved it (<see cref="RequestDeadlines"/>). Pure:
/// it reads and writes the clock row and returns the messages the steps cause.
/// </summary>
public static class DeadlineLadder
{
    /// <summary>The steps still ahead of a clock, with their times; none while it is paused or once it is closed.</summary>
    public static IEnumerable<(LadderStep Step, DateTimeOffset At)> Pending(ClockRow clock)
    {
        if (clock.ClosedAt is not null || clock.PausedAt is not null) yield break;
        if (clock.RemindedAt is null && clock.Sla == Sla.OnTime)
            yield return (LadderStep.Remind, clock.AcknowledgedAt is null ? clock.RemindAt : clock.ActRemindAt);
        if (clock.AcknowledgeOverdueAt is null && clock.AcknowledgedAt is null)
            yield return (LadderStep.AcknowledgeOverdue, clock.AcknowledgeBy);
        if (clock.ActOverdueAt is null)
            yield return (LadderStep.ActOverdue, clock.ActBy);
        if (clock.UnansweredAt is null)
            yield return (LadderStep.Unanswered, clock.UnansweredDueAt);
    }

    public static DateTimeOffset? NextDue(ClockRow clock) =>
        Pending(clock).Select(p => (DateTimeOffset?)p.At).Min();

    /// <summary>Fires, in order, every step due by <paramref name="now"/>; each fires once, since it marks itself on the row.</summary>
    public static IReadOnlyList<object> Advance(ClockRow clock, DateTimeOffset now)
    {
        var messages = new List<object>();
        // Each step changes what remains pending (a reminder is moot once overdue), so look again after each.
        while (true)
        {
            var due = Pending(clock).Where(p => p.At <= now).OrderBy(p => p.At).ThenBy(p => p.Step).ToList();
            if (due.Count == 0) break;
            Fire(clock, due[0].Step, now, messages);
        }
        clock.NextDueAt = NextDue(clock);
        return messages;
    }

    private static void Fire(ClockRow clock, LadderStep step, DateTimeOffset now, List<object> messages)
    {
        switch (step)
        {
            case LadderStep.Remind:
                clock.RemindedAt = now;
                if (Apply(clock, SlaEvent.ReminderDue))
                    messages.Add(new ReminderDue(clock.RequestId, clock.PlatformId, now, clock.ActBy));
                break;
            case LadderStep.AcknowledgeOverdue:
                clock.AcknowledgeOverdueAt = now;
                Overdue(clock, Deadline.AcknowledgeBy, clock.AcknowledgeBy, now, messages);
                break;
            case LadderStep.ActOverdue:
                clock.ActOverdueAt = now;
                Overdue(clock, Deadline.ActBy, clock.ActBy, now, messages);
                break;
            case LadderStep.Unanswered:
                clock.UnansweredAt = now;
                if (Apply(clock, SlaEvent.GraceExpired))
                    messages.Add(new RequestUnanswered(clock.RequestId, clock.PlatformId, clock.ActBy, now));
                break;
        }
    }

    private static void Overdue(ClockRow clock, string deadline, DateTimeOffset deadlineAt, DateTimeOffset now, List<object> messages)
    {
        if (!Apply(clock, SlaEvent.DeadlinePassed)) return;
        messages.Add(new RequestOverdue(clock.RequestId, clock.PlatformId, deadline, deadlineAt, now));
        messages.Add(new RequestEscalated(clock.RequestId, clock.PlatformId, deadline, deadlineAt, now));
    }

    /// <summary>
    /// The platform closed the request: the clock stops and the deadline state is final. An answer recorded in
    /// time is <c>met</c> even if a sweep, working on this clock before the answer reached it, found it overdue.
    /// </summary>
    public static RequestDeadlineSettled Close(ClockRow clock, RequestClosed closed, DateTimeOffset now)
    {
        clock.AcknowledgedAt ??= closed.AcknowledgedAt;
        clock.AcknowledgeBy = closed.AcknowledgeBy;
        clock.ActBy = closed.ActBy;
        // PlatformLiaison's total, which counts every question even if one's pause or resume has not reached
        // this clock yet. The larger of the two: a close sent before the total was carried has none (zero).
        clock.PausedMs = Math.Max(clock.PausedMs, (long)closed.Paused.TotalMilliseconds);
        clock.PausedAt = null;
        clock.Outcome = closed.Outcome;
        clock.RefusalGround = closed.RefusalGround;
        clock.ActedAt = closed.ActedAt;
        clock.ClosedAt = closed.ClosedAt;
        // Judged by when the answer was recorded, never by the actedAt the platform declares (DOMAIN.md).
        var inTime = DeadlineVerdict.Settle(clock.AcknowledgedAt.Value, clock.AcknowledgeBy, closed.ClosedAt, clock.ActBy) == Sla.Met;
        Apply(clock, inTime ? SlaEvent.ClosedInTime : SlaEvent.ClosedLate);
        clock.NextDueAt = null;
        return new RequestDeadlineSettled(clock.RequestId, clock.PlatformId, clock.Sla, now);
    }

    /// <summary>
    /// The platform asked question <paramref name="question"/>: the clock stops until its answer. In
    /// question order (<see cref="ClarificationOrder"/>): <see cref="QuestionStep.Wait"/> when the resume
    /// of the previous question has not arrived yet, and nothing changes then.
    /// </summary>
    public static QuestionStep Pause(ClockRow clock, int question, DateTimeOffset requestedAt)
    {
        var step = ClarificationOrder.Pause(clock.ClosedAt is not null, clock.Question, clock.PausedAt is not null, question);
        if (step != QuestionStep.Apply) return step;
        clock.AcknowledgedAt ??= requestedAt;
        clock.PausedAt = requestedAt;
        if (question > 0) clock.Question = question;
        clock.Clarifications++;
        clock.NextDueAt = null;
        return step;
    }

    /// <summary>
    /// The answer to a question arrived: the clock runs again, held to the deadlines PlatformLiaison moved
    /// by the pause. <see cref="QuestionStep.Wait"/> when that question's pause has not arrived yet; a late
    /// or repeated resume of an older question changes nothing.
    /// </summary>
    public static QuestionStep Resume(ClockRow clock, RequestResumed resumed)
    {
        var step = ClarificationOrder.Resume(clock.ClosedAt is not null, clock.Question, clock.PausedAt is not null, resumed.QuestionNumber);
        if (step != QuestionStep.Apply) return step;
        clock.PausedAt = null;
        clock.PausedMs += (long)resumed.Paused.TotalMilliseconds;
        clock.Take(RequestDeadlines.Of(resumed, clock.CurrentDeadlines(), acknowledged: clock.AcknowledgedAt is not null));
        clock.NextDueAt = NextDue(clock);
        return step;
    }

    public static void Acknowledge(ClockRow clock, DateTimeOffset acknowledgedAt)
    {
        clock.AcknowledgedAt ??= acknowledgedAt;
        if (clock.ClosedAt is null && clock.PausedAt is null) clock.NextDueAt = NextDue(clock);
    }

    /// <summary>
    /// A stricter request replaced this one (outcome superseded): the clock stops where it stood and fires
    /// nothing more. The platform was neither in time nor late on it, so its deadline state stays as it was.
    /// </summary>
    public static IReadOnlyList<object> Supersede(ClockRow clock, RequestClosed closed)
    {
        if (clock.ClosedAt is not null) return [];
        // PlatformLiaison's total, as in Close.
        clock.PausedMs = Math.Max(clock.PausedMs, (long)closed.Paused.TotalMilliseconds);
        clock.PausedAt = null;
        clock.Outcome = closed.Outcome;
        clock.ClosedAt = closed.ClosedAt;
        clock.NextDueAt = null;
        return [];
    }

    private static bool Apply(ClockRow clock, SlaEvent @event)
    {
        if (!SlaLifecycle.TryApply(clock.Sla, @event, out var to)) return false;
        clock.Sla = to;
        return true;
    }
}
