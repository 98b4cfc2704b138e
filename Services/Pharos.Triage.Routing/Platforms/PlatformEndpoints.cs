using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Api.OpenApi;
using Pharos.Triage.Infrastructure.Security;

namespace Pharos.Triage.Routing.Platforms;

/// <summary>Admins list, create and change platforms, and read each one's changes (API.md, "Admin").</summary>
public static class PlatformEndpoints
{
    public const string Path = "/api/admin/platforms";

    public static void MapPlatformEndpoints(this IEndpointRouteBuilder app)
    {
        var platforms = app.MapGroup(Path).RequireAuthorization(Roles.Admin).WithTags("Admin")
            .WithExamples(PlatformExamples.Create, PlatformExamples.Patch, PlatformExamples.Platform, PlatformExamples.Change);
        platforms.MapGet("/", ListAsync).Produces<Page<PlatformView>>().ProducesValidationProblem()
            .WithName("listPlatforms").WithSummary("List platforms");
        platforms.MapGet("/{id}", async (string id, PlatformStore store, CancellationToken ct) =>
                await store.FindAsync(id, ct) is { } platform ? Results.Ok(platform) : Problems.NotFound("platform"))
            .Produces<PlatformView>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("getPlatform").WithSummary("One platform");
        platforms.MapPost("/", CreateAsync)
            .Accepts<PlatformBody>("application/json")
            .Produces<PlatformView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("createPlatform").WithSummary("Create a platform");
        platforms.MapPatch("/{id}", PatchAsync)
            .Accepts<PlatformPatch>("application/json")
            .Produces<PlatformView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("updatePlatform").WithSummary("Change a platform");
        platforms.MapGet("/{id}/changes", ChangesAsync)
            .Produces<Page<PlatformChangeView>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("listPlatformChanges").WithSummary("A platform's recorded changes");
    }

    private static async Task<IResult> ListAsync(PlatformStore store, int? limit, string? cursor, CancellationToken ct)
    {
        if (Cursor.TryReadPaging(limit, cursor, out var pageSize, out var after) is { } pagingProblem) return pagingProblem;
        return Results.Ok(await store.ListAsync(pageSize, after, ct));
    }

    private static async Task<IResult> ChangesAsync(string id, PlatformStore store, int? limit, string? cursor, CancellationToken ct)
    {
        if (Cursor.TryReadPaging(limit, cursor, out var pageSize, out var before) is { } pagingProblem) return pagingProblem;
        return await store.ChangesAsync(id, pageSize, before, ct) is { } page ? Results.Ok(page) : Problems.NotFound("platform");
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal user, PlatformStore store, CancellationToken ct)
    {
        var read = await request.ReadValidAsync<PlatformBody>(ct);
        if (read.Problem is not null) return read.Problem;
        return Answer(await store.CreateAsync(read.Value!.ToRecord(), user.Actor(), ct), created: true);
    }

    private static async Task<IResult> PatchAsync(string id, HttpRequest request, ClaimsPrincipal user, PlatformStore store, CancellationToken ct)
    {
        var raw = await request.ReadJsonBytesAsync(ct);
        if (raw.Problem is not null) return raw.Problem;
        var read = await request.ReadValidAsync<PlatformPatch>(raw.Bytes!, ct);
        if (read.Problem is not null) return read.Problem;
        var patch = read.Value!;
        if (patch.Id is not null && patch.Id != id)
            return Problems.Invalid("id", "id cannot change: a platform keeps the id it was created with.");
        var present = PresentFields(raw.Bytes!);
        return Answer(await store.PatchAsync(id, current => patch.ApplyTo(current, present), user.Actor(), ct), created: false);
    }

    /// <summary>The names of the body's fields, as the serializer matches them (in any case).</summary>
    private static HashSet<string> PresentFields(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private static IResult Answer(PlatformWrite write, bool created) => write switch
    {
        PlatformWrite.Saved { Platform: var platform } => created ? Results.Created($"{Path}/{platform.Id}", platform) : Results.Ok(platform),
        PlatformWrite.Invalid { Errors: var errors } => Results.ValidationProblem(errors),
        PlatformWrite.NotFound => Problems.NotFound("platform"),
        PlatformWrite.IdTaken { Id: var id } => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Platform id taken",
            detail: $"A platform with id {id} already exists.", extensions: new Dictionary<string, object?> { ["id"] = id }),
        PlatformWrite.DomainTaken { Domain: var domain, Owner: var owner } => Results.Problem(statusCode: StatusCodes.Status409Conflict,
            title: "Domain taken", detail: $"{domain} belongs to {owner}.",
            extensions: new Dictionary<string, object?> { ["domain"] = domain, ["owner"] = owner }),
        _ => throw new InvalidOperationException($"Unknown outcome {write}"),
    };
}
