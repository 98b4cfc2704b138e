using System.Net;
using System.Text.Json;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Api;

/// <summary>The platforms' API: their own requests only, and the lifecycle's rules.</summary>
public sealed class When_a_platform_answers_a_request
{
    private PharosApp _app = null!;
    private HttpClient _analyst = null!;
    private HttpClient _platform = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new PharosApp();
        // Every exchange below is checked against the OpenAPI document.
        await _app.CheckAgainstOpenApiAsync();
        _analyst = _app.Analyst();
        _platform = _app.As("demo-platform-instagram");
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private async Task<string> IssuedRequest(string path)
    {
        var id = await _analyst.FileReport($"https://www.instagram.com/{path}", "child_sexual_abuse");
        var requestId = (await Eventually.ReportStatus(_analyst, id, "routed")).GetProperty("request").GetProperty("id").GetString()!;
        await Eventually.Until(() => _platform.GetAsync($"/api/platform/requests/{requestId}"), r => r.IsSuccessStatusCode, "the platform to see it");
        return requestId;
    }

    [Test]
    public async Task Another_platform_gets_404_for_every_call_and_never_sees_it_listed()
    {
        var requestId = await IssuedRequest("p/other-platform");
        var facebook = _app.As("demo-platform-facebook");
        Assert.That((await facebook.GetAsync($"/api/platform/requests/{requestId}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await facebook.PostAsync($"/api/platform/requests/{requestId}/acknowledgement", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await facebook.PostJson($"/api/platform/requests/{requestId}/outcome", new { outcome = "removed" })).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var list = await (await facebook.GetAsync("/api/platform/requests")).Body();
        Assert.That(list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()), Does.Not.Contain(requestId));

        var own = await (await _platform.GetAsync($"/api/platform/requests/{requestId}")).Body();
        Assert.That(own.GetProperty("status").GetString(), Is.EqualTo("pending"), "another platform's calls changed nothing");
    }

    [Test]
    public async Task Acknowledging_twice_returns_the_same_acknowledgement()
    {
        var requestId = await IssuedRequest("p/ack-twice");
        var first = await (await _platform.PostAsync($"/api/platform/requests/{requestId}/acknowledgement", null)).Body();
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await (await _platform.PostAsync($"/api/platform/requests/{requestId}/acknowledgement", null)).Body();
        Assert.That(second.GetProperty("acknowledgedAt").GetString(), Is.EqualTo(first.GetProperty("acknowledgedAt").GetString()));
        Assert.That(second.GetProperty("status").GetString(), Is.EqualTo("acknowledged"));
    }

    [Test]
    public async Task A_second_outcome_is_a_409_and_changes_nothing()
    {
        var requestId = await IssuedRequest("p/second-outcome");
        var first = await _platform.PostJson($"/api/platform/requests/{requestId}/outcome", new { outcome = "geo_blocked", platformTicket = "IG-1" });
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var second = await _platform.PostJson($"/api/platform/requests/{requestId}/outcome", new { outcome = "removed" });
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(second.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var now = await (await _platform.GetAsync($"/api/platform/requests/{requestId}")).Body();
        Assert.That(now.GetProperty("outcome").GetString(), Is.EqualTo("geo_blocked"));
    }

    [Test]
    public async Task An_outcome_also_acknowledges()
    {
        var requestId = await IssuedRequest("p/outcome-acknowledges");
        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        var closed = await (await _platform.PostJson($"/api/platform/requests/{requestId}/outcome", new { outcome = "not_found" })).Body();
        Assert.That(closed.GetProperty("acknowledgedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        Assert.That(closed.GetProperty("status").GetString(), Is.EqualTo("closed"));
    }

    private static IEnumerable<TestCaseData> InvalidOutcomes()
    {
        yield return new TestCaseData(new { }, "outcome").SetName("Missing outcome");
        yield return new TestCaseData(new { outcome = "deleted" }, "outcome").SetName("Unknown outcome");
        yield return new TestCaseData(new { outcome = "refused", refusalGround = "not_illegal" }, "reason").SetName("Refused without a reason");
        yield return new TestCaseData(new { outcome = "refused", reason = "Lawful" }, "refusalGround").SetName("Refused without a ground");
        yield return new TestCaseData(new { outcome = "refused", reason = "Lawful", refusalGround = "we_disagree" }, "refusalGround").SetName("Refused on an unknown ground");
        yield return new TestCaseData(new { outcome = "removed", refusalGround = "not_illegal" }, "refusalGround").SetName("A ground without a refusal");
        yield return new TestCaseData(new { outcome = "clarification_requested" }, "reason").SetName("Question without the question");
        yield return new TestCaseData(new { outcome = "removed", actedAt = "2026-11-23T00:00:00Z" }, "actedAt").SetName("actedAt in the future");
        yield return new TestCaseData(new { outcome = "removed", actedAt = "2026-11-21T00:00:00Z" }, "actedAt").SetName("actedAt before the issue");
        yield return new TestCaseData(new { outcome = "removed", comment = "x" }, "comment").SetName("Unknown field");
    }

    [TestCaseSource(nameof(InvalidOutcomes))]
    public async Task A_bad_outcome_is_a_400_and_changes_nothing(object body, string field)
    {
        var requestId = await IssuedRequest($"p/bad-{Guid.NewGuid():N}");
        var response = await _platform.PostJson($"/api/platform/requests/{requestId}/outcome", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That((await response.Body()).GetProperty("errors").TryGetProperty(field, out _), Is.True);
        var now = await (await _platform.GetAsync($"/api/platform/requests/{requestId}")).Body();
        Assert.That(now.GetProperty("status").GetString(), Is.EqualTo("pending"));
        Assert.That(now.GetProperty("acknowledgedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task The_list_is_oldest_deadline_first_and_filters_by_status()
    {
        var app = new PharosApp();
        try
        {
            var analyst = app.Analyst();
            var apple = app.As("demo-platform-apple");
            // Filed later but under a shorter deadline: TCO's hour comes before LCEN's day.
            var lcen = await analyst.FileReport("https://www.icloud.com/share/lcen", "illicit_trade");
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            var tco = await analyst.FileReport("https://www.icloud.com/share/tco", "terrorism");
            await Eventually.ReportStatus(analyst, lcen, "routed");
            await Eventually.ReportStatus(analyst, tco, "routed");
            var page = await Eventually.Until(async () => await (await apple.GetAsync("/api/platform/requests")).Body(),
                p => p.GetProperty("items").GetArrayLength() == 2, "both requests");
            Assert.That(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("category").GetString()),
                Is.EqualTo(new[] { "terrorism", "illicit_trade" }));
            var pending = await (await apple.GetAsync("/api/platform/requests?status=closed")).Body();
            Assert.That(pending.GetProperty("items").GetArrayLength(), Is.Zero);
            Assert.That((await apple.GetAsync("/api/platform/requests?status=done")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        }
        finally { app.Dispose(); }
    }
}

/// <summary>Who may call what: 401 without a valid token, 403 for the wrong role.</summary>
public sealed class When_a_caller_lacks_the_right_credentials
{
    private PharosApp _app = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new PharosApp();
        // The 401s and 403s too are checked against the OpenAPI document.
        await _app.CheckAgainstOpenApiAsync();
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private static readonly (string Method, string Path)[] Endpoints =
    [
        ("POST", "/api/reports"),
        ("GET", "/api/reports"),
        ("GET", "/api/reports/some-id"),
        ("POST", "/api/reports/some-id/clarification"),
        ("GET", "/api/platform/requests"),
        ("GET", "/api/platform/requests/some-id"),
        ("POST", "/api/platform/requests/some-id/acknowledgement"),
        ("POST", "/api/platform/requests/some-id/outcome"),
    ];

    private static async Task<HttpStatusCode> Call(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        var response = await client.SendAsync(request);
        if ((int)response.StatusCode is 401 or 403)
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), $"{method} {path}");
        return response.StatusCode;
    }

    [Test]
    public async Task No_token_or_an_unknown_token_is_401_everywhere()
    {
        foreach (var (method, path) in Endpoints)
        {
            Assert.That(await Call(_app.CreateClient(), method, path), Is.EqualTo(HttpStatusCode.Unauthorized), $"{method} {path} anonymous");
            Assert.That(await Call(_app.As("demo-nobody"), method, path), Is.EqualTo(HttpStatusCode.Unauthorized), $"{method} {path} unknown token");
        }
    }

    [Test]
    public async Task The_wrong_role_is_403()
    {
        foreach (var (method, path) in Endpoints)
        {
            var owner = path.StartsWith("/api/platform", StringComparison.Ordinal) ? "demo-platform-x" : "demo-analyst";
            foreach (var token in new[] { "demo-analyst", "demo-platform-x", "demo-ministry", "demo-admin" }.Where(t => t != owner))
                Assert.That(await Call(_app.As(token), method, path), Is.EqualTo(HttpStatusCode.Forbidden), $"{method} {path} as {token}");
        }
    }

    [Test]
    public async Task A_demo_platform_token_exists_only_for_seeded_platforms()
    {
        Assert.That(await Call(_app.As("demo-platform-myspace"), "GET", "/api/platform/requests"), Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
