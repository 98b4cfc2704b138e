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

    public static RequestDeadlines Of(RequestIssued issued) =>
        new(issued.AcknowledgeBy, issued.ActBy, issued.UnansweredAt, issued.AcknowledgeReminderAt, issued.ActReminderAt);

    public static RequestDeadlines Of(RequestResumed resumed) =>
        new(resumed.AcknowledgeBy, resumed.ActBy, resumed.UnansweredAt, resumed.AcknowledgeReminderAt, resumed.ActReminderAt);
}
