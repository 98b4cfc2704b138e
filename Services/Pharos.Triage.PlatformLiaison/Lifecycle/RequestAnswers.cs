using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Deadlines;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Lifecycle;

/// <summary>
/// What a platform's answer (or the analyst's) does to a request: the new state, written into the row,
/// and the messages that tell the other services. Pure: no I/O, so it is tested without a bus.
/// </summary>
public static class RequestAnswers
{
    /// <summary>Null when the lifecycle refuses the transition; otherwise the messages to publish.</summary>
    public static IReadOnlyList<object>? Acknowledge(RequestRow request, DateTimeOffset now, string actor)
    {
        if (!RequestLifecycle.TryApply(request.Status, RequestTrigger.Acknowledge, out var to)) return null;
        request.Status = to;
        return AcknowledgeOnce(request, now, actor) is { } acknowledged ? [acknowledged] : [];
    }

    public static IReadOnlyList<object>? RecordOutcome(
        RequestRow request, string outcome, string? reason, string? platformTicket, DateTimeOffset actedAt, DateTimeOffset now, string actor,
        string? refusalGround = null)
    {
        var trigger = outcome == Outcome.ClarificationRequested ? RequestTrigger.AskClarification : RequestTrigger.Close;
        if (!RequestLifecycle.TryApply(request.Status, trigger, out var to)) return null;

        var messages = new List<object>();
        var wasPaused = request.Status == RequestStatus.ClarificationRequested;
        // Recording an outcome also acknowledges (API.md).
        if (AcknowledgeOnce(request, now, actor) is { } acknowledged) messages.Add(acknowledged);
        request.Status = to;

        if (trigger == RequestTrigger.AskClarification)
        {
            request.ClarificationQuestion = reason;
            request.ClarificationRequestedAt = now;
            request.ClarificationAnswer = null;
            request.Question++;
            messages.Add(new ClarificationRequested(request.Id, request.PlatformId, reason!, now, actor, request.Question));
            return messages;
        }

        // Closed while waiting for the answer: the pause ends here, and counts as it would have on an answer.
        if (wasPaused) EndPause(request, now);
        request.Outcome = outcome;
        request.OutcomeReason = reason;
        request.RefusalGround = refusalGround;
        request.PlatformTicket = platformTicket;
        request.ActedAt = actedAt;
        request.ClosedAt = now;
        messages.Add(new RequestClosed(request.Id, request.PlatformId, request.NormalizedUrl, outcome, reason, platformTicket,
            request.AcknowledgedAt!.Value, actedAt, now, request.AcknowledgeBy, request.ActBy, actor, TimeSpan.FromMilliseconds(request.PausedMs),
            refusalGround));
        return messages;
    }

    /// <summary>
    /// The analyst answered question <paramref name="question"/>: the request is back to acknowledged
    /// and its deadlines move by the time the clock was paused (TCO art. 3(7)-(8)). Null (nothing
    /// changes) when the request is not waiting for an answer, or waits for the answer to a newer question.
    /// </summary>
    public static IReadOnlyList<object>? AnswerClarification(RequestRow request, string answer, DateTimeOffset answeredAt, int question)
    {
        // 0: an answer sent before questions were numbered, to whichever question is open.
        if (question > 0 && question != request.Question) return null;
        if (!RequestLifecycle.TryApply(request.Status, RequestTrigger.AnswerClarification, out var to)) return null;
        var paused = EndPause(request, answeredAt);
        request.Status = to;
        request.ClarificationAnswer = answer;
        return [new RequestResumed(request.Id, request.PlatformId, request.Question, to, paused, request.AcknowledgeBy, request.ActBy,
            request.UnansweredAt, request.AcknowledgeReminderAt, request.ActReminderAt, answeredAt)];
    }

    /// <summary>Who closes a superseded request: the system, on Routing's decision.</summary>
    public const string SupersedingActor = "system:routing";

    /// <summary>
    /// Routing issued a stricter request for the same content: the system closes this one as
    /// <c>superseded</c>. Nothing is acknowledged or acted on the platform's behalf; the closing message
    /// carries the supersession time where it needs an acknowledgement and an act time.
    /// </summary>
    public static IReadOnlyList<object>? Supersede(RequestRow request, RequestSuperseded superseded)
    {
        if (!RequestLifecycle.TryApply(request.Status, RequestTrigger.Supersede, out var to)) return null;
        if (request.Status == RequestStatus.ClarificationRequested) EndPause(request, superseded.At);
        request.Status = to;
        request.Outcome = Outcome.Superseded;
        request.ClosedAt = superseded.At;
        return [new RequestClosed(request.Id, request.PlatformId, request.NormalizedUrl, Outcome.Superseded, null, null,
            request.AcknowledgedAt ?? superseded.At, superseded.At, superseded.At, request.AcknowledgeBy, request.ActBy, SupersedingActor,
            TimeSpan.FromMilliseconds(request.PausedMs))];
    }

    /// <summary>Moves the deadlines still running by the time the clock was paused (<see cref="RequestDeadlines.AfterPause"/>).</summary>
    private static TimeSpan EndPause(RequestRow request, DateTimeOffset at)
    {
        var paused = at - request.ClarificationRequestedAt!.Value;
        if (paused < TimeSpan.Zero) paused = TimeSpan.Zero;
        var moved = new RequestDeadlines(request.AcknowledgeBy, request.ActBy, request.UnansweredAt, request.AcknowledgeReminderAt, request.ActReminderAt)
            .AfterPause(paused, acknowledged: request.AcknowledgedAt is not null);
        (request.AcknowledgeBy, request.ActBy, request.UnansweredAt, request.AcknowledgeReminderAt, request.ActReminderAt) =
            (moved.AcknowledgeBy, moved.ActBy, moved.UnansweredAt, moved.AcknowledgeReminderAt, moved.ActReminderAt);
        request.PausedMs += (long)paused.TotalMilliseconds;
        return paused;
    }

    private static RequestAcknowledged? AcknowledgeOnce(RequestRow request, DateTimeOffset now, string actor)
    {
        if (request.AcknowledgedAt is not null) return null;
        request.AcknowledgedAt = now;
        return new RequestAcknowledged(request.Id, request.PlatformId, now, actor);
    }
}
