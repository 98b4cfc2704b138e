using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.StaffConsole.Api;
using Pharos.Triage.StaffConsole.Layout;
using Pharos.Triage.StaffConsole.SignIn;

namespace Pharos.Triage.StaffConsole.Statistics;

/// <summary>
/// The ministry's pages: a period's figures, what publishing them would make public (and publishing, only from that
/// confirmation), and the publications made.
/// </summary>
public static class StatisticsPages
{
    public static void MapStatisticsPages(this IEndpointRouteBuilder console)
    {
        var ministry = ConsoleAuthentication.Policy(Roles.Ministry);
        console.MapGet(ConsolePaths.Statistics, ShowFiguresAsync).RequireAuthorization(ministry);
        console.MapGet(ConsolePaths.NewPublication, ShowConfirmationAsync).RequireAuthorization(ministry);
        console.MapPost(ConsolePaths.NewPublication, PublishAsync).RequireAuthorization(ministry);
        console.MapGet(ConsolePaths.Publications, ListAsync).RequireAuthorization(ministry);
    }

    private static async Task<RazorComponentResult<FiguresPage>> ShowFiguresAsync(
        [FromQuery] string? from, [FromQuery] string? to, ConsoleApi api, TimeProvider clock, CancellationToken ct)
    {
        var period = PeriodForm.Read(from, to, clock.GetUtcNow());
        var preview = await api.GetAsync<StatisticsPreview>($"/api/statistics?{period.ApiQuery}", ct);
        return new RazorComponentResult<FiguresPage>(new Dictionary<string, object?>
        {
            [nameof(FiguresPage.Period)] = period,
            [nameof(FiguresPage.Preview)] = preview.Value,
            [nameof(FiguresPage.Problem)] = preview.Problem,
        });
    }

    /// <summary>Shows what would be published; reading it publishes nothing.</summary>
    private static async Task<RazorComponentResult<ConfirmPublicationPage>> ShowConfirmationAsync(
        [FromQuery] string? from, [FromQuery] string? to, ConsoleApi api, TimeProvider clock, CancellationToken ct)
    {
        var period = PeriodForm.Read(from, to, clock.GetUtcNow());
        var preview = await api.GetAsync<StatisticsPreview>($"/api/statistics?{period.ApiQuery}", ct);
        return new RazorComponentResult<ConfirmPublicationPage>(new Dictionary<string, object?>
        {
            [nameof(ConfirmPublicationPage.Period)] = period,
            [nameof(ConfirmPublicationPage.Preview)] = preview.Value,
            [nameof(ConfirmPublicationPage.Problem)] = preview.Problem,
        });
    }

    /// <summary>The only way the console publishes: the confirmation's form, with the period it showed.</summary>
    private static async Task<IResult> PublishAsync([FromForm] string? from, [FromForm] string? to, ConsoleApi api, CancellationToken ct)
    {
        var published = await api.PostAsync<PublishedVersion>("/api/publications",
            new { from = string.IsNullOrWhiteSpace(from) ? null : from, to = string.IsNullOrWhiteSpace(to) ? null : to }, ct);
        if (published.Value is { } version) return PageResults.SeeOther($"{ConsolePaths.Publications}?published={version.Version}");
        return new RazorComponentResult<ConfirmPublicationPage>(new Dictionary<string, object?>
        {
            [nameof(ConfirmPublicationPage.Period)] = new PeriodForm(from ?? "", to ?? ""),
            [nameof(ConfirmPublicationPage.Problem)] = published.Problem,
        });
    }

    private static async Task<RazorComponentResult<PublicationsPage>> ListAsync(
        [FromQuery] string? cursor, [FromQuery] int? published, ConsoleApi api, CancellationToken ct)
    {
        var path = cursor is null ? "/api/publications" : $"/api/publications?cursor={Uri.EscapeDataString(cursor)}";
        var list = await api.GetAsync<PublicationList>(path, ct);
        return new RazorComponentResult<PublicationsPage>(new Dictionary<string, object?>
        {
            [nameof(PublicationsPage.List)] = list.Value,
            [nameof(PublicationsPage.Problem)] = list.Problem,
            [nameof(PublicationsPage.FirstPage)] = cursor is null,
            [nameof(PublicationsPage.Published)] = published,
        });
    }
}
