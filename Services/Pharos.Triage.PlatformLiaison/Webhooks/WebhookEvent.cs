namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>What a notice announces (its <c>event</c> field).</summary>
public static class WebhookEvent
{
    public const string RequestIssued = "request_issued";
    public const string ReminderDue = "reminder_due";
    public const string RequestEscalated = "request_escalated";

    /// <summary>A stricter request replaced this one, which the system closed; the notice names the new one.</summary>
    public const string RequestSuperseded = "request_superseded";

    /// <summary>A test notice a platform asks for (<c>POST /api/platform/webhook/test</c>), about no request.</summary>
    public const string Ping = "ping";
}

/// <summary>
/// Which notice of its kind a delivery is, so that the same fact is announced once: a request is issued
/// once; a reminder and an escalation are about one deadline at one time. A deadline moved by a
/// clarification pause is a new fact, and gets its own notice.
/// </summary>
public static class NoticeStep
{
    public const string Issue = "issue";

    /// <summary>A request is superseded once.</summary>
    public const string Supersede = "supersede";

    public static string Reminder(DateTimeOffset actBy) => Of(Contracts.Deadline.ActBy, actBy);

    public static string Escalation(string deadline, DateTimeOffset deadlineAt) => Of(deadline, deadlineAt);

    private static string Of(string deadline, DateTimeOffset at) =>
        $"{deadline}@{at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
