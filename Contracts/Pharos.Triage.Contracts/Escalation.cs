namespace Pharos.Triage.Contracts;

/// <summary>Half the window of the earliest pending deadline passed (acknowledge-by while unacknowledged, then act-by): the platform is reminded.</summary>
public record ReminderDue(string RequestId, string PlatformId, DateTimeOffset At, DateTimeOffset ActBy);

/// <summary>A deadline (<see cref="Deadline"/>: acknowledge_by or act_by) passed without the answer it asked for.</summary>
public record RequestOverdue(string RequestId, string PlatformId, string Deadline, DateTimeOffset DeadlineAt, DateTimeOffset At);

/// <summary>
/// An overdue request is escalated: PlatformLiaison delivers it to the platform's escalation contact.
/// </summary>
public record RequestEscalated(string RequestId, string PlatformId, string Deadline, DateTimeOffset DeadlineAt, DateTimeOffset At);

/// <summary>Still no answer a grace period after act-by: "lettre morte".</summary>
public record RequestUnanswered(string RequestId, string PlatformId, DateTimeOffset ActBy, DateTimeOffset At);

/// <summary>The request closed and its deadline state is final: <c>met</c> or <c>missed</c>.</summary>
public record RequestDeadlineSettled(string RequestId, string PlatformId, string Sla, DateTimeOffset At);
