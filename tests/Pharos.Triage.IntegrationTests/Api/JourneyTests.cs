using System.Text.Json;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Api;

/// <summary>One report's whole journey, from an analyst to a platform and back, over HTTP.</summary>
public sealed class When_a_report_for_a_known_platform_is_answered
{
    private PharosApp _app = null!;

    // Each test moves the clock, so each gets its own system.
    [SetUp]
    public void Start() => _app = new PharosApp();

    [TearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task The_timeline_shows_each_step_with_its_time_and_actor()
    {
        var analyst = _app.Analyst();
        var platform = _app.PlatformX();
        var id = await analyst.FileReport("https://X.com/someone/status/1?utm_source=tw#top");

        var routed = await Eventually.ReportStatus(analyst, id, "routed");
        Assert.That(routed.GetProperty("normalizedUrl").GetString(), Is.EqualTo("https://x.com/someone/status/1"));
        Assert.That(routed.GetProperty("platform").GetProperty("id").GetString(), Is.EqualTo("x"));
        var request = routed.GetProperty("request");
        Assert.That(request.GetProperty("legalBasis").GetString(), Is.EqualTo("tco_removal_order"));
        Assert.That(request.GetProperty("reference").GetString(), Does.Match(@"^PHR-2026-\d{8}$"));
        Assert.That(request.GetProperty("issuedAt").GetString(), Is.EqualTo("2026-11-22T10:00:00Z"));
        Assert.That(request.GetProperty("acknowledgeBy").GetString(), Is.EqualTo("2026-11-22T11:00:00Z"));
        Assert.That(request.GetProperty("actBy").GetString(), Is.EqualTo("2026-11-22T11:00:00Z"));
        var requestId = request.GetProperty("id").GetString()!;

        var list = await Eventually.Until(async () => await (await platform.GetAsync("/api/platform/requests")).Body(),
            page => page.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("id").GetString() == requestId), "the platform to see the request");
        var item = list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == requestId);
        Assert.That(item.GetProperty("status").GetString(), Is.EqualTo("pending"));
        Assert.That(item.GetProperty("reasons").GetString(), Is.EqualTo("Terrorist propaganda video"));

        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        var acknowledged = await platform.PostAsync($"/api/platform/requests/{requestId}/acknowledgement", null);
        Assert.That((int)acknowledged.StatusCode, Is.EqualTo(200));
        Assert.That((await acknowledged.Body()).GetProperty("acknowledgedAt").GetString(), Is.EqualTo("2026-11-22T10:10:00Z"));

        // Closed before 10:30, when half the act window would have passed: no reminder is due.
        _app.Clock.Advance(TimeSpan.FromMinutes(15));
        var closed = await platform.PostJson($"/api/platform/requests/{requestId}/outcome", new { outcome = "removed", platformTicket = "X-42" });
        Assert.That((int)closed.StatusCode, Is.EqualTo(200), await closed.Content.ReadAsStringAsync());
        Assert.That((await closed.Body()).GetProperty("status").GetString(), Is.EqualTo("closed"));

        var final = await Eventually.ReportReaches(analyst, id,
            r => r.GetProperty("request").GetProperty("sla").GetString() == "met", "a closed request with its deadline met");
        Assert.That(final.GetProperty("request").GetProperty("status").GetString(), Is.EqualTo("closed"));
        Assert.That(final.GetProperty("request").GetProperty("outcome").GetString(), Is.EqualTo("removed"));
        Assert.That(final.GetProperty("request").GetProperty("closedAt").GetString(), Is.EqualTo("2026-11-22T10:25:00Z"));

        var timeline = final.GetProperty("timeline").EnumerateArray()
            .Select(e => (At: e.GetProperty("at").GetString(), Event: e.GetProperty("event").GetString(), Actor: e.GetProperty("actor").GetString()))
            .ToList();
        Assert.That(timeline, Is.EqualTo(new[]
        {
            ("2026-11-22T10:00:00Z", "report_received", "analyst:demo-analyst"),
            ("2026-11-22T10:00:00Z", "report_routed", "system:routing"),
            ("2026-11-22T10:00:00Z", "request_issued", "system:routing"),
            ("2026-11-22T10:10:00Z", "request_acknowledged", "platform:demo-platform-x"),
            ("2026-11-22T10:25:00Z", "request_closed", "platform:demo-platform-x"),
        }));
    }

    [Test]
    public async Task A_second_report_of_the_same_content_shares_the_open_request()
    {
        var analyst = _app.Analyst();
        var first = await analyst.FileReport("https://www.youtube.com/watch?v=abc123&utm_medium=share");
        var firstRouted = await Eventually.ReportStatus(analyst, first, "routed");
        var second = await analyst.FileReport("https://WWW.YOUTUBE.COM/watch?v=abc123#t=10");

        var duplicate = await Eventually.ReportStatus(analyst, second, "duplicate");
        Assert.That(duplicate.GetProperty("duplicateOf").GetString(), Is.EqualTo(first));
        var shared = await Eventually.ReportReaches(analyst, second, r => r.GetProperty("request").ValueKind == JsonValueKind.Object, "the shared request");
        Assert.That(shared.GetProperty("request").GetProperty("id").GetString(), Is.EqualTo(firstRouted.GetProperty("request").GetProperty("id").GetString()));
        Assert.That(shared.GetProperty("platform").GetProperty("id").GetString(), Is.EqualTo("youtube"));
        Assert.That(shared.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("event").GetString()),
            Is.EqualTo(new[] { "report_received", "duplicate_linked" }));

        var youtube = _app.As("demo-platform-youtube");
        var requests = await (await youtube.GetAsync("/api/platform/requests")).Body();
        Assert.That(requests.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("url").GetString()!.Contains("abc123")), Is.EqualTo(1),
            "the platform is asked once");
    }

    [Test]
    public async Task Once_the_request_is_closed_a_new_report_opens_a_new_request()
    {
        var analyst = _app.Analyst();
        var platform = _app.As("demo-platform-tiktok");
        var first = await analyst.FileReport("https://www.tiktok.com/@someone/video/1", "hate_speech");
        var requestId = (await Eventually.ReportStatus(analyst, first, "routed")).GetProperty("request").GetProperty("id").GetString();
        await Eventually.Until(() => platform.GetAsync($"/api/platform/requests/{requestId}"), r => r.IsSuccessStatusCode, "the platform to see the request");
        var closed = await platform.PostJson($"/api/platform/requests/{requestId}/outcome", new { outcome = "refused", refusalGround = "not_illegal", reason = "Not illegal in our view" });
        Assert.That((int)closed.StatusCode, Is.EqualTo(200));
        await Eventually.ReportReaches(analyst, first, r => r.GetProperty("request").GetProperty("status").GetString() == "closed", "closed");

        // Routing learns of the closure through a message; the next report waits for it.
        var again = await Eventually.Until(async () =>
        {
            var id = await analyst.FileReport("https://www.tiktok.com/@someone/video/1?utm_campaign=x", "hate_speech");
            return await Eventually.ReportReaches(analyst, id, r => r.GetProperty("status").GetString() != "received", "a decision");
        }, r => r.GetProperty("status").GetString() == "routed", "a report after the closure to open a new request");
        Assert.That(again.GetProperty("request").GetProperty("id").GetString(), Is.Not.EqualTo(requestId));
    }

    [TestCase("https://fraudulent-shop.example/pay", "fraud", "fraud_service")]
    [TestCase("https://www.facebook.com/scam-page", "fraud", "fraud_service")]
    [TestCase("https://unknown-host.example/page", "terrorism", "international_cooperation")]
    public async Task A_report_no_platform_takes_is_forwarded(string url, string category, string forwardedTo)
    {
        var analyst = _app.Analyst();
        var id = await analyst.FileReport(url, category);
        var forwarded = await Eventually.ReportStatus(analyst, id, "forwarded");
        Assert.That(forwarded.GetProperty("forwardedTo").GetString(), Is.EqualTo(forwardedTo));
        Assert.That(forwarded.GetProperty("request").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(forwarded.GetProperty("timeline").EnumerateArray().Last().GetProperty("event").GetString(), Is.EqualTo("report_forwarded"));
    }

    [Test]
    public async Task A_clarification_pauses_the_clock_and_the_answer_moves_the_deadline()
    {
        var analyst = _app.Analyst();
        var platform = _app.As("demo-platform-snapchat");
        var id = await analyst.FileReport("https://www.snapchat.com/add/someone", "threats_violence");
        var request = (await Eventually.ReportStatus(analyst, id, "routed")).GetProperty("request");
        var requestId = request.GetProperty("id").GetString();
        var actBy = DateTimeOffset.Parse(request.GetProperty("actBy").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.Until(() => platform.GetAsync($"/api/platform/requests/{requestId}"), r => r.IsSuccessStatusCode, "the platform to see the request");

        var noQuestion = await analyst.PostJson($"/api/reports/{id}/clarification", new { answer = "early" });
        Assert.That((int)noQuestion.StatusCode, Is.EqualTo(409), "no question was asked yet");

        var asked = await platform.PostJson($"/api/platform/requests/{requestId}/outcome",
            new { outcome = "clarification_requested", reason = "Which account is meant?" });
        Assert.That((await asked.Body()).GetProperty("status").GetString(), Is.EqualTo("clarification_requested"));
        await Eventually.ReportReaches(analyst, id, r => r.GetProperty("request").GetProperty("status").GetString() == "clarification_requested", "clarification_requested");

        _app.Clock.Advance(TimeSpan.FromHours(2));
        var answered = await analyst.PostJson($"/api/reports/{id}/clarification", new { answer = "The account named in the URL." });
        Assert.That((int)answered.StatusCode, Is.EqualTo(200), await answered.Content.ReadAsStringAsync());

        var resumed = await Eventually.ReportReaches(analyst, id, r => r.GetProperty("request").GetProperty("status").GetString() == "acknowledged", "acknowledged again");
        Assert.That(DateTimeOffset.Parse(resumed.GetProperty("request").GetProperty("actBy").GetString()!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(actBy.AddHours(2)));
        var seen = await (await platform.GetAsync($"/api/platform/requests/{requestId}")).Body();
        Assert.That(seen.GetProperty("clarificationAnswer").GetString(), Is.EqualTo("The account named in the URL."));
        Assert.That(DateTimeOffset.Parse(seen.GetProperty("actBy").GetString()!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(actBy.AddHours(2)));
        Assert.That(resumed.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("event").GetString()),
            Does.Contain("clarification_requested").And.Contain("clarification_answered"));
    }

    [Test]
    public async Task The_openapi_document_and_health_endpoints_answer_without_credentials()
    {
        var anonymous = _app.CreateClient();
        var openapi = await anonymous.GetAsync("/openapi/v1.json");
        Assert.That((int)openapi.StatusCode, Is.EqualTo(200));
        var paths = (await openapi.Body()).GetProperty("paths");
        Assert.That(paths.TryGetProperty("/api/reports", out _), Is.True);
        Assert.That(paths.TryGetProperty("/api/platform/requests/{id}/outcome", out _), Is.True);
        Assert.That((int)(await anonymous.GetAsync("/health/live")).StatusCode, Is.EqualTo(200));
        Assert.That((int)(await anonymous.GetAsync("/health/ready")).StatusCode, Is.EqualTo(200));
    }
}
