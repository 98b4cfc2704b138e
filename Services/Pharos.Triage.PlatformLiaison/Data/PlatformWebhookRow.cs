namespace Pharos.Triage.PlatformLiaison.Data;

/// <summary>A platform's webhook as the admin API set it (<c>platform_webhooks</c>).</summary>
public sealed record PlatformWebhookRow
{
    public string PlatformId { get; init; } = "";
    public string Url { get; init; } = "";
    public string Secret { get; init; } = "";

    /// <summary>The secret before the last change, signing alongside <see cref="Secret"/> until <see cref="PreviousSecretUntil"/>.</summary>
    public string? PreviousSecret { get; init; }

    public DateTimeOffset? PreviousSecretUntil { get; init; }
    public DateTimeOffset SetAt { get; init; }
    public string SetBy { get; init; } = "";
}

/// <summary>What a change did to a platform's webhook (<c>platform_webhook_changes.change</c>).</summary>
public static class WebhookChange
{
    public const string Set = "set";
    public const string Rotated = "rotated";
    public const string Removed = "removed";
}
