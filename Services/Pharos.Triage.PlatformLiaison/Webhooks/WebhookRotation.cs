using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>
/// How a webhook's secret changes without breaking its receiver: the new secret signs at once, and the one it replaces
/// signs alongside it for <see cref="PreviousSecretSigns"/>, each notice carrying both signatures, so that a receiver
/// verifies with either while it changes over. Pure.
/// </summary>
public static class WebhookRotation
{
    /// <summary>How long a replaced secret still signs (API.md: 24 hours).</summary>
    public static readonly TimeSpan PreviousSecretSigns = TimeSpan.FromHours(24);

    /// <summary>
    /// The webhook after <paramref name="secret"/> is issued for it, at <paramref name="url"/>. The secret signing until now
    /// becomes the previous one; one still signing from an earlier change stops (a notice carries two signatures at most).
    /// </summary>
    public static PlatformWebhookRow Issue(PlatformWebhookRow? current, string platformId, string url, string secret, DateTimeOffset now, string actor) =>
        new()
        {
            PlatformId = platformId, Url = url, Secret = secret,
            PreviousSecret = current?.Secret,
            PreviousSecretUntil = current is null ? null : now + PreviousSecretSigns,
            SetAt = now, SetBy = actor,
        };

    /// <summary>The secrets that sign a notice sent at <paramref name="now"/>: the current one first.</summary>
    public static IReadOnlyList<string> SigningSecrets(PlatformWebhookRow webhook, DateTimeOffset now) =>
        webhook.PreviousSecret is { } previous && now < webhook.PreviousSecretUntil ? [webhook.Secret, previous] : [webhook.Secret];

    /// <summary>Until when the replaced secret signs, while it still does.</summary>
    public static DateTimeOffset? PreviousSecretSignsUntil(PlatformWebhookRow webhook, DateTimeOffset now) =>
        webhook.PreviousSecret is not null && now < webhook.PreviousSecretUntil ? webhook.PreviousSecretUntil : null;
}
