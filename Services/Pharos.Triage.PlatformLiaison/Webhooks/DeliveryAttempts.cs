using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>One HTTP attempt: when, how long, and the status code or the exception.</summary>
public sealed record DeliveryAttempt(int Number, DateTimeOffset At, TimeSpan Duration, int? StatusCode, string? Error);

/// <summary>
/// The attempts of one dispatch, noted by <see cref="AttemptLog"/> as the request passes it (the
/// request carries this in its options) and written by the dispatcher after the send.
/// </summary>
public sealed class DeliveryAttempts(DeliveryRow delivery)
{
    public static readonly HttpRequestOptionsKey<DeliveryAttempts> Key = new("Pharos.Triage.DeliveryAttempts");

    private readonly List<DeliveryAttempt> _attempts = [];

    public DeliveryRow Delivery { get; } = delivery;

    public int Count
    {
        get { lock (_attempts) return _attempts.Count; }
    }

    public IReadOnlyList<DeliveryAttempt> All
    {
        get { lock (_attempts) return [.. _attempts]; }
    }

    public int NextNumber()
    {
        lock (_attempts) return _attempts.Count + 1;
    }

    public void Add(DeliveryAttempt attempt)
    {
        lock (_attempts) _attempts.Add(attempt);
    }
}
