namespace Pharos.Triage.Contracts;

/// <summary>The platform acknowledged the request.</summary>
public record RequestAcknowledged(
    string RequestId,
    string PlatformId,
    DateTimeOffset AcknowledgedAt,
    string Actor);

/// <summary>The platform asked a question; the deadline clock is paused until the analyst answers.</summary>
public record ClarificationRequested(
    string RequestId,
    string PlatformId,
    string Question,
    DateTimeOffset RequestedAt,
    string Actor);

/// <summary>
/// The analyst's answer reached the platform: the request is back to <see cref="Status"/> and its
/// deadlines moved by the time the clock was paused.
/// </summary>
public record RequestResumed(
    string RequestId,
    string PlatformId,
    string Status,
    TimeSpan Paused,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset ActBy,
    DateTimeOffset ResumedAt);

/// <summary>
/// The platform reported the final outcome of the request; or, with outcome <c>superseded</c>, the system
/// closed it because a stricter request replaced it (<see cref="RequestSuperseded"/>): then nothing was
/// acknowledged or acted, and <see cref="AcknowledgedAt"/> (unless acknowledged before) and
/// <see cref="ActedAt"/> are the moment it closed.
/// </summary>
public record RequestClosed(
    string RequestId,
    string PlatformId,
    string NormalizedUrl,
    string Outcome,
    string? Reason,
    string? PlatformTicket,
    DateTimeOffset AcknowledgedAt,
    DateTimeOffset ActedAt,
    DateTimeOffset ClosedAt,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset ActBy,
    string Actor);
