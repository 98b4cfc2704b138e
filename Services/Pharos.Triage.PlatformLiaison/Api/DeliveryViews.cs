using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Api;

/// <summary>
/// A notice to a platform's webhook, as the platform sees it: what it announced, where it stands
/// (<see cref="Webhooks.DeliveryStatus"/>), and every HTTP attempt made to deliver it.
/// </summary>
public sealed record DeliveryView(
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
    IReadOnlyList<AttemptView> Attempts)
{
    public static DeliveryView From(DeliveryListRow d, IEnumerable<AttemptRow> attempts) => new(
        d.Id, d.Event, d.RequestId, d.Reference, d.CreatedAt, d.Status, d.DeliveredAt, d.NextAttemptAt, d.AbandonedAt, d.LastError,
        [.. attempts.Select(AttemptView.From)]);
}

/// <summary>
/// One HTTP attempt: <see cref="Dispatch"/> numbers the delivery's dispatches (a dispatch is one send with its quick
/// retries), <see cref="Attempt"/> the attempts within it; a status code when the receiver answered, else the error.
/// </summary>
public sealed record AttemptView(int Dispatch, int Attempt, DateTimeOffset At, long DurationMs, int? StatusCode, string? Error)
{
    public static AttemptView From(AttemptRow a) => new(a.Dispatch, a.Attempt, a.At, a.DurationMs, a.StatusCode, a.Error);
}
