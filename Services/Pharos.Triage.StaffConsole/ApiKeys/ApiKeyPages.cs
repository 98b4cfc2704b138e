using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.StaffConsole.Api;
using Pharos.Triage.StaffConsole.Layout;
using Pharos.Triage.StaffConsole.Platforms;
using Pharos.Triage.StaffConsole.SignIn;

namespace Pharos.Triage.StaffConsole.ApiKeys;

/// <summary>The admins' pages of API keys: the list, issuing one (its token shown once), revoking one after a confirmation.</summary>
public static class ApiKeyPages
{
    private const string Api = "/api/admin/api-keys";
    private const string RevocationRoute = ConsolePaths.ApiKeys + "/{id}/revocation";

    /// <summary>Enough pages of the list to find any key an admin can click on; the API has no GET of one key.</summary>
    private const int MaxPagesSearched = 50;

    public static void MapApiKeyPages(this IEndpointRouteBuilder console)
    {
        var admin = ConsoleAuthentication.Policy(Roles.Admin);
        console.MapGet(ConsolePaths.ApiKeys, (ConsoleApi api, string? cursor, string? done, CancellationToken ct) =>
            ListAsync(api, cursor, IssueForm.Blank, problem: null, done == "revoked" ? "La clé est révoquée : elle est refusée dès maintenant." : null, ct))
            .RequireAuthorization(admin);
        console.MapPost(ConsolePaths.ApiKeys, IssueAsync).RequireAuthorization(admin);
        console.MapGet(RevocationRoute, ConfirmAsync).RequireAuthorization(admin);
        console.MapPost(RevocationRoute, RevokeAsync).RequireAuthorization(admin);
    }

    private static async Task<IResult> ListAsync(ConsoleApi api, string? cursor, IssueForm form, ApiProblem? problem, string? notice, CancellationToken ct)
    {
        var keys = await api.GetAsync<Page<ApiKeyView>>(cursor is null ? $"{Api}?limit=100" : $"{Api}?limit=100&cursor={Uri.EscapeDataString(cursor)}", ct);
        var platforms = await api.GetAsync<Page<PlatformView>>("/api/admin/platforms?limit=200", ct);
        return new RazorComponentResult<ApiKeyListPage>(new
        {
            Keys = keys.Value?.Items ?? [],
            Cursor = cursor,
            keys.Value?.NextCursor,
            PlatformChoices = platforms.Value?.Items ?? [],
            Form = form,
            Problem = problem ?? keys.Problem ?? platforms.Problem,
            Notice = notice,
        });
    }

    /// <summary>
    /// Issued, the token is on the page this post answers with, and nowhere else: not in an address (no redirect),
    /// not stored, not cached (no-store). Refused, the form comes back as typed with the API's messages.
    /// </summary>
    private static async Task<IResult> IssueAsync(ConsoleApi api, IFormCollection fields, CancellationToken ct)
    {
        var form = IssueForm.Read(fields);
        var issued = await api.PostAsync<IssuedApiKey>(Api, form.ToBody(), ct);
        if (issued.Value is { } key) return new RazorComponentResult<IssuedKeyPage>(new { Key = key });
        return await ListAsync(api, cursor: null, form, issued.Problem, notice: null, ct);
    }

    private static async Task<IResult> ConfirmAsync(ConsoleApi api, string id, CancellationToken ct)
    {
        var (key, problem) = await FindAsync(api, id, ct);
        return new RazorComponentResult<RevokeKeyPage>(new { Id = id, Key = key, Problem = problem })
        {
            StatusCode = key is null ? problem?.Status ?? StatusCodes.Status404NotFound : StatusCodes.Status200OK,
        };
    }

    private static async Task<IResult> RevokeAsync(ConsoleApi api, string id, CancellationToken ct)
    {
        var revoked = await api.DeleteAsync<Api.NoContent>($"{Api}/{Uri.EscapeDataString(id)}", ct);
        if (revoked.Succeeded) return PageResults.SeeOther($"{ConsolePaths.ApiKeys}?done=revoked");
        var (key, _) = await FindAsync(api, id, ct);
        return new RazorComponentResult<RevokeKeyPage>(new { Id = id, Key = key, revoked.Problem }) { StatusCode = revoked.Status };
    }

    /// <summary>The key with this id, read from the list; a 404 problem when the list does not hold it.</summary>
    private static async Task<(ApiKeyView? Key, ApiProblem? Problem)> FindAsync(ConsoleApi api, string id, CancellationToken ct)
    {
        string? cursor = null;
        for (var page = 0; page < MaxPagesSearched; page++)
        {
            var keys = await api.GetAsync<Page<ApiKeyView>>(cursor is null ? $"{Api}?limit=200" : $"{Api}?limit=200&cursor={Uri.EscapeDataString(cursor)}", ct);
            if (keys.Value is null) return (null, keys.Problem);
            if (keys.Value.Items.FirstOrDefault(k => k.Id == id) is { } key) return (key, null);
            if ((cursor = keys.Value.NextCursor) is null) break;
        }
        return (null, new ApiProblem(StatusCodes.Status404NotFound, "Clé introuvable", $"Aucune clé d'API n'a l'identifiant {id}.", ApiProblem.NoErrors));
    }
}
