using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Api.OpenApi;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Platforms;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.Intake.Data;
using Pharos.Triage.Intake.Idempotency;

namespace Pharos.Triage.Intake.Api;

/// <summary>The analysts' API: file a report, follow it, answer a platform's question.</summary>
public static class ReportEndpoints
{
    public static void MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/reports").RequireAuthorization(Roles.Analyst).WithTags("Reports")
            .WithExamples(ReportExamples.Routed, ReportExamples.List, ReportExamples.Answer);

        reports.MapPost("/", FileAsync)
            .Accepts<FileReport>("application/json")
            .Produces<ReportView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .AddOpenApiOperationTransformer((operation, _, _) => IdempotencyKey.Document(operation))
            .WithExamples(ReportExamples.File, ReportExamples.Filed)
            .WithName("fileReport").WithSummary("File a report");
        reports.MapGet("/{id}", GetAsync).Produces<ReportView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("getReport").WithSummary("A report, with its request and timeline");
        reports.MapGet("/", ListAsync).Produces<Page<ReportView>>().ProducesValidationProblem()
            .WithName("listReports").WithSummary("List reports, newest first");
        reports.MapPost("/{id}/clarification", AnswerClarificationAsync)
            .Accepts<AnswerClarification>("application/json")
            .Produces<ReportView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("answerClarification").WithSummary("Answer a platform's question");
    }

    private static async Task<IResult> FileAsync(
        HttpRequest request, ClaimsPrincipal user, IntakeDatabase database, TimeProvider clock, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var (key, keyProblem) = IdempotencyKey.ReadHeader(request);
        if (keyProblem is not null) return keyProblem;
        var raw = await request.ReadJsonBytesAsync(ct);
        if (raw.Problem is not null) return raw.Problem;
        var actor = user.Actor();
        var idempotency = key is null ? null : IdempotencyKey.For(actor, key, raw.Bytes!);

        // A retry is answered before validation: it gets the first answer even if the rules changed since.
        if (idempotency is not null && await database.FirstAnswerAsync(idempotency, ct) is { } replay) return replay;

        var read = await request.ReadValidAsync<FileReport>(raw.Bytes!, ct);
        if (read.Problem is not null) return read.Problem;
        var body = read.Value!;

        var now = clock.Now();
        var id = Guid.CreateVersion7(now).ToString();
        var row = new ReportRow
        {
            Id = id, Url = body.Url!, Category = body.Category!, Description = body.Description!,
            ObservedAt = body.ObservedAt, EvidenceSha256 = body.EvidenceSha256?.ToLowerInvariant(),
            CaseReference = body.CaseReference, Urgent = body.Urgent ?? false, Status = ReportStatus.Received,
            ReceivedAt = now, FiledBy = actor,
        };
        var received = new TimelineRow { At = now, Event = TimelineEvent.ReportReceived, Actor = actor, Detail = $"category {row.Category}" };
        var created = ReportCreated.Of(ReportView.From(row, null, [received]), json.Value.SerializerOptions);

        return await database.FileOnceAsync(idempotency, created, now, async uow =>
        {
            await uow.ExecuteAsync(database.Sql.InsertReport, row);
            await uow.ExecuteAsync(database.Sql.AppendToReport, new
            {
                ReportId = id, received.At, received.Event, received.Actor, received.Detail, EventKey = received.Event,
            });
            await uow.Publish(row.Filed(), now);
        }, ct);
    }

    private static async Task<IResult> GetAsync(string id, IntakeDatabase database, CancellationToken ct)
    {
        var view = await ReadReportAsync(database, id, ct);
        return view is null ? Problems.NotFound("report") : Results.Ok(view);
    }

    private static async Task<IResult> ListAsync(
        IntakeDatabase database, string? status, string? platform, string? category, string? sla, DateTimeOffset? from, DateTimeOffset? to,
        int? limit, string? cursor, CancellationToken ct)
    {
        if (Cursor.TryReadPaging(limit, cursor, out var pageSize, out var after) is { } pagingProblem) return pagingProblem;
        if (status is not null && !ReportStatus.All.Contains(status))
            return Problems.Invalid("status", $"status must be one of: {string.Join(", ", ReportStatus.All)}.");
        if (category is not null && !Category.All.Contains(category))
            return Problems.Invalid("category", $"category must be one of: {string.Join(", ", Category.All)}.");
        if (sla is not null && !Sla.All.Contains(sla))
            return Problems.Invalid("sla", $"sla must be one of: {string.Join(", ", Sla.All)}.");

        await using var connection = await database.OpenAsync(ct);
        var rows = (await Dapper.SqlMapper.QueryAsync<ReportRow>(connection, database.Sql.ListReports, new
        {
            Status = status, Platform = platform, Category = category, Sla = sla, From = from, To = to,
            CursorKey = after?.Key, CursorId = after?.Id, Limit = pageSize + 1,
        })).ToList();
        var page = rows.Take(pageSize).ToList();
        var platforms = await PlatformDirectory.FindAllAsync(database, connection, page.Where(r => r.PlatformId is not null).Select(r => r.PlatformId!));
        var items = page.Select(r => ReportView.From(r, r.PlatformId is null ? null : platforms.GetValueOrDefault(r.PlatformId), null)).ToList();
        var next = rows.Count > pageSize ? new Cursor(items[^1].ReceivedAt.ToUnixTimeMilliseconds(), items[^1].Id).Encode() : null;
        return Results.Ok(new Page<ReportView>(items, next));
    }

    private static async Task<IResult> AnswerClarificationAsync(
        string id, HttpRequest request, ClaimsPrincipal user, IntakeDatabase database, TimeProvider clock, CancellationToken ct)
    {
        var read = await request.ReadValidAsync<AnswerClarification>(ct);
        if (read.Problem is not null) return read.Problem;

        var refused = await database.InTransactionAsync<IResult?>(async uow =>
        {
            if (await uow.ExecuteScalarAsync<long>(database.Sql.ReportExists, new { ReportId = id }) == 0)
                return Problems.NotFound("report");
            var pending = await uow.QuerySingleOrDefaultAsync<RequestOfReport>(database.Sql.SelectRequestOfReport, new { ReportId = id });
            if (pending is not { Status: RequestStatus.ClarificationRequested })
                return Problems.Conflict("The platform has asked no question about this report's request.");

            var now = clock.Now();
            var actor = user.Actor();
            var answer = read.Value!.Answer!;
            await uow.ExecuteAsync(database.Sql.AppendToReport, new
            {
                ReportId = id, At = now, Event = TimelineEvent.ClarificationAnswered, Actor = actor, Detail = answer,
                EventKey = $"{TimelineEvent.ClarificationAnswered}:{now.ToUnixTimeMilliseconds()}",
            });
            await uow.Publish(new ClarificationAnswered(pending.RequestId, id, answer, now, actor, pending.Question), now);
            await uow.CommitAsync(ct);
            return null;
        }, ct);
        if (refused is not null) return refused;
        return Results.Ok(await ReadReportAsync(database, id, ct));
    }

    private static async Task<ReportView?> ReadReportAsync(IntakeDatabase database, string id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var row = await Dapper.SqlMapper.QuerySingleOrDefaultAsync<ReportRow>(connection, database.Sql.SelectReport, new { Id = id });
        if (row is null) return null;
        var timeline = await Dapper.SqlMapper.QueryAsync<TimelineRow>(connection, database.Sql.SelectTimeline, new { ReportId = id });
        var platform = row.PlatformId is null ? null : await PlatformDirectory.FindAsync(database, connection, row.PlatformId);
        return ReportView.From(row, platform, timeline);
    }
}
