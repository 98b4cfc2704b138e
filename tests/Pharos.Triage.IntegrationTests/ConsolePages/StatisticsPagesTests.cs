using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Escalation.Sweeps;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.StaffConsole;

namespace Pharos.Triage.IntegrationTests.ConsolePages;

/// <summary>
/// The ministry's pages after a morning at X (one request removed in 25 min, one left unanswered): the figures of a
/// period, the confirmation of a publication and the list of publications. Every figure the pages show is read back
/// from their HTML (each one's <c>&lt;data value&gt;</c>) and compared with what the API answers; a publication is
/// counted through the API.
/// </summary>
public sealed class When_the_ministry_looks_at_the_figures_and_publishes_them
{
    private const string Day = "from=2026-11-22&to=2026-11-22";
    private const string ApiDay = "from=2026-11-22T00:00:00Z&to=2026-11-23T00:00:00Z";

    private static readonly string[] Figures =
    [
        "requests", "acknowledgedInTime", "actedInTime", "refused", "notFound", "unanswered", "unansweredRate",
        "medianAcknowledgeSeconds", "p90AcknowledgeSeconds", "medianActSeconds", "p90ActSeconds",
    ];

    private PharosApp _app = null!;
    private HttpClient _ministry = null!;
    private ConsoleSession _session = null!;

    [OneTimeSetUp]
    public async Task A_morning_at_X()
    {
        _app = new PharosApp();
        var analyst = _app.Analyst();
        var x = _app.PlatformX();
        _ministry = _app.As("demo-ministry");
        async Task<string> File(string url)
        {
            var id = await analyst.FileReport(url);
            var request = (await Eventually.ReportStatus(analyst, id, "routed")).GetProperty("request").GetProperty("id").GetString()!;
            await Eventually.Until(() => x.GetAsync($"/api/platform/requests/{request}"), r => r.IsSuccessStatusCode, "the request at X");
            return request;
        }
        var answered = await File("https://x.com/console/answered");
        await File("https://x.com/console/ignored");
        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(10));
        await x.PostAsync($"/api/platform/requests/{answered}/acknowledgement", null);
        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(25));
        await x.PostJson($"/api/platform/requests/{answered}/outcome", new { outcome = "removed" });
        _app.Clock.SetUtcNow(PharosApp.Start.AddHours(2));
        await _app.Services.GetRequiredService<DeadlineSweep>().SweepOnceAsync();
        _app.Clock.SetUtcNow(PharosApp.Start.AddHours(3));
        await Eventually.Until(PreviewAsync, s => s.GetProperty("platforms").GetArrayLength() == 1
            && s.GetProperty("platforms")[0].GetProperty("acted").GetInt32() == 1
            && s.GetProperty("platforms")[0].GetProperty("unanswered").GetInt32() == 1, "the figures to settle");
        _session = await ConsoleSession.SignInAsync(_app, "demo-ministry");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _session?.Dispose();
        _app?.Dispose();
    }

    [Test]
    public async Task The_figures_on_the_page_are_the_APIs_preview_as_tables_and_charts()
    {
        var html = await _session.PageAsync($"{ConsolePaths.Statistics}?{Day}");
        var preview = await PreviewAsync();

        AssertSameFigures(html, preview);
        Assert.That(html, Does.Contain("<data value=\"0.5\">50&#xA0;%</data>"), "one of two unanswered");
        Assert.That(html, Does.Contain("<data value=\"1500\">25&#xA0;min</data>"), "removed 25 min after issue");
        var charts = Regex.Matches(html, "<svg class=\"chart\"[^>]*role=\"img\" aria-labelledby=\"([^ \"]+)-title \\1-desc\"");
        Assert.That(charts, Has.Count.EqualTo(5), "unanswered rate, and the median and p90 of the times to acknowledge and to act");
        foreach (Match chart in charts)
        {
            var id = chart.Groups[1].Value;
            Assert.That(html, Does.Match($"<title id=\"{id}-title\">[^<]+</title>"));
            Assert.That(Regex.Match(html, $"<desc id=\"{id}-desc\">([^<]+)</desc>").Groups[1].Value, Does.StartWith("X : "));
        }
        Assert.That(html, Does.Contain($"href=\"{ConsolePaths.NewPublication}?{Day.Replace("&", "&amp;")}\""), "Publier leads to the confirmation of this period");
    }

    [Test]
    public async Task Without_a_period_the_page_shows_the_last_30_days_up_to_now()
    {
        var html = await _session.PageAsync(ConsolePaths.Statistics);

        Assert.That(html, Does.Contain("id=\"from\" name=\"from\" value=\"2026-10-24\""));
        Assert.That(html, Does.Contain("id=\"to\" name=\"to\" value=\"2026-11-22\""));
        Assert.That(html, Does.Contain("<tr data-platform=\"x\">"), "this morning's requests are in it");
    }

    [TestCase("from=2026-11-23&to=2026-11-22", "to", "to must come after from.")]
    [TestCase("from=garbage&to=2026-11-22", "from", "from must be an ISO-8601 UTC timestamp")]
    [TestCase("from=&to=2026-11-22", "from", "from and to are required")]
    public async Task An_invalid_period_shows_the_APIs_messages_beside_the_fields_and_publishes_nothing(string query, string field, string message)
    {
        var before = await PublicationCountAsync();

        var html = await _session.PageAsync($"{ConsolePaths.Statistics}?{query}");
        var confirmation = await _session.PageAsync($"{ConsolePaths.NewPublication}?{query}");

        foreach (var page in new[] { html, confirmation })
        {
            Assert.That(page, Does.Contain("role=\"alert\""), "the problem at the top");
            Assert.That(page, Does.Not.Contain("Confirmer la publication</button>"));
        }
        Assert.That(html, Does.Match($"<div class=\"field has-error\">\\s*<label for=\"{field}\""));
        Assert.That(html, Does.Match($"aria-describedby=\"{field}-errors\""));
        Assert.That(Regex.Match(html, $"<ul class=\"field-errors\" id=\"{field}-errors\">(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value,
            Does.Contain(message), "the API's message beside the field");
        Assert.That(html, Does.Not.Contain("<tr data-platform="));
        Assert.That(await PublicationCountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Opening_the_confirmation_shows_what_would_be_published_and_publishes_nothing()
    {
        var before = await PublicationCountAsync();

        var html = await _session.PageAsync($"{ConsolePaths.NewPublication}?{Day}");

        Assert.That(await PublicationCountAsync(), Is.EqualTo(before));
        var preview = await PreviewAsync();
        AssertSameFigures(html, preview);
        Assert.That(html, Does.Contain("<time datetime=\"2026-11-22T00:00:00Z\">").And.Contain("<time datetime=\"2026-11-23T00:00:00Z\">"), "the period");
        // Each unanswered request by its reference, as the publication will name it (and no other).
        var references = preview.GetProperty("unanswered").EnumerateArray().Select(u => u.GetProperty("reference").GetString()!).ToList();
        Assert.That(references, Has.Count.EqualTo(1), "the period has one unanswered request");
        Assert.That(Regex.Matches(html, "<tr data-unanswered=\"([^\"]+)\">").Select(m => m.Groups[1].Value), Is.EqualTo(references));
        Assert.That(html, Does.Contain("Aucun texte libre n'est jamais publié"));
        Assert.That(html, Does.Not.Contain("https://x.com/console"), "no URL");
        Assert.That(Regex.IsMatch(html, "<form method=\"post\" action=\"/console/publications/new\">.*name=\"from\" value=\"2026-11-22T00:00:00Z\".*name=\"to\" value=\"2026-11-23T00:00:00Z\".*Confirmer la publication</button>", RegexOptions.Singleline),
            Is.True, "the form that publishes that period");
    }

    [Test]
    public async Task Confirming_publishes_exactly_one_version_of_that_period_and_names_it()
    {
        var before = await PublicationsAsync();

        var answer = await _session.PostFormAsync(ConsolePaths.NewPublication,
            new() { ["from"] = "2026-11-22T00:00:00Z", ["to"] = "2026-11-23T00:00:00Z" }, tokenFrom: $"{ConsolePaths.NewPublication}?{Day}");

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await answer.Content.ReadAsStringAsync());
        var after = await PublicationsAsync();
        var added = after.Where(p => !before.Any(b => b.GetProperty("version").GetInt32() == p.GetProperty("version").GetInt32())).ToList();
        Assert.That(added, Has.Count.EqualTo(1), "exactly one version");
        var version = added[0].GetProperty("version").GetInt32();
        Assert.That(added[0].GetProperty("periodFrom").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.Parse("2026-11-22T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(added[0].GetProperty("periodTo").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.Parse("2026-11-23T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(answer.Headers.Location?.OriginalString, Is.EqualTo($"{ConsolePaths.Publications}?published={version}"));
        var list = await _session.PageAsync(answer.Headers.Location!.OriginalString);
        Assert.That(WebUtility.HtmlDecode(list), Does.Contain($"<p class=\"notice\" role=\"status\">La publication n° {version} est publiée.</p>"));
    }

    [Test]
    public async Task The_confirmation_posted_without_its_anti_forgery_token_publishes_nothing()
    {
        var before = await PublicationCountAsync();

        var answer = await _session.PostFormAsync(ConsolePaths.NewPublication,
            new() { ["from"] = "2026-11-22T00:00:00Z", ["to"] = "2026-11-23T00:00:00Z" }, withToken: false);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await PublicationCountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task The_confirmation_posted_with_an_invalid_period_shows_the_APIs_message_and_publishes_nothing()
    {
        var before = await PublicationCountAsync();

        var answer = await _session.PostFormAsync(ConsolePaths.NewPublication,
            new() { ["from"] = "2026-11-23T00:00:00Z", ["to"] = "2026-11-22T00:00:00Z" }, tokenFrom: $"{ConsolePaths.NewPublication}?{Day}");
        var html = await answer.Content.ReadAsStringAsync();

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        Assert.That(html, Does.Contain("role=\"alert\"").And.Contain("to must come after from."));
        Assert.That(await PublicationCountAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task The_list_shows_every_version_with_its_JSON_and_CSV()
    {
        foreach (var _ in new[] { 1, 2, 3 })
        {
            var published = await _ministry.PostJson("/api/publications", new { from = "2026-11-22T00:00:00Z", to = "2026-11-23T00:00:00Z" });
            Assert.That(published.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        var versions = (await PublicationsAsync()).Select(p => p.GetProperty("version").GetInt32()).ToList();

        var html = await _session.PageAsync(ConsolePaths.Publications);

        Assert.That(Regex.Matches(html, "<li data-version=\"(\\d+)\">").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo(versions), "every version, newest first");
        foreach (var version in versions)
        {
            Assert.That(html, Does.Contain($"href=\"/public/statistics/{version}\""));
            Assert.That(html, Does.Contain($"href=\"/public/statistics/{version}.csv\""));
            Assert.That((await _app.CreateClient().GetAsync($"/public/statistics/{version}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        Assert.That(html, Does.Contain("href=\"/\""), "the public page");
    }

    /// <summary>Each platform's row on the page holds the figures of the API's preview, as the API wrote them.</summary>
    private static void AssertSameFigures(string html, JsonElement preview)
    {
        var platforms = preview.GetProperty("platforms").EnumerateArray().ToList();
        Assert.That(platforms, Is.Not.Empty);
        Assert.That(Regex.Count(html, "<tr data-platform="), Is.EqualTo(platforms.Count), "one row per platform");
        foreach (var platform in platforms)
        {
            var id = platform.GetProperty("platformId").GetString()!;
            var row = Regex.Match(html, $"<tr data-platform=\"{Regex.Escape(id)}\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
            Assert.That(row, Does.Contain($">{platform.GetProperty("name").GetString()}</th>"));
            var shown = Figures.ToDictionary(f => f, f => Regex.Match(row, $"data-figure=\"{f}\"><data value=\"([^\"]*)\"").Groups[1].Value);
            var answered = Figures.ToDictionary(f => f, f => platform.GetProperty(f) is { ValueKind: JsonValueKind.Null } ? "" : platform.GetProperty(f).GetRawText());
            Assert.That(shown, Is.EqualTo(answered), $"the figures of {id}");
            var late = platform.GetProperty("acted").GetInt32() - platform.GetProperty("actedInTime").GetInt32();
            Assert.That(row, Does.Contain($"data-figure=\"actedLate\"><data value=\"{late}\">"));
        }
    }

    private async Task<JsonElement> PreviewAsync() => await (await _ministry.GetAsync($"/api/statistics?{ApiDay}")).Body();

    private async Task<List<JsonElement>> PublicationsAsync()
    {
        var answer = await _ministry.GetAsync("/api/publications?limit=200");
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (await answer.Body()).GetProperty("items").EnumerateArray().ToList();
    }

    private async Task<int> PublicationCountAsync() => (await PublicationsAsync()).Count;
}
