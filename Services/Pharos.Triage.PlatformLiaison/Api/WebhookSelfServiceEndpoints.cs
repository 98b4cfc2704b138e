using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Api.OpenApi;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.PlatformLiaison.Api;

/// <summary>
/// A platform's self-service for its webhook: its deliveries with every attempt, a redelivery of one, a ping. Every
/// query filters by the caller's platform, so another platform's delivery answers 404, as if it did not exist.
/// </summary>
public static class WebhookSelfServiceEndpoints
{
    public static void MapWebhookSelfServiceEndpoints(this IEndpointRouteBuilder app)
    {
        var webhook = app.MapGroup("/api/platform/webhook").RequireAuthorization(Roles.Platform).WithTags("Platform webhook")
            .WithExamples(LiaisonExamples.Delivered);
        webhook.MapGet("/deliveries", ListAsync)
            .WithSummary("The platform's notices, newest first, each with every HTTP attempt made to deliver it.")
            .WithDescription("status: pending (not yet dispatched, in flight, or due again), delivered, or failed (the last dispatch " +
                             "failed: a retry is scheduled, or it was abandoned). requestId and reference are null for a ping.")
            .Produces<Page<DeliveryView>>().ProducesValidationProblem()
            .WithName("listWebhookDeliveries").WithSummary("List the platform's webhook deliveries");
        webhook.MapPost("/deliveries/{id}/redelivery", RedeliverAsync)
            .WithSummary("Sends one of the platform's notices again: the same id and body, due now, with a fresh retry budget.")
            .WithDescription("202 with the delivery. A pending delivery (due already, or in flight) is left as it is. 404 for an " +
                             "unknown id or another platform's delivery; 409 when the platform has no webhook.")
            .Produces<DeliveryView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("redeliverWebhook").WithSummary("Send a delivery again");
        webhook.MapPost("/test", TestAsync)
            .WithSummary("Queues a ping notice to the platform's webhook, sent at once.")
            .WithDescription("202 with the delivery (event ping, no request). 409 when the platform has no webhook.")
            .Produces<DeliveryView>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status409Conflict)
            .WithExamples(LiaisonExamples.Ping)
            .WithName("testWebhook").WithSummary("Send a ping notice now");
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, LiaisonDatabase database, string? status, int? limit, string? cursor, CancellationToken ct)
    {
        if (Cursor.TryReadPaging(limit, cursor, out var pageSize, out var after) is { } pagingProblem) return pagingProblem;
        if (status is not null && !DeliveryStatus.All.Contains(status))
            return Problems.Invalid("status", $"status must be one of: {string.Join(", ", DeliveryStatus.All)}.");

        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<DeliveryListRow>(
            status is null ? database.Sql.ListOwnDeliveries : database.Sql.ListOwnDeliveriesByStatus, new
            {
                PlatformId = user.PlatformId(), Status = status,
                // The first page starts before the greatest key: the query stays one range, with no parameter null.
                BeforeKey = after?.Key ?? long.MaxValue, BeforeId = after?.Id ?? "", Limit = pageSize + 1,
            })).ToList();
        var page = rows.Take(pageSize).ToList();
        var items = await WithAttemptsAsync(connection, database.Sql, page);
        var next = rows.Count > pageSize ? new Cursor(page[^1].CreatedAt.ToUnixTimeMilliseconds(), page[^1].Id).Encode() : null;
        return Results.Ok(new Page<DeliveryView>(items, next));
    }

    private static async Task<IResult> RedeliverAsync(
        string id, ClaimsPrincipal user, LiaisonDatabase database, PlatformWebhooks webhooks, TimeProvider clock, CancellationToken ct)
    {
        var platformId = user.PlatformId()!;
        var refused = await database.InTransactionAsync(async uow =>
        {
            // Not yours is not found, before anything else is said about it.
            if (await uow.QuerySingleOrDefaultAsync<DeliveryListRow>(database.Sql.SelectOwnDelivery, new { Id = id, PlatformId = platformId }) is null)
                return Problems.NotFound("delivery");
            var now = clock.Now();
            if (await webhooks.FindAsync(uow, database.Sql, platformId, now) is null) return NoWebhook(platformId);

            // Recorded only when it changed something: a pending delivery is due already, or being sent.
            if (await uow.ExecuteAsync(database.Sql.Redeliver, new { Id = id, PlatformId = platformId, Now = now }) == 1)
                await uow.ExecuteAsync(database.Sql.InsertRedelivery, new { Id = id, Now = now, RequestedBy = user.Actor() });
            await uow.CommitAsync(ct);
            return null;
        }, ct);
        if (refused is not null) return refused;

        database.NotifyDeliveriesQueued();
        return Results.Accepted(value: await OneAsync(database, id, platformId, ct));
    }

    private static async Task<IResult> TestAsync(
        ClaimsPrincipal user, LiaisonDatabase database, PlatformWebhooks webhooks, TimeProvider clock, CancellationToken ct)
    {
        var platformId = user.PlatformId()!;
        if (await webhooks.FindAsync(database, platformId, clock.Now(), ct) is null) return NoWebhook(platformId);

        var id = await database.InTransactionAsync(async uow =>
        {
            var queued = await uow.QueuePingAsync(database.Sql, platformId, clock.Now());
            await uow.CommitAsync(ct);
            return queued;
        }, ct);
        database.NotifyDeliveriesQueued();
        return Results.Accepted(value: await OneAsync(database, id, platformId, ct));
    }

    private static IResult NoWebhook(string platformId) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "No webhook",
            detail: $"Platform {platformId} has no webhook, so no notice can be sent to it: an administrator sets its webhook first.");

    private static async Task<DeliveryView> OneAsync(LiaisonDatabase database, string id, string platformId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleAsync<DeliveryListRow>(database.Sql.SelectOwnDelivery, new { Id = id, PlatformId = platformId });
        return (await WithAttemptsAsync(connection, database.Sql, [row])).Single();
    }

    /// <summary>The deliveries with their attempts, read in one query for all of them.</summary>
    private static async Task<List<DeliveryView>> WithAttemptsAsync(System.Data.Common.DbConnection connection, LiaisonSql sql, List<DeliveryListRow> deliveries)
    {
        if (deliveries.Count == 0) return [];
        var attempts = (await connection.QueryAsync<AttemptRow>(sql.SelectAttempts, new { DeliveryIds = deliveries.Select(d => d.Id).ToList() }))
            .ToLookup(a => a.DeliveryId, StringComparer.Ordinal);
        return [.. deliveries.Select(d => DeliveryView.From(d, attempts[d.Id]))];
    }
}
