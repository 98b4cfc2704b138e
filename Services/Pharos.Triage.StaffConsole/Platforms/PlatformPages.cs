using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.StaffConsole.Api;
using Pharos.Triage.StaffConsole.Layout;
using Pharos.Triage.StaffConsole.SignIn;

namespace Pharos.Triage.StaffConsole.Platforms;

/// <summary>The admins' pages of platforms: the list, adding one, and each platform's record, changes and history.</summary>
public static class PlatformPages
{
    private const string Api = "/api/admin/platforms";
    private const string PlatformRoute = ConsolePaths.Platforms + "/{id}";

    /// <summary>What the page of a platform says once after the form that led to it.</summary>
    private const string Created = "created", Changed = "changed";

    public static void MapPlatformPages(this IEndpointRouteBuilder console)
    {
        var admin = ConsoleAuthentication.Policy(Roles.Admin);
        console.MapGet(ConsolePaths.Platforms, ListAsync).RequireAuthorization(admin);
        console.MapGet(ConsolePaths.NewPlatform, () => new RazorComponentResult<NewPlatformPage>()).RequireAuthorization(admin);
        console.MapPost(ConsolePaths.NewPlatform, CreateAsync).RequireAuthorization(admin);
        console.MapGet(PlatformRoute, ShowAsync).RequireAuthorization(admin);
        console.MapPost(PlatformRoute, ChangeAsync).RequireAuthorization(admin);
    }

    private static async Task<IResult> ListAsync(ConsoleApi api, string? cursor, CancellationToken ct)
    {
        var page = await api.GetAsync<Page<PlatformView>>(Paged(Api, cursor, limit: 100), ct);
        return new RazorComponentResult<PlatformListPage>(new
        {
            Platforms = page.Value?.Items ?? [],
            Cursor = cursor,
            page.Value?.NextCursor,
            page.Problem,
        });
    }

    private static async Task<IResult> CreateAsync(ConsoleApi api, IFormCollection fields, CancellationToken ct)
    {
        var form = PlatformForm.Read(fields);
        var created = await api.PostAsync<PlatformView>(Api, form.ToBody(withId: true), ct);
        if (created.Value is { } platform) return PageResults.SeeOther($"{ConsolePaths.Platform(platform.Id)}?done={Created}");
        return new RazorComponentResult<NewPlatformPage>(new { Form = form, Problem = PlatformProblems.ForForm(created.Problem!) });
    }

    private static async Task<IResult> ShowAsync(ConsoleApi api, string id, string? done, string? changes, CancellationToken ct)
    {
        var platform = await api.GetAsync<PlatformView>($"{Api}/{Uri.EscapeDataString(id)}", ct);
        if (platform.Value is null) return Missing(platform.Problem);
        var notice = done switch
        {
            Created => "La plateforme est ajoutée : les signalements vers ses domaines lui sont adressés dès maintenant.",
            Changed => "Les modifications sont enregistrées.",
            _ => null,
        };
        return await PageAsync(api, platform.Value, PlatformForm.From(platform.Value), problem: null, notice, changes, ct);
    }

    private static async Task<IResult> ChangeAsync(ConsoleApi api, string id, IFormCollection fields, CancellationToken ct)
    {
        var path = $"{Api}/{Uri.EscapeDataString(id)}";
        var form = PlatformForm.Read(fields) with { Id = id };
        var changed = await api.PatchAsync<PlatformView>(path, form.ToBody(withId: false), ct);
        if (changed.Succeeded) return PageResults.SeeOther($"{ConsolePaths.Platform(id)}?done={Changed}");
        if (changed.NotFound) return Missing(changed.Problem);
        // Refused: the record as it still is, and the form as the person typed it, with the API's messages.
        var platform = await api.GetAsync<PlatformView>(path, ct);
        if (platform.Value is null) return Missing(platform.Problem);
        return await PageAsync(api, platform.Value, form, PlatformProblems.ForForm(changed.Problem!), notice: null, changesCursor: null, ct);
    }

    private static async Task<IResult> PageAsync(
        ConsoleApi api, PlatformView platform, PlatformForm form, ApiProblem? problem, string? notice, string? changesCursor, CancellationToken ct)
    {
        var changes = await api.GetAsync<Page<PlatformChange>>(Paged($"{Api}/{Uri.EscapeDataString(platform.Id)}/changes", changesCursor, limit: 50), ct);
        return new RazorComponentResult<PlatformPage>(new
        {
            Platform = platform,
            Form = form,
            Problem = problem ?? changes.Problem,
            Changes = changes.Value?.Items ?? [],
            ChangesCursor = changes.Value?.NextCursor,
            Notice = notice,
        });
    }

    private static RazorComponentResult<PlatformMissingPage> Missing(ApiProblem? problem) =>
        new(new { Problem = problem }) { StatusCode = problem?.Status is >= 400 and < 600 ? problem.Status : StatusCodes.Status404NotFound };

    private static string Paged(string path, string? cursor, int limit) =>
        cursor is null ? $"{path}?limit={limit}" : $"{path}?limit={limit}&cursor={Uri.EscapeDataString(cursor)}";
}
