using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Escalation.Sweeps;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Statistics;

/// <summary>The public page at <c>/</c> before the ministry has published anything: a page, not a JSON 401 or 404.</summary>
public sealed class When_the_public_opens_the_page_before_any_publication
{
    [Test]
    public async Task It_says_none_is_published_yet_in_a_page_of_its_own()
    {
        using var app = new PharosApp();
        var response = await app.CreateClient().GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(html, Does.StartWith("<!DOCTYPE html>").And.Contain("<html lang=\"fr\">"));
        Assert.That(html, Does.Contain("Minist\u00e8re<br>de l'Int\u00e9rieur"), "the header names the ministry");
        Assert.That(html, Does.Contain("Aucune statistique n'est publi\u00e9e pour l'instant"));
        Assert.That(html, Does.Not.Contain("<table").And.Not.Contain("<svg").And.Not.Contain("<script"));
        var css = await app.CreateClient().GetAsync("/public/pharos.css");
        Assert.That(css.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(css.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/css"));
    }
}

/// <summary>
/// The public page after two publications of a morning at X: one request removed, one left unanswered. What the page
/// shows is read back from its HTML (each figure's <c>&lt;data value&gt;</c>) and compared with the publication's JSON.
/// </summary>
public sealed class When_the_public_opens_the_page_after_publications
{
    private static readonly string[] Figures =
    [
        "requests", "acknowledgedInTime", "actedInTime", "refused", "notFound", "unanswered", "unansweredRate",
        "medianAcknowledgeSeconds", "p90AcknowledgeSeconds", "medianActSeconds", "p90ActSeconds",
    ];

    private PharosApp _app = null!;
    private string _html = "";
    private JsonElement _latest;
    private readonly List<int> _versions = [];

    [OneTimeSetUp]
    public async Task A_morning_at_X_published_twice()
    {
        _app = new PharosApp();
        var analyst = _app.Analyst();
        var ministry = _app.As("demo-ministry");
        var x = _app.PlatformX();
        async Task<string> File(string url)
        {
            var filed = await analyst.PostJson("/api/reports", new { url, category = "terrorism", description = "page test" });
            var id = (await filed.Body()).GetProperty("id").GetString()!;
            var request = (await Eventually.ReportStatus(analyst, id, "routed")).GetProperty("request").GetProperty("id").GetString()!;
            await Eventually.Until(() => x.GetAsync($"/api/platform/requests/{request}"), r => r.IsSuccessStatusCode, "the request at X");
            return request;
        }
        var answered = await File("https://x.com/page/answered");
        await File("https://x.com/page/ignored");
        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(10));
        await x.PostAsync($"/api/platform/requests/{answered}/acknowledgement", null);
        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(25));
        await x.PostJson($"/api/platform/requests/{answered}/outcome", new { outcome = "removed" });
        _app.Clock.SetUtcNow(PharosApp.Start.AddHours(2));
        await _app.Services.GetRequiredService<DeadlineSweep>().SweepOnceAsync();
        _app.Clock.SetUtcNow(PharosApp.Start.AddHours(3));
        const string period = "from=2026-11-22T00:00:00Z&to=2026-11-23T00:00:00Z";
        await Eventually.Until(async () => await (await ministry.GetAsync($"/api/statistics?{period}")).Body(),
            s => s.GetProperty("platforms").GetArrayLength() == 1 && s.GetProperty("platforms")[0].GetProperty("acted").GetInt32() == 1
                 && s.GetProperty("platforms")[0].GetProperty("unanswered").GetInt32() == 1, "the figures to settle");

        foreach (var _ in new[] { 1, 2 })
        {
            var published = await ministry.PostJson("/api/publications", new { from = "2026-11-22T00:00:00Z", to = "2026-11-23T00:00:00Z" });
            Assert.That(published.StatusCode, Is.EqualTo(HttpStatusCode.Created), await published.Content.ReadAsStringAsync());
            _versions.Add((await published.Body()).GetProperty("version").GetInt32());
        }

        var anonymous = _app.CreateClient();
        var page = await anonymous.GetAsync("/");
        _html = await page.Content.ReadAsStringAsync();
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK), _html);
        _latest = JsonDocument.Parse(await anonymous.GetStringAsync("/public/statistics")).RootElement.Clone();
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public void Each_platform_shows_the_figures_of_the_latest_publication()
    {
        Assert.That(_latest.GetProperty("version").GetInt32(), Is.EqualTo(_versions[^1]));
        var platforms = _latest.GetProperty("platforms").EnumerateArray().ToList();
        Assert.That(platforms, Has.Count.EqualTo(1));
        Assert.That(Regex.Count(_html, "<tr data-platform="), Is.EqualTo(platforms.Count), "one row per platform");
        foreach (var platform in platforms)
        {
            var id = platform.GetProperty("platformId").GetString()!;
            var row = Regex.Match(_html, $"<tr data-platform=\"{Regex.Escape(id)}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
            Assert.That(row, Does.Contain($">{platform.GetProperty("name").GetString()}</th>"));
            var shown = Figures.ToDictionary(f => f, f => Regex.Match(row, $"data-figure=\"{f}\"><data value=\"([^\"]*)\"").Groups[1].Value);
            var published = Figures.ToDictionary(f => f, f => platform.GetProperty(f) is { ValueKind: JsonValueKind.Null } ? "" : platform.GetProperty(f).GetRawText());
            Assert.That(shown, Is.EqualTo(published), $"the figures of {id}");
        }
        // The morning's figures themselves, so that a page and a publication both empty cannot pass.
        Assert.That(platforms[0].GetProperty("unanswered").GetInt32(), Is.EqualTo(1));
        Assert.That(_html, Does.Contain("<data value=\"0.5\">50\u00a0%</data>").Or.Contain("<data value=\"0.5\">50&#xA0;%</data>"));
        Assert.That(_html, Does.Contain("<data value=\"1500\">25&#xA0;min</data>"), "removed 25 min after issue");
    }

    [Test]
    public void The_charts_are_images_with_a_title_and_the_same_figures_described()
    {
        var charts = Regex.Matches(_html, "<svg class=\"chart\"[^>]*role=\"img\" aria-labelledby=\"([^ \"]+) ([^\"]+)\"");
        Assert.That(charts, Has.Count.EqualTo(3), "unanswered rate, median and p90 time to act");
        foreach (Match chart in charts)
        {
            Assert.That(_html, Does.Contain($"<title id=\"{chart.Groups[1].Value}\">"));
            Assert.That(_html, Does.Contain($"<desc id=\"{chart.Groups[2].Value}\">X : "));
        }
    }

    [Test]
    public void Every_version_links_to_its_JSON_and_CSV()
    {
        Assert.That(_versions, Has.Count.EqualTo(2));
        foreach (var version in _versions)
        {
            Assert.That(_html, Does.Contain($"<li data-version=\"{version}\">"));
            Assert.That(_html, Does.Contain($"href=\"/public/statistics/{version}\"").And.Contain($"href=\"/public/statistics/{version}.csv\""));
        }
    }

    [Test]
    public void It_shows_the_methodology_the_period_and_the_unanswered_request_by_reference()
    {
        var methodology = _latest.GetProperty("methodology").GetString()!;
        Assert.That(WebUtility.HtmlDecode(_html), Does.Contain(methodology));
        Assert.That(_html, Does.Contain("<time datetime=\"2026-11-22T00:00:00Z\">").And.Contain("<time datetime=\"2026-11-23T00:00:00Z\">"));
        Assert.That(_html, Does.Contain($"<time datetime=\"2026-11-22T13:00:00Z\">"), "as of 13:00");
        var reference = _latest.GetProperty("unanswered")[0].GetProperty("reference").GetString()!;
        Assert.That(_html, Does.Contain($"<th scope=\"row\">{reference}</th>"));
        Assert.That(_html, Does.Not.Contain("<script"), "no script is needed");
    }
}
