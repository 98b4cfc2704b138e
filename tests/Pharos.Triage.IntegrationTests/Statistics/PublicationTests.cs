using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Escalation.Sweeps;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Statistics;

/// <summary>The ministry's figures and publications, through the whole system on a fake clock.</summary>
public sealed class When_the_ministry_publishes_who_did_not_answer
{
    private const string Secret = "SECRET-DESCRIPTION-do-not-publish";
    private static readonly string Evidence = new('e', 64);
    private PharosApp _app = null!;
    private HttpClient _analyst = null!;
    private HttpClient _ministry = null!;
    private readonly List<string> _urls = [];

    [OneTimeSetUp]
    public async Task A_day_of_requests()
    {
        _app = new PharosApp();
        _analyst = _app.Analyst();
        _ministry = _app.As("demo-ministry");
        var x = _app.PlatformX();

        async Task<string> File(string url, string category = "terrorism")
        {
            _urls.Add(url);
            var response = await _analyst.PostJson("/api/reports", new { url, category, description = Secret, evidenceSha256 = Evidence });
            var id = (await response.Body()).GetProperty("id").GetString()!;
            return (await Eventually.ReportStatus(_analyst, id, "routed")).GetProperty("request").GetProperty("id").GetString()!;
        }
        async Task Until(string requestId) =>
            await Eventually.Until(() => x.GetAsync($"/api/platform/requests/{requestId}"), r => r.IsSuccessStatusCode, "the request at X");

        // 10:00, three TCO requests to X (acknowledge and act within 1 h), and one duplicate report.
        var answered = await File("https://x.com/pub/answered");
        var ignored = await File("https://x.com/pub/ignored");
        var questioned = await File("https://x.com/pub/questioned");
        var duplicate = await _analyst.PostJson("/api/reports", new { url = "https://x.com/pub/answered?utm_source=dup", category = "terrorism", description = Secret });
        await Eventually.ReportStatus(_analyst, (await duplicate.Body()).GetProperty("id").GetString()!, "duplicate");
        foreach (var id in new[] { answered, ignored, questioned }) await Until(id);

        // 10:10 acknowledged; 10:20 removed: 600 s and 1200 s.
        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(10));
        await x.PostAsync($"/api/platform/requests/{answered}/acknowledgement", null);
        // 10:15 a question (acknowledges: 900 s) pauses the clock; 11:15 the analyst answers (1 h paused).
        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(15));
        await x.PostJson($"/api/platform/requests/{questioned}/outcome", new { outcome = "clarification_requested", reason = "Which post?" });
        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(20));
        await x.PostJson($"/api/platform/requests/{answered}/outcome", new { outcome = "removed" });
        var questionedReport = (await (await _analyst.GetAsync("/api/reports?status=routed")).Body()).GetProperty("items").EnumerateArray()
            .Single(r => r.GetProperty("request").GetProperty("id").GetString() == questioned).GetProperty("id").GetString();
        await Eventually.ReportReaches(_analyst, questionedReport!, r => r.GetProperty("request").GetProperty("status").GetString() == "clarification_requested", "the question");
        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(75));
        await _analyst.PostJson($"/api/reports/{questionedReport}/clarification", new { answer = "The first one." });
        await Eventually.Until(async () => await (await x.GetAsync($"/api/platform/requests/{questioned}")).Body(),
            r => r.GetProperty("status").GetString() == "acknowledged", "the answer at X");
        // 11:45 removed: 6300 s after issue, less the hour paused: 2700 s, within the moved act-by (12:00).
        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(105));
        await x.PostJson($"/api/platform/requests/{questioned}/outcome", new { outcome = "removed", platformTicket = "X-9" });
        await Eventually.ReportReaches(_analyst, questionedReport!, r => r.GetProperty("request").GetProperty("sla").GetString() == "met", "the answer settled in time");
        // 12:00 the sweep finds the ignored request unanswered (act-by 11:00 plus 1 h).
        _app.Clock.SetUtcNow(PharosApp.Start.AddHours(2));
        await _app.Services.GetRequiredService<DeadlineSweep>().SweepOnceAsync();
        _app.Clock.SetUtcNow(PharosApp.Start.AddHours(3));
        Assert.That((await _app.CreateClient().GetAsync("/public/statistics")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing published yet");
        await Eventually.Until(async () => await (await _ministry.GetAsync(Period)).Body(),
            s => s.GetProperty("platforms").GetArrayLength() == 1
                 && s.GetProperty("platforms")[0].GetProperty("acted").GetInt32() == 2
                 && s.GetProperty("platforms")[0].GetProperty("unanswered").GetInt32() == 1, "the figures to settle");
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private const string Period = "/api/statistics?from=2026-11-22T00:00:00Z&to=2026-11-23T00:00:00Z";

    [Test]
    public async Task The_preview_counts_each_request_once_with_exact_times()
    {
        var statistics = await (await _ministry.GetAsync(Period)).Body();
        Assert.That(statistics.GetProperty("asOf").GetString(), Is.EqualTo("2026-11-22T13:00:00Z"));
        var x = statistics.GetProperty("platforms")[0];
        var figures = new[] { "requests", "acknowledged", "acknowledgedInTime", "acted", "actedInTime", "refused", "notFound", "clarifications", "unanswered" }
            .ToDictionary(k => k, k => x.GetProperty(k).GetInt32());
        Assert.That(figures, Is.EqualTo(new Dictionary<string, int>
        {
            ["requests"] = 3, ["acknowledged"] = 2, ["acknowledgedInTime"] = 2, ["acted"] = 2, ["actedInTime"] = 2,
            ["refused"] = 0, ["notFound"] = 0, ["clarifications"] = 1, ["unanswered"] = 1,
        }), "the duplicate report is no request of its own");
        Assert.That(x.GetProperty("unansweredRate").GetDouble(), Is.EqualTo(0.3333));
        // Acknowledge: [600, 900] → median 600 (rank 1), p90 900 (rank 2). Act: [1200, 2700] → 1200 and 2700.
        Assert.That(new[] { "medianAcknowledgeSeconds", "p90AcknowledgeSeconds", "medianActSeconds", "p90ActSeconds" }.Select(k => x.GetProperty(k).GetInt64()),
            Is.EqualTo(new long[] { 600, 900, 1200, 2700 }));
        Assert.That(x.GetProperty("byCategory")[0].GetProperty("legalBasis").GetString(), Is.EqualTo("tco_removal_order"));

        var before = await (await _ministry.GetAsync("/api/statistics?from=2026-11-21T00:00:00Z&to=2026-11-22T10:00:00Z")).Body();
        Assert.That(before.GetProperty("platforms").GetArrayLength(), Is.Zero, "the period is [from, to): 10:00 itself is out");
        Assert.That((await _ministry.GetAsync("/api/statistics?from=2026-11-22T00:00:00Z")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Publishing_twice_gives_versions_1_and_2_and_version_1_never_changes()
    {
        var anonymous = _app.CreateClient();
        var existing = (await (await _ministry.GetAsync("/api/publications")).Body()).GetProperty("items").GetArrayLength();
        int v(int n) => existing + n;
        var preview = await (await _ministry.GetAsync("/api/statistics?from=2026-11-22T00:00:00Z&to=2026-11-23T00:00:00Z")).Body();

        var first = await _ministry.PostJson("/api/publications", new { from = "2026-11-22T00:00:00Z", to = "2026-11-23T00:00:00Z" });
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(first.Headers.Location?.ToString(), Is.EqualTo($"/public/statistics/{v(1)}"));
        var v1 = await (await anonymous.GetAsync($"/public/statistics/{v(1)}")).Content.ReadAsByteArrayAsync();
        Assert.That(await first.Content.ReadAsByteArrayAsync(), Is.EqualTo(v1), "the answer is the published bytes");

        var second = await _ministry.PostJson("/api/publications", new { from = "2026-11-22T00:00:00Z", to = "2026-11-23T00:00:00Z" });
        Assert.That((await second.Body()).GetProperty("version").GetInt32(), Is.EqualTo(v(2)));

        var again = await anonymous.GetAsync($"/public/statistics/{v(1)}");
        Assert.That(await again.Content.ReadAsByteArrayAsync(), Is.EqualTo(v1), "version 1 reads the same bytes after version 2");
        var etag = again.Headers.ETag!;
        Assert.That(etag.IsWeak, Is.False);
        var conditional = new HttpRequestMessage(HttpMethod.Get, $"/public/statistics/{v(1)}");
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.That((await anonymous.SendAsync(conditional)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That((await (await anonymous.GetAsync("/public/statistics")).Body()).GetProperty("version").GetInt32(), Is.EqualTo(v(2)));
        Assert.That((await anonymous.GetAsync("/public/statistics/9")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        var list = await (await _ministry.GetAsync("/api/publications")).Body();
        Assert.That(list.GetProperty("items").EnumerateArray().Take(2).Select(i => (i.GetProperty("version").GetInt32(), i.GetProperty("publishedBy").GetString())),
            Is.EqualTo(new[] { (v(2), "ministry:demo-ministry"), (v(1), "ministry:demo-ministry") }));

        var published = JsonDocument.Parse(v1).RootElement;
        var unanswered = published.GetProperty("unanswered").EnumerateArray().Single();
        Assert.That(unanswered.GetProperty("reference").GetString(), Does.Match(@"^PHR-2026-\d{8}$"));
        Assert.That(unanswered.GetProperty("actBy").GetString(), Is.EqualTo("2026-11-22T11:00:00Z"));
        Assert.That(unanswered.GetProperty("overdueSeconds").GetInt64(), Is.EqualTo(2 * 3600), "as of 13:00, two hours past act-by");
        // The preview named the same requests, the same way, before anything was published.
        Assert.That(preview.GetProperty("unanswered").GetRawText(), Is.EqualTo(published.GetProperty("unanswered").GetRawText()));
        Assert.That(published.GetProperty("methodology").GetString(), Does.Contain("nearest rank"));
    }

    [Test]
    public async Task No_publication_json_or_csv_holds_a_url_a_description_or_an_evidence_hash()
    {
        var published = await _ministry.PostJson("/api/publications", new { from = "2026-11-22T00:00:00Z", to = "2026-11-23T00:00:00Z" });
        var version = (await published.Body()).GetProperty("version").GetInt32();
        var anonymous = _app.CreateClient();
        var json = await (await anonymous.GetAsync($"/public/statistics/{version}")).Content.ReadAsStringAsync();
        var csvResponse = await anonymous.GetAsync($"/public/statistics/{version}.csv");
        var csv = await csvResponse.Content.ReadAsStringAsync();
        Assert.That(csvResponse.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/csv"));

        foreach (var text in new[] { json, csv })
        {
            Assert.That(text, Does.Not.Contain(Secret));
            Assert.That(text, Does.Not.Contain(Evidence));
            Assert.That(text, Does.Not.Contain("demo-analyst"));
            Assert.That(text, Does.Not.Contain("http://").And.Not.Contain("https://"));
            foreach (var url in _urls) Assert.That(text, Does.Not.Contain(url.Replace("https://", "")));
        }

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith("platformId,platformName,category,legalBasis,requests,"));
        Assert.That(lines[1], Does.StartWith("x,X,terrorism,tco_removal_order,3,2,2,2,2,0,0,0,0,0,0,0,0,1,1,0.3333,600,900,1200,2700"));
        Assert.That(lines, Has.Length.EqualTo(2), "one row per platform × category × legal basis");
    }
}
