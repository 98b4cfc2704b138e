using Pharos.Triage.Infrastructure.Timing;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>How a dispatch ended.</summary>
public enum SendResult
{
    Delivered,
    Failed,

    /// <summary>No webhook is configured any more for the platform.</summary>
    NoReceiver,

    /// <summary>Cut short by shutdown: not the receiver's fault, so not counted.</summary>
    Interrupted,
}

/// <summary>What the delivery row becomes after a dispatch.</summary>
public sealed record DispatchOutcome(DateTimeOffset? DeliveredAt, DateTimeOffset? AbandonedAt, DateTimeOffset? NextAttemptAt, string? Error)
{
    public bool Abandoned => AbandonedAt is not null;
}

/// <summary>The durable retry schedule: exponential backoff between dispatches, capped, then abandonment. Pure.</summary>
public static class DeliverySchedule
{
    /// <param name="dispatches">Dispatches completed, this one included.</param>
    /// <param name="retryAfter">What the receiver asked for (<c>Retry-After</c>), honoured up to the cap.</param>
    public static DispatchOutcome After(SendResult result, string? error, int dispatches, TimeSpan? retryAfter, DateTimeOffset now, WebhookOptions options) =>
        result switch
        {
            SendResult.Delivered => new(now, null, null, null),
            SendResult.NoReceiver => new(null, now, null, "no webhook is configured for the platform any more"),
            SendResult.Failed when dispatches >= options.MaxDispatches => new(null, now, null, error),
            SendResult.Failed => new(null, null, now + Wait(dispatches, retryAfter, options), error),
            _ => throw new ArgumentOutOfRangeException(nameof(result), result, "An interrupted dispatch is released, not scheduled."),
        };

    /// <summary>FirstRetryAfter, doubled for each dispatch after the first, or longer if the receiver asked; at most MaxRetryAfter.</summary>
    public static TimeSpan Wait(int dispatches, TimeSpan? retryAfter, WebhookOptions options)
    {
        var backoff = Backoff.Doubling(options.FirstRetryAfter, dispatches - 1, options.MaxRetryAfter);
        if (retryAfter is not { } asked || asked <= backoff) return backoff;
        return asked < options.MaxRetryAfter ? asked : options.MaxRetryAfter;
    }
}
