using System.Text.Json;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Api;

/// <summary>
/// Issue 13 item 1, over HTTP: the platform is always asked under the strictest basis any open report of
/// the content warrants (DOMAIN.md, "Lifecycle").
/// </summary>
public sealed class When_a_terrorism_report_follows_a_dsa_notice_of_the_same_content
{
    private const string Url = "https://x.com/someone/status/77";
    private PharosApp _app = null!;

    [SetUp]
    public void Start() => _app = new PharosApp();

    [TearDown]
    public void Stop() => _app.Dispose();

    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path) element = element.GetProperty(name);
        return element.ValueKind == JsonValueKind.Null ? null : element.GetString();
    }

    [Test]
    public async Task The_platform_is_asked_again_within_the_hour_and_the_dsa_notice_is_superseded()
    {
        var analyst = _app.Analyst();
        var platform = _app.PlatformX();
        var hate = await analyst.FileReport(Url, "hate_speech", "Hateful post");
        var dsa = (await Eventually.ReportStatus(analyst, hate, "routed")).GetProperty("request");
        var dsaId = Text(dsa, "id")!;
        Assert.That(Text(dsa, "legalBasis"), Is.EqualTo("dsa_notice"));
        Assert.That(Text(dsa, "actBy"), Is.EqualTo("2026-11-25T10:00:00Z"), "72 hours");
        await Eventually.Until(() => platform.GetAsync($"/api/platform/requests/{dsaId}"), r => r.IsSuccessStatusCode, "the platform to see the DSA notice");

        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        var terrorism = await analyst.FileReport(Url + "?utm_source=share");

        // The terrorism report gets its own request, under a TCO removal order, with its hour.
        var routed = await Eventually.ReportStatus(analyst, terrorism, "routed");
        var tco = routed.GetProperty("request");
        var tcoId = Text(tco, "id")!;
        Assert.That(tcoId, Is.Not.EqualTo(dsaId));
        Assert.That(Text(tco, "legalBasis"), Is.EqualTo("tco_removal_order"));
        Assert.That(Text(tco, "issuedAt"), Is.EqualTo("2026-11-22T10:10:00Z"));
        Assert.That(Text(tco, "actBy"), Is.EqualTo("2026-11-22T11:10:00Z"));
        Assert.That(Text(routed, "duplicateOf"), Is.Null);

        // The earlier report now shows the new request, and its timeline says why.
        var earlier = await Eventually.ReportReaches(analyst, hate, r => Text(r, "request", "id") == tcoId, "the new request");
        Assert.That(Text(earlier, "status"), Is.EqualTo("routed"));
        Assert.That(Text(earlier, "request", "legalBasis"), Is.EqualTo("tco_removal_order"));
        var timeline = earlier.GetProperty("timeline").EnumerateArray()
            .Select(e => (Event: Text(e, "event"), Actor: Text(e, "actor"), Detail: e.TryGetProperty("detail", out var d) ? d.GetString() : null)).ToList();
        var closed = timeline.Single(e => e.Event == "request_closed");
        Assert.That(closed.Detail, Does.StartWith($"superseded by {Text(tco, "reference")} (tco_removal_order)"));
        Assert.That(closed.Actor, Is.EqualTo("system:routing"));
        Assert.That(timeline.Select(e => e.Event), Is.EqualTo(new[] { "report_received", "report_routed", "request_issued", "request_closed", "request_issued" }));
        Assert.That(timeline[^1].Detail, Is.EqualTo($"{Text(tco, "reference")} (tco_removal_order) replaces {Text(dsa, "reference")}"));

        // The platform sees the DSA notice closed as superseded, and cannot answer it any more.
        var old = await Eventually.Until(async () => await (await platform.GetAsync($"/api/platform/requests/{dsaId}")).Body(),
            r => Text(r, "status") == "closed", "the DSA notice to close");
        Assert.That(Text(old, "outcome"), Is.EqualTo("superseded"));
        Assert.That(Text(old, "acknowledgedAt"), Is.Null);
        var late = await platform.PostJson($"/api/platform/requests/{dsaId}/outcome", new { outcome = "removed" });
        Assert.That((int)late.StatusCode, Is.EqualTo(409));
        var pending = await (await platform.GetAsync("/api/platform/requests?status=pending")).Body();
        Assert.That(pending.GetProperty("items").EnumerateArray().Select(i => Text(i, "id")), Is.EqualTo(new[] { tcoId }));

        // A later report as strict, or laxer, shares the TCO request.
        foreach (var (category, description) in new[] { ("terrorism", "Propaganda again"), ("hate_speech", "Hateful again"), ("child_sexual_abuse", "Another") })
        {
            var again = await analyst.FileReport(Url + "#reply", category, description);
            var duplicate = await Eventually.ReportStatus(analyst, again, "duplicate");
            Assert.That(Text(duplicate, "duplicateOf"), Is.EqualTo(terrorism), category);
            var shared = await Eventually.ReportReaches(analyst, again, r => r.GetProperty("request").ValueKind == JsonValueKind.Object, "its request");
            Assert.That(Text(shared, "request", "id"), Is.EqualTo(tcoId), category);
        }
    }

    [Test]
    public async Task A_report_as_strict_or_laxer_than_the_open_request_is_still_a_duplicate()
    {
        var analyst = _app.Analyst();
        var first = await analyst.FileReport(Url, "illicit_trade", "Weapons for sale");
        var lcen = (await Eventually.ReportStatus(analyst, first, "routed")).GetProperty("request");
        Assert.That(Text(lcen, "legalBasis"), Is.EqualTo("lcen_6_1"));

        foreach (var category in new[] { "child_sexual_abuse", "hate_speech", "other" })
        {
            var again = await analyst.FileReport(Url, category, "Same content");
            var duplicate = await Eventually.ReportStatus(analyst, again, "duplicate");
            Assert.That(Text(duplicate, "duplicateOf"), Is.EqualTo(first), category);
        }
        var still = await analyst.Report(first);
        Assert.That((Text(still, "request", "id"), Text(still, "request", "status")), Is.EqualTo((Text(lcen, "id"), "pending")));
    }
}
