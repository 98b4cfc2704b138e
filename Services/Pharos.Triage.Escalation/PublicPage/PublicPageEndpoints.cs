using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Pharos.Triage.Escalation.Statistics;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Pages;

namespace Pharos.Triage.Escalation.PublicPage;

/// <summary>
/// <c>/</c>, the public statistics page, rendered on the server from the publications Escalation keeps, and its
/// stylesheet. Under <c>/public/</c>, so that the gateways send it where the publications are.
/// </summary>
public static class PublicPageEndpoints
{
    public const string StylesheetPath = "/public/pharos.css";

    /// <summary>Named by the page, so that browsers do not ask for /favicon.ico, which no one serves.</summary>
    public const string IconPath = "/public/pharos.svg";

    // The page runs no script and loads only its own stylesheet.
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly PageAsset Stylesheet = new(typeof(PublicPageEndpoints).Assembly, "public/pharos.css", "text/css; charset=utf-8");
    private static readonly PageAsset Icon = new(typeof(PublicPageEndpoints).Assembly, "public/pharos.svg", "image/svg+xml");

    public static void MapPublicPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", ShowAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(StylesheetPath, Stylesheet.Serve).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(IconPath, Icon.Serve).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<RazorComponentResult<StatisticsPage>> ShowAsync(
        HttpContext http, StatisticsStore store, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var latest = await store.GetAsync(null, ct);
        var publication = latest is null ? null : JsonSerializer.Deserialize<Publication>(latest.Body, json.Value.SerializerOptions);
        var versions = await AllVersionsAsync(store, ct);
        http.Response.Headers.CacheControl = "public, max-age=60";
        http.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return new RazorComponentResult<StatisticsPage>(new Dictionary<string, object?>
        {
            [nameof(StatisticsPage.Publication)] = publication,
            [nameof(StatisticsPage.Versions)] = versions,
        });
    }

    private static async Task<List<PublicationSummary>> AllVersionsAsync(StatisticsStore store, CancellationToken ct)
    {
        var all = new List<PublicationSummary>();
        Cursor? after = null;
        while (true)
        {
            var page = await store.ListAsync(Cursor.MaxLimit, after, ct);
            all.AddRange(page.Items);
            if (page.NextCursor is null || !Cursor.TryDecode(page.NextCursor, out after)) return all;
        }
    }
}
