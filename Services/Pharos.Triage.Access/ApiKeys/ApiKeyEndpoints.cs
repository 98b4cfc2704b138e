using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Api.OpenApi;
using Pharos.Triage.Infrastructure.Security;

namespace Pharos.Triage.Access.ApiKeys;

/// <summary>Operators issue, list and revoke API keys.</summary>
public static class ApiKeyEndpoints
{
    public static void MapApiKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/admin/api-keys").RequireAuthorization(Roles.Admin).WithTags("Admin")
            .WithExamples(ApiKeyExamples.Issue, ApiKeyExamples.Issued, ApiKeyExamples.Listed);
        keys.MapPost("/", IssueAsync).Accepts<IssueApiKey>("application/json").Produces<IssuedApiKey>(StatusCodes.Status201Created).ProducesValidationProblem()
            .WithName("issueApiKey").WithSummary("Issue an API key (its token shown once)");
        keys.MapGet("/", ListAsync).Produces<Page<ApiKeyView>>().ProducesValidationProblem()
            .WithName("listApiKeys").WithSummary("List API keys");
        keys.MapDelete("/{id}", async (string id, ClaimsPrincipal user, ApiKeyStore store, CancellationToken ct) =>
                await store.RevokeAsync(id, user.Actor(), ct) ? Results.NoContent() : Problems.NotFound("API key"))
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("revokeApiKey").WithSummary("Revoke an API key");
    }

    private static async Task<IResult> ListAsync(ApiKeyStore store, int? limit, string? cursor, CancellationToken ct)
    {
        if (Cursor.TryReadPaging(limit, cursor, out var pageSize, out var after) is { } pagingProblem) return pagingProblem;
        return Results.Ok(await store.ListAsync(pageSize, after, ct));
    }

    private static async Task<IResult> IssueAsync(HttpRequest request, ClaimsPrincipal user, ApiKeyStore store, CancellationToken ct)
    {
        var read = await request.ReadValidAsync<IssueApiKey>(ct);
        if (read.Problem is not null) return read.Problem;
        var body = read.Value!;
        var issued = await store.IssueAsync(body.Role!, body.PlatformId, body.Name!, user.Actor(), ct);
        return Results.Created($"/api/admin/api-keys/{issued.Id}", issued);
    }
}
