using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Data;

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
/// The escalation ladder: reminder at half the act window without acknowledgement, overdue and
/// escalated when a deadline passes, unanswered a grace period after act-by with no outcome. Pure:
/// it reads and writes the clock row and returns the messages the steps cause.
/// </summary>
public static class DeadlineLadder
{
    /// <summary>The steps still ahead of a clock, with their times; none while it is paused or once it is closed.</summary>
    public static IEnumerable<(LadderStep Step, DateTimeOffset At)> Pending(ClockRow clock)
    {
        if (clock.ClosedAt is not null || clock.PausedAt is not null) yield break;
        if (clock.RemindedAt is null && clock.AcknowledgedAt is null && clock.Sla == Sla.OnTime)
            yield return (LadderStep.Remind, clock.RemindAt);
        if (clock.AcknowledgeOverdueAt is null && clock.AcknowledgedAt is null)
            yield return (LadderStep.AcknowledgeOverdue, clock.AcknowledgeBy);
        if (clock.ActOverdueAt is null)
            yield return (LadderStep.ActOverdue, clock.ActBy);
        if (clock.UnansweredAt is null)
            yield return (LadderStep.Unanswered, clock.ActBy + TimeSpan.FromMilliseconds(clock.GraceMs));
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
        if (clock.PausedAt is { } pausedAt) clock.PausedMs += (long)(closed.ClosedAt - pausedAt).TotalMilliseconds;
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

    /// <summary>The platform asked a question: the clock stops until the answer.</summary>
    public static void Pause(ClockRow clock, DateTimeOffset requestedAt)
    {
        if (clock.ClosedAt is not null || clock.PausedAt is not null) return;
        clock.AcknowledgedAt ??= requestedAt;
        clock.PausedAt = requestedAt;
        clock.Clarifications++;
        clock.NextDueAt = null;
    }

    /// <summary>The answer arrived: the deadlines moved by the pause (PlatformLiaison's figures), the clock runs again.</summary>
    public static void Resume(ClockRow clock, RequestResumed resumed)
    {
        if (clock.ClosedAt is not null || clock.PausedAt is null) return;
        clock.PausedAt = null;
        clock.PausedMs += (long)resumed.Paused.TotalMilliseconds;
        clock.AcknowledgeBy = resumed.AcknowledgeBy;
        clock.ActBy = resumed.ActBy;
        if (clock.RemindedAt is null) clock.RemindAt += resumed.Paused;
        clock.NextDueAt = NextDue(clock);
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
        if (clock.PausedAt is { } pausedAt) clock.PausedMs += Math.Max(0, (long)(closed.ClosedAt - pausedAt).TotalMilliseconds);
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
