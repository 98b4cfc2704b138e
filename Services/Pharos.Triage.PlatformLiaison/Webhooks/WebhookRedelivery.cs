using Dapper;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>What a redelivery asked by an operator came to.</summary>
public enum RedeliveryOutcome
{
    /// <summary>Due again now, with a fresh retry budget.</summary>
    Redelivered,

    /// <summary>Pending already (due, or in flight): left as it is, as the platform's own redelivery leaves it.</summary>
    AlreadyPending,

    NotFound,

    /// <summary>The platform has no webhook: nothing could be sent.</summary>
    NoWebhook,
}

/// <summary>
/// The operator's redelivery (<c>webhooks redeliver</c>): the platform's own (POST /api/platform/webhook/deliveries/{id}/redelivery)
/// with the same statements, for one delivery by id or for every notice a platform's webhook was given up on. The
/// running dispatcher finds them due on its next poll.
/// </summary>
public sealed class WebhookRedelivery(LiaisonDatabase database, PlatformWebhooks webhooks, TimeProvider clock)
{
    public async Task<RedeliveryOutcome> RedeliverAsync(string deliveryId, string requestedBy, CancellationToken ct)
    {
        string? platformId;
        await using (var connection = await database.OpenAsync(ct))
            platformId = await connection.ExecuteScalarAsync<string>(database.Sql.SelectDeliveryPlatform, new { Id = deliveryId });
        if (platformId is null) return RedeliveryOutcome.NotFound;
        return await database.InTransactionAsync(async uow =>
        {
            var now = clock.Now();
            if (await webhooks.FindAsync(uow, database.Sql, platformId, now) is null) return RedeliveryOutcome.NoWebhook;
            var outcome = await RedeliverAsync(uow, deliveryId, platformId, now, requestedBy);
            await uow.CommitAsync(ct);
            return outcome;
        }, ct);
    }

    /// <summary>Every notice of <paramref name="platformId"/> that was abandoned; null when the platform has no webhook.</summary>
    public async Task<IReadOnlyList<string>?> RedeliverAbandonedAsync(string platformId, string requestedBy, CancellationToken ct) =>
        await database.InTransactionAsync(async uow =>
        {
            var now = clock.Now();
            if (await webhooks.FindAsync(uow, database.Sql, platformId, now) is null) return null;
            var redelivered = new List<string>();
            foreach (var id in await uow.QueryAsync<string>(database.Sql.SelectAbandonedDeliveries, new { PlatformId = platformId }))
                if (await RedeliverAsync(uow, id, platformId, now, requestedBy) == RedeliveryOutcome.Redelivered) redelivered.Add(id);
            await uow.CommitAsync(ct);
            return (IReadOnlyList<string>?)redelivered;
        }, ct);

    private async Task<RedeliveryOutcome> RedeliverAsync(Infrastructure.Storage.UnitOfWork uow, string id, string platformId, DateTimeOffset now, string requestedBy)
    {
        // Recorded only when it changed something, as the platform's own redelivery.
        if (await uow.ExecuteAsync(database.Sql.Redeliver, new { Id = id, PlatformId = platformId, Now = now }) != 1) return RedeliveryOutcome.AlreadyPending;
        await uow.ExecuteAsync(database.Sql.InsertRedelivery, new { Id = id, Now = now, RequestedBy = requestedBy });
        return RedeliveryOutcome.Redelivered;
    }
}
