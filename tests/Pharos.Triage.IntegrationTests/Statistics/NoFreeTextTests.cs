using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Escalation.Sweeps;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Statistics;

/// <summary>
/// Issue 13, item 2: no free text in a publication. A marker goes into every free-text field that can be
/// written through the API (the report's URL path and query, description and case reference; the platform's
/// question, reason and ticket; the analyst's answer; the names of the API keys every actor uses, which
/// become the actors named in messages; the platform's escalation contact). Requests are driven to every
/// outcome and to unanswered, then published: the marker is in none of the preview, the publication, the
/// public reads, the CSV or the public page.
/// </summary>
public sealed class When_every_free_text_field_carries_a_marker
{
    private const string Marker = "QZMARKERQZ";
    private const string Period = "/api/statistics?from=2026-11-22T00:00:00Z&to=2026-11-23T00:00:00Z";
    private PharosApp _app = null!;
    private HttpClient _ministry = null!;
    private readonly Dictionary<string, string> _published = [];

    [OneTimeSetUp]
    public async Task Every_outcome_and_unanswered_then_published()
    {
        _app = new PharosApp(new Dictionary<string, string?> { ["Pharos:PlatformContacts:x:EscalationContact"] = $"Ms {Marker} escalation contact" });
        var admin = _app.As("demo-admin");
        async Task<HttpClient> Key(string role, string? platformId)
        {
            var issued = await admin.PostJson("/api/admin/api-keys", new { role, platformId, name = $"{role} key of {Marker}" });
            Assert.That((int)issued.StatusCode, Is.EqualTo(201), await issued.Content.ReadAsStringAsync());
            return _app.As((await issued.Body()).GetProperty("token").GetString()!);
        }
        var analyst = await Key("analyst", null);
        var x = await Key("platform", "x");
        _ministry = await Key("ministry", null);

        async Task<(string Report, string Request)> File(string name)
        {
            var filed = await analyst.PostJson("/api/reports", new
            {
                url = $"https://x.com/{Marker}-path-{name}?q={Marker}-query", category = "terrorism",
                description = $"{Marker} description of {name}", caseReference = $"{Marker}-case-{name}", evidenceSha256 = new string('a', 64),
            });
            Assert.That((int)filed.StatusCode, Is.EqualTo(201), await filed.Content.ReadAsStringAsync());
            var report = (await filed.Body()).GetProperty("id").GetString()!;
            var request = (await Eventually.ReportStatus(analyst, report, "routed")).GetProperty("request").GetProperty("id").GetString()!;
            await Eventually.Until(() => x.GetAsync($"/api/platform/requests/{request}"), r => r.IsSuccessStatusCode, "the request at X");
            return (report, request);
        }
        async Task Outcome(string request, object body)
        {
            var answer = await x.PostJson($"/api/platform/requests/{request}/outcome", body);
            Assert.That((int)answer.StatusCode, Is.EqualTo(200), await answer.Content.ReadAsStringAsync());
        }
        string Reason(string what) => $"{what} {Marker}: see https://x.com/{Marker}/a and www.{Marker}.example/b, as analyst demo-analyst said";

        // 10:00, one request for each fate.
        var removed = await File("removed");
        var geoBlocked = await File("geo");
        var refused = await File("refused");
        var notFound = await File("notfound");
        var questioned = await File("questioned");
        var ignored = await File("ignored");
        var lateRefusal = await File("late");

        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(10));
        await x.PostAsync($"/api/platform/requests/{removed.Request}/acknowledgement", null);
        await Outcome(questioned.Request, new { outcome = "clarification_requested", reason = Reason("Question") });
        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(20));
        await Outcome(removed.Request, new { outcome = "removed", reason = Reason("Removed"), platformTicket = $"{Marker}-ticket-1" });
        await Outcome(geoBlocked.Request, new { outcome = "geo_blocked", reason = Reason("Blocked"), platformTicket = $"{Marker}-ticket-2" });
        await Outcome(refused.Request, new { outcome = "refused", refusalGround = "not_illegal", reason = Reason("Refused"), platformTicket = $"{Marker}-ticket-3" });
        await Outcome(notFound.Request, new { outcome = "not_found", reason = Reason("Gone"), platformTicket = $"{Marker}-ticket-4" });

        await Eventually.ReportReaches(analyst, questioned.Report, r => r.GetProperty("request").GetProperty("status").GetString() == "clarification_requested", "the question");
        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(30));
        var answered = await analyst.PostJson($"/api/reports/{questioned.Report}/clarification", new { answer = $"{Marker} answer: https://x.com/{Marker}/c" });
        Assert.That((int)answered.StatusCode, Is.EqualTo(200), await answered.Content.ReadAsStringAsync());
        await Eventually.Until(async () => await (await x.GetAsync($"/api/platform/requests/{questioned.Request}")).Body(),
            r => r.GetProperty("status").GetString() == "acknowledged", "the answer at X");
        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(40));
        await Outcome(questioned.Request, new { outcome = "removed", platformTicket = $"{Marker}-ticket-5" });

        // 12:00 the last two are unanswered (and escalated to the contact); 12:30 one of them is refused after all.
        _app.Clock.SetUtcNow(PharosApp.Start.AddHours(2));
        await _app.Services.GetRequiredService<DeadlineSweep>().SweepOnceAsync();
        await Eventually.ReportReaches(analyst, ignored.Report, r => r.GetProperty("request").GetProperty("sla").GetString() == "unanswered", "unanswered");
        await Eventually.ReportReaches(analyst, lateRefusal.Report, r => r.GetProperty("request").GetProperty("sla").GetString() == "unanswered", "unanswered");
        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(150));
        await Outcome(lateRefusal.Request, new { outcome = "refused", refusalGround = "outside_jurisdiction", reason = Reason("Late refusal"), platformTicket = $"{Marker}-ticket-6" });

        _app.Clock.SetUtcNow(PharosApp.Start.AddHours(3));
        var preview = await Eventually.Until(async () => await (await _ministry.GetAsync(Period)).Content.ReadAsStringAsync(),
            s => JsonDocument.Parse(s).RootElement.GetProperty("platforms") is { } p && p.GetArrayLength() == 1
                 && p[0].GetProperty("requests").GetInt32() == 7 && p[0].GetProperty("acted").GetInt32() == 3
                 && p[0].GetProperty("refused").GetInt32() == 2 && p[0].GetProperty("notFound").GetInt32() == 1
                 && p[0].GetProperty("unanswered").GetInt32() == 2, "every fate in the figures");
        _published["the preview"] = preview;

        var publication = await _ministry.PostJson("/api/publications", new { from = "2026-11-22T00:00:00Z", to = "2026-11-23T00:00:00Z" });
        Assert.That(publication.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        _published["the publication's answer"] = await publication.Content.ReadAsStringAsync();
        var version = JsonDocument.Parse(_published["the publication's answer"]).RootElement.GetProperty("version").GetInt32();
        var anonymous = _app.CreateClient();
        _published["/public/statistics"] = await anonymous.GetStringAsync("/public/statistics");
        _published[$"/public/statistics/{version}"] = await anonymous.GetStringAsync($"/public/statistics/{version}");
        _published[$"/public/statistics/{version}.csv"] = await anonymous.GetStringAsync($"/public/statistics/{version}.csv");
        // The public page shows the publication; it must add no free text of its own either.
        _published["the public page /"] = await anonymous.GetStringAsync("/");
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public void No_publication_holds_the_marker_or_a_link()
    {
        Assert.That(_published, Has.Count.EqualTo(6));
        Assert.Multiple(() =>
        {
            foreach (var (where, text) in _published)
            {
                Assert.That(text, Does.Not.Contain(Marker).IgnoreCase, where);
                Assert.That(text, Does.Not.Contain("http").And.Not.Contain("www.").And.Not.Contain("x.com/"), where);
                Assert.That(text, Does.Not.Contain("demo-analyst"), where);
            }
        });
    }

    [Test]
    public void Refusals_are_counted_by_ground()
    {
        var x = JsonDocument.Parse(_published["/public/statistics"]).RootElement.GetProperty("platforms")[0];
        Assert.That(x.GetProperty("refusedByGround").EnumerateObject().Select(g => (g.Name, g.Value.GetInt32())),
            Is.EquivalentTo(new[] { ("not_illegal", 1), ("outside_jurisdiction", 1) }));
        var csv = _published.Single(p => p.Key.EndsWith(".csv", StringComparison.Ordinal)).Value.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = csv[0].Split(',');
        var row = csv[1].Split(',');
        Assert.That(header.Zip(row).Where(c => c.First.StartsWith("refused", StringComparison.Ordinal)).Select(c => $"{c.First}={c.Second}"), Is.EqualTo(new[]
        {
            "refused=2", "refusedByGround.not_illegal=1", "refusedByGround.insufficient_information=0", "refusedByGround.impossible=0",
            "refusedByGround.outside_jurisdiction=1", "refusedByGround.other=0",
        }));
    }
}
