namespace Pharos.Triage.StaffConsole.Requests;

/// <summary>A removal request as the API shows it to its platform (<c>GET /api/platform/requests/{id}</c>).</summary>
public sealed record PlatformRequest(
    string Id,
    string Reference,
    string Url,
    string Category,
    string LegalBasis,
    string Reasons,
    string? EvidenceSha256,
    DateTimeOffset IssuedAt,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset ActBy,
    string Status,
    DateTimeOffset? AcknowledgedAt,
    string? Outcome,
    string? ClarificationQuestion,
    string? ClarificationAnswer)
{
    public bool IsClosed => Status == Contracts.RequestStatus.Closed;

    /// <summary>
    /// The deadline the platform is working against now: acknowledging while the request waits for it, acting after;
    /// none while the platform waits for the analyst's answer (the clock is paused) or once the request is closed.
    /// </summary>
    public DateTimeOffset? NextDeadline => Status switch
    {
        Contracts.RequestStatus.Pending => AcknowledgeBy,
        Contracts.RequestStatus.Acknowledged => ActBy,
        _ => null,
    };
}

/// <summary>A page of the platform's queue, oldest deadline first.</summary>
public sealed record RequestList(IReadOnlyList<PlatformRequest> Items, string? NextCursor);

/// <summary>A notice to the platform's webhook and every attempt made to deliver it (<c>GET /api/platform/webhook/deliveries</c>).</summary>
public sealed record Delivery(
    string Id,
    string Event,
    string? RequestId,
    string? Reference,
    DateTimeOffset CreatedAt,
    string Status,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? AbandonedAt,
    string? LastError,
    IReadOnlyList<DeliveryAttempt> Attempts);

/// <summary>One HTTP attempt: the receiver's status code, or the error when it did not answer.</summary>
public sealed record DeliveryAttempt(int Dispatch, int Attempt, DateTimeOffset At, long DurationMs, int? StatusCode, string? Error);

/// <summary>A page of the platform's notices, newest first.</summary>
public sealed record DeliveryList(IReadOnlyList<Delivery> Items, string? NextCursor);

/// <summary>The part of the platform's profile these pages read: where its notices go, if anywhere.</summary>
public sealed record PlatformWebhook(string Url);

public sealed record PlatformProfile(string Id, string Name, PlatformWebhook? Webhook);
