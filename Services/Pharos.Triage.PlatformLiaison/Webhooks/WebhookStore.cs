using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>
/// A new signing secret, as it is shown once: the admin passes it to the platform, and nothing shows it again. Until
/// <see cref="PreviousSecretSignsUntil"/> the secret it replaced still signs alongside it.
/// </summary>
public sealed record IssuedWebhookSecret(string PlatformId, string Url, string Secret, DateTimeOffset? PreviousSecretSignsUntil, DateTimeOffset SetAt, string SetBy);

/// <summary>
/// Sets, rotates and removes the webhooks of platforms the admin API manages, each change recorded with who made it and
/// the URL before and after (never a secret) in the transaction that makes it.
/// </summary>
public sealed class WebhookStore(LiaisonDatabase database, TimeProvider clock)
{
    /// <summary>Points the platform's notices at <paramref name="url"/> under a new secret; a secret it had signs alongside it for a while.</summary>
    public async Task<IssuedWebhookSecret> SetAsync(string platformId, string url, string actor, CancellationToken ct)
    {
        await using var uow = await database.BeginAsync(ct);
        var current = await CurrentAsync(uow, platformId);
        var now = clock.Now();
        var next = WebhookRotation.Issue(current, platformId, url, WebhookSecret.Generate(), now, actor);
        await uow.ExecuteAsync(current is null ? database.Sql.InsertWebhook : database.Sql.UpdateWebhook, next);
        await RecordAsync(uow, platformId, now, actor, WebhookChange.Set, current?.Url, url);
        await uow.CommitAsync(ct);
        return Issued(next, now);
    }

    /// <summary>A new secret for the platform's webhook, the old one signing alongside it for a while; null when it has none.</summary>
    public async Task<IssuedWebhookSecret?> RotateAsync(string platformId, string actor, CancellationToken ct)
    {
        await using var uow = await database.BeginAsync(ct);
        if (await CurrentAsync(uow, platformId) is not { } current) return null;
        var now = clock.Now();
        var next = WebhookRotation.Issue(current, platformId, current.Url, WebhookSecret.Generate(), now, actor);
        await uow.ExecuteAsync(database.Sql.UpdateWebhook, next);
        await RecordAsync(uow, platformId, now, actor, WebhookChange.Rotated, current.Url, current.Url);
        await uow.CommitAsync(ct);
        return Issued(next, now);
    }

    /// <summary>
    /// Stops the platform's notices: those not yet delivered are abandoned when their turn comes. False when it had no webhook.
    /// </summary>
    public async Task<bool> RemoveAsync(string platformId, string actor, CancellationToken ct)
    {
        await using var uow = await database.BeginAsync(ct);
        if (await CurrentAsync(uow, platformId) is not { } current) return false;
        await uow.ExecuteAsync(database.Sql.DeleteWebhook, new { PlatformId = platformId });
        await RecordAsync(uow, platformId, clock.Now(), actor, WebhookChange.Removed, current.Url, null);
        await uow.CommitAsync(ct);
        return true;
    }

    private Task<PlatformWebhookRow?> CurrentAsync(UnitOfWork uow, string platformId) =>
        uow.QuerySingleOrDefaultAsync<PlatformWebhookRow>(database.Sql.SelectWebhookForUpdate, new { PlatformId = platformId });

    private Task<int> RecordAsync(UnitOfWork uow, string platformId, DateTimeOffset at, string actor, string change, string? urlBefore, string? urlAfter) =>
        uow.ExecuteAsync(database.Sql.InsertWebhookChange, new { PlatformId = platformId, At = at, Actor = actor, Change = change, UrlBefore = urlBefore, UrlAfter = urlAfter });

    private static IssuedWebhookSecret Issued(PlatformWebhookRow row, DateTimeOffset now) =>
        new(row.PlatformId, row.Url, row.Secret, WebhookRotation.PreviousSecretSignsUntil(row, now), row.SetAt, row.SetBy);
}
