using Pharos.Triage.Contracts;

namespace Pharos.Triage.Infrastructure.Deadlines;

/// <summary>
/// Every time a request is held to, decided once by Routing at issue from the policy then in force
/// (DOMAIN.md): acknowledge-by, act-by, when it becomes unanswered, and its reminder, which comes at
/// half the window of the earliest pending deadline (half the acknowledge window while unacknowledged,
/// half the act window once acknowledged). The other services take these times from the messages and
/// never read a policy again.
/// </summary>
public sealed record RequestDeadlines(
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset ActBy,
    DateTimeOffset UnansweredAt,
    DateTimeOffset AcknowledgeReminderAt,
    DateTimeOffset ActReminderAt)
{
    /// <summary>
    /// The deadlines once the clock was paused for <paramref name="paused"/> (TCO art. 3(7)-(8)): the
    /// times still running move by the pause. The act-by side always runs until the request closes;
    /// the acknowledge side only while the request is unacknowledged (an acknowledgement ended it).
    /// The one place this arithmetic lives: PlatformLiaison applies it and the messages carry the result.
    /// </summary>
    public RequestDeadlines AfterPause(TimeSpan paused, bool acknowledged)
    {
        if (paused <= TimeSpan.Zero) return this;
        return new RequestDeadlines(
            acknowledged ? AcknowledgeBy : AcknowledgeBy + paused,
            ActBy + paused,
            UnansweredAt + paused,
            acknowledged ? AcknowledgeReminderAt : AcknowledgeReminderAt + paused,
            ActReminderAt + paused);
    }

    /// <summary>
    /// The times an issued request is held to. A <see cref="RequestIssued"/> published before Routing
    /// decided every time (still in flight, or a stored decision sent again) carries acknowledge-by and
    /// act-by only: the rest follow the default rules (unanswered an act window after act-by, reminders
    /// at half their windows), never a policy read now.
    /// </summary>
    public static RequestDeadlines Of(RequestIssued issued)
    {
        if (issued.UnansweredAt != default)
            return new(issued.AcknowledgeBy, issued.ActBy, issued.UnansweredAt, issued.AcknowledgeReminderAt, issued.ActReminderAt);
        var act = issued.ActBy - issued.IssuedAt;
        var earliest = issued.AcknowledgeBy < issued.ActBy ? issued.AcknowledgeBy - issued.IssuedAt : act;
        return new(issued.AcknowledgeBy, issued.ActBy, issued.ActBy + act, issued.IssuedAt + earliest / 2, issued.IssuedAt + act / 2);
    }

    /// <summary>
    /// The times a resumed request is held to, as PlatformLiaison moved them. A <see cref="RequestResumed"/>
    /// published before it carried them all carries acknowledge-by and act-by only: the others are
    /// <paramref name="current"/> moved by its pause.
    /// </summary>
    public static RequestDeadlines Of(RequestResumed resumed, RequestDeadlines current, bool acknowledged) =>
        resumed.UnansweredAt != default
            ? new(resumed.AcknowledgeBy, resumed.ActBy, resumed.UnansweredAt, resumed.AcknowledgeReminderAt, resumed.ActReminderAt)
            : current.AfterPause(resumed.Paused, acknowledged) with { AcknowledgeBy = resumed.AcknowledgeBy, ActBy = resumed.ActBy };
}
