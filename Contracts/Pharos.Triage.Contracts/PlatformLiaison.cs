namespace Pharos.Triage.Contracts;

/// <summary>The platform acknowledged the request.</summary>
public record RequestAcknowledged(
    string RequestId,
    string PlatformId,
    DateTimeOffset AcknowledgedAt,
    string Actor);

/// <summary>
/// The platform asked a question; the deadline clock is paused until the analyst answers.
/// <see cref="QuestionNumber"/> counts the request's questions from 1: its resume carries the same number.
/// </summary>
public record ClarificationRequested(
    string RequestId,
    string PlatformId,
    string Question,
    DateTimeOffset RequestedAt,
    string Actor,
    int QuestionNumber);

/// <summary>
/// The analyst's answer to question <see cref="QuestionNumber"/> reached the platform: the request is
/// back to <see cref="Status"/>, and every deadline still running moved by the time the clock was
/// <see cref="Paused"/>. The deadlines are the result, to be taken as they are.
/// </summary>
public record RequestResumed(
    string RequestId,
    string PlatformId,
    int QuestionNumber,
    string Status,
    TimeSpan Paused,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset ActBy,
    DateTimeOffset UnansweredAt,
    DateTimeOffset AcknowledgeReminderAt,
    DateTimeOffset ActReminderAt,
    DateTimeOffset ResumedAt);

/// <summary>
/// The request was closed: the platform reported its final outcome, or the system closed it. <see cref="ClosedAt"/>
/// is when the system recorded the answer, and it alone decides whether the platform was in time;
/// <see cref="ActedAt"/> is what the platform declared, kept for the record. A refusal carries its
/// <see cref="RefusalGround"/> (one of <see cref="Contracts.RefusalGround.All"/>), which publications count;
/// <see cref="Reason"/> is the platform's own words, for the report's timeline and never published.
/// With outcome <c>superseded</c> the system closed it because a stricter request replaced it
/// (<see cref="RequestSuperseded"/>): nothing was acknowledged or acted, and <see cref="AcknowledgedAt"/> (unless
/// acknowledged before) and <see cref="ActedAt"/> are the moment it closed.
/// Its deadlines and <see cref="Paused"/> (how long its clock was paused in all, a question still open when it
/// closed included) are PlatformLiaison's, to be taken as they are.
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
    string Actor,
    TimeSpan Paused,
    string? RefusalGround = null);
