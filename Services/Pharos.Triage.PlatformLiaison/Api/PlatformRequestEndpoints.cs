using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Runtime;
using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Api.OpenApi;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Lifecycle;

namespace Pharos.Triage.PlatformLiaison.Api;

/// <summary>
/// The platforms' API. Every query filters by the caller's platform, so another platform's request
/// answers 404: a platform never learns that it exists.
/// </summary>
public static class PlatformRequestEndpoints
{
    public static void MapPlatformRequestEndpoints(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/api/platform/requests").RequireAuthorization(Roles.Platform).WithTags("Platform requests")
            .WithExamples(LiaisonExamples.Pending, LiaisonExamples.Removed);
        requests.MapGet("/", ListAsync).Produces<Page<PlatformRequestView>>().ProducesValidationProblem()
            .WithName("listPlatformRequests").WithSummary("List the platform's requests, oldest deadline first");
        requests.MapGet("/{id}", GetAsync).Produces<PlatformRequestView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("getPlatformRequest").WithSummary("One request");
        requests.MapPost("/{id}/acknowledgement", AcknowledgeAsync)
            .Produces<PlatformRequestView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithExamples(LiaisonExamples.Acknowledged)
            .WithName("acknowledgeRequest").WithSummary("Acknowledge a request");
        requests.MapPost("/{id}/outcome", RecordOutcomeAsync)
            .Accepts<OutcomeReport>("application/json")
            .Produces<PlatformRequestView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithExamples(LiaisonExamples.Closed)
            .WithName("recordOutcome").WithSummary("Record a request's outcome");
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, LiaisonDatabase database, string? status, int? limit, string? cursor, CancellationToken ct)
    {
        if (Cursor.TryReadPaging(limit, cursor, out var pageSize, out var after) is { } pagingProblem) return pagingProblem;
        if (status is not null && !RequestStatus.All.Contains(status))
            return Problems.Invalid("status", $"status must be one of: {string.Join(", ", RequestStatus.All)}.");

        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<RequestRow>(database.Sql.ListOwn, new
        {
            PlatformId = user.PlatformId(), Status = status, CursorKey = after?.Key, CursorId = after?.Id, Limit = pageSize + 1,
        })).ToList();
        var items = rows.Take(pageSize).Select(PlatformRequestView.From).ToList();
        var next = rows.Count > pageSize ? new Cursor(items[^1].ActBy.ToUnixTimeMilliseconds(), items[^1].Id).Encode() : null;
        return Results.Ok(new Page<PlatformRequestView>(items, next));
    }

    private static async Task<IResult> GetAsync(string id, ClaimsPrincipal user, LiaisonDatabase database, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<RequestRow>(database.Sql.SelectOwn, new { Id = id, PlatformId = user.PlatformId() });
        return row is null ? Problems.NotFound("request") : Results.Ok(PlatformRequestView.From(row));
    }

    private static Task<IResult> AcknowledgeAsync(string id, ClaimsPrincipal user, LiaisonDatabase database, TimeProvider clock, CancellationToken ct) =>
        TransitionAsync(id, user, database, clock, (request, now) => RequestAnswers.Acknowledge(request, now, user.Actor()), validate: null, ct);

    private static async Task<IResult> RecordOutcomeAsync(
        string id, HttpRequest http, ClaimsPrincipal user, LiaisonDatabase database, TimeProvider clock, CancellationToken ct)
    {
        // Not yours is not found, whatever the body: a platform never learns another's request exists.
        await using (var connection = await database.OpenAsync(ct))
        {
            if (await connection.QuerySingleOrDefaultAsync<RequestRow>(database.Sql.SelectOwn, new { Id = id, PlatformId = user.PlatformId() }) is null)
                return Problems.NotFound("request");
        }
        var read = await http.ReadValidAsync<OutcomeReport>(ct);
        if (read.Problem is not null) return read.Problem;
        var body = read.Value!;
        return await TransitionAsync(id, user, database, clock,
            (request, now) => RequestAnswers.RecordOutcome(request, body.Outcome!, body.Reason, body.PlatformTicket, body.ActedAt ?? now, now, user.Actor(),
                body.RefusalGround),
            request => body.ActedAt < request.IssuedAt ? Problems.Invalid("actedAt", "actedAt must not be before the request was issued.") : null,
            ct);
    }

    /// <summary>
    /// Loads the caller's request, checks what can only be checked against it, and applies the
    /// transition and its messages in one transaction.
    /// </summary>
    private static async Task<IResult> TransitionAsync(
        string id, ClaimsPrincipal user, LiaisonDatabase database, TimeProvider clock,
        Func<RequestRow, DateTimeOffset, IReadOnlyList<object>?> transition,
        Func<RequestRow, IResult?>? validate, CancellationToken ct)
    {
        // Retried whole on SQL Server's transient errors: the request is read again under its lock.
        return await database.InTransactionAsync<IResult>(async uow =>
        {
            var request = await uow.QuerySingleOrDefaultAsync<RequestRow>(database.Sql.SelectOwnForUpdate, new { Id = id, PlatformId = user.PlatformId() });
            if (request is null) return Problems.NotFound("request");
            if (validate?.Invoke(request) is { } invalid) return invalid;

            // The time the answer is recorded, which alone decides whether the platform was in time. The system cannot
            // see an answer to a request before it issued it: a clock here behind Routing's is read as the issue time,
            // so that no duration measured from issue is ever negative.
            var now = Later(clock.Now(), request.IssuedAt);
            if (await uow.ApplyAsync(request, database.Sql.UpdateState, now, transition) is null)
                return Problems.Conflict($"A request that is {request.Status} does not accept this.");
            await uow.CommitAsync(ct);
            return Results.Ok(PlatformRequestView.From(request));
        }, ct);
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
