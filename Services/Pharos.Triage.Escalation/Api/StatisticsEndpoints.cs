using System.Security.Claims;
using System.Text;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pharos.Triage.Escalation.Statistics;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Api.OpenApi;
using Pharos.Triage.Infrastructure.Security;

namespace Pharos.Triage.Escalation.Api;

/// <summary>The body of <c>POST /api/publications</c>.</summary>
public sealed record PublishStatistics(DateTimeOffset? From, DateTimeOffset? To);

public sealed class PublishStatisticsValidator : AbstractValidator<PublishStatistics>
{
    public PublishStatisticsValidator()
    {
        RuleFor(p => p.From).NotNull().WithMessage("from is required.");
        RuleFor(p => p.To).NotNull().WithMessage("to is required.")
            // The condition is the comparison's alone: to is required whether or not from was sent.
            .GreaterThan(p => p.From).When(p => p.From is not null, ApplyConditionTo.CurrentValidator).WithMessage("to must come after from.");
    }
}

/// <summary>The ministry's preview and publications, and the public's reading of them.</summary>
public static class StatisticsEndpoints
{
    public static void MapStatisticsEndpoints(this IEndpointRouteBuilder app)
    {
        var ministry = app.MapGroup("/api").RequireAuthorization(Roles.Ministry).WithTags("Statistics")
            .WithExamples(StatisticsExamples.Preview, StatisticsExamples.Publish, StatisticsExamples.Published, StatisticsExamples.Summary);
        ministry.MapGet("/statistics", PreviewAsync).Produces<StatisticsView>().ProducesValidationProblem()
            .WithName("previewStatistics").WithSummary("Preview a period's figures (not published)");
        ministry.MapPost("/publications", PublishAsync).Accepts<PublishStatistics>("application/json")
            .Produces<Publication>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithName("publishStatistics").WithSummary("Publish a period's figures");
        ministry.MapGet("/publications", ListAsync).Produces<Page<PublicationSummary>>().ProducesValidationProblem()
            .WithName("listPublications").WithSummary("List publications");

        var published = app.MapGroup("/public/statistics").AllowAnonymous().WithTags("Public statistics")
            .WithExamples(StatisticsExamples.Published);
        published.MapGet("/", (HttpContext http, StatisticsStore store, CancellationToken ct) => ServeAsync(http, store, null, csv: false, ct))
            .Produces<Publication>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("getLatestPublication").WithSummary("The latest publication");
        published.MapGet("/{version:int}", (int version, HttpContext http, StatisticsStore store, CancellationToken ct) => ServeAsync(http, store, version, csv: false, ct))
            .Produces<Publication>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("getPublication").WithSummary("One publication, by version");
        published.MapGet("/{version:int}.csv", (int version, HttpContext http, StatisticsStore store, CancellationToken ct) => ServeAsync(http, store, version, csv: true, ct))
            .Produces<string>(contentType: "text/csv").Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("getPublicationCsv").WithSummary("One publication as CSV");
    }

    private static async Task<IResult> PreviewAsync(StatisticsStore store, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        if (from is null || to is null)
            return Problems.Invalid(from is null ? "from" : "to", "from and to are required: the period of issue times, [from, to).");
        if (to <= from) return Problems.Invalid("to", "to must come after from.");
        return Results.Ok(await store.PreviewAsync(from.Value, to.Value, ct));
    }

    private static async Task<IResult> ListAsync(StatisticsStore store, int? limit, string? cursor, CancellationToken ct)
    {
        if (Cursor.TryReadPaging(limit, cursor, out var pageSize, out var after) is { } pagingProblem) return pagingProblem;
        return Results.Ok(await store.ListAsync(pageSize, after, ct));
    }

    private static async Task<IResult> PublishAsync(HttpRequest request, ClaimsPrincipal user, StatisticsStore store, CancellationToken ct)
    {
        var read = await request.ReadValidAsync<PublishStatistics>(ct);
        if (read.Problem is not null) return read.Problem;
        var (version, body) = await store.PublishAsync(read.Value!.From!.Value, read.Value.To!.Value, user.Actor(), ct);
        // The stored bytes themselves, so the answer is exactly what the public will read.
        return new CreatedAt($"/public/statistics/{version}", Results.Text(body, "application/json", Encoding.UTF8, StatusCodes.Status201Created));
    }

    /// <summary>The stored bytes, as they were published, with a strong ETag.</summary>
    private static async Task<IResult> ServeAsync(HttpContext http, StatisticsStore store, int? version, bool csv, CancellationToken ct)
    {
        var publication = await store.GetAsync(version, ct);
        if (publication is null)
            return version is null
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "Nothing has been published yet.")
                : Problems.NotFound("publication");
        var content = csv ? publication.Csv : publication.Body;
        var etag = StatisticsStore.ETag(content);
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = version is null ? "public, max-age=60" : "public, max-age=31536000, immutable";
        if (http.Request.Headers.IfNoneMatch == etag) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Text(content, csv ? "text/csv" : "application/json", Encoding.UTF8);
    }

    /// <summary>A result with a Location header in front of another result.</summary>
    private sealed class CreatedAt(string location, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
