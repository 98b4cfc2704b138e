using System.Net;
using System.Text.Json;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Api;

/// <summary>API.md's rules for filing a report: bad input gets a clear problem and files nothing.</summary>
public sealed class When_an_analyst_files_a_report
{
    private PharosApp _app = null!;
    private HttpClient _analyst = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new PharosApp();
        // Every exchange below is checked against the OpenAPI document.
        await _app.CheckAgainstOpenApiAsync();
        _analyst = _app.Analyst();
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task A_valid_report_is_created_with_its_location()
    {
        var response = await _analyst.PostJson("/api/reports", new
        {
            url = "https://t.me/somechannel/42",
            category = "terrorism",
            description = "Call to violence",
            observedAt = "2026-11-22T09:00:00Z",
            evidenceSha256 = new string('A', 64),
            caseReference = "PV 2026/123",
            urgent = true,
        });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await response.Body();
        var id = body.GetProperty("id").GetString();
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/reports/{id}"));
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("received"));
        Assert.That(body.GetProperty("receivedAt").GetString(), Is.EqualTo("2026-11-22T10:00:00Z"));
        Assert.That(body.GetProperty("observedAt").GetString(), Is.EqualTo("2026-11-22T09:00:00Z"));
        Assert.That(body.GetProperty("evidenceSha256").GetString(), Is.EqualTo(new string('a', 64)));
        Assert.That(body.GetProperty("urgent").GetBoolean(), Is.True);
        Assert.That(body.GetProperty("timeline")[0].GetProperty("event").GetString(), Is.EqualTo("report_received"));

        var read = await _analyst.Report(id!);
        Assert.That(read.GetProperty("caseReference").GetString(), Is.EqualTo("PV 2026/123"));
    }

    private static IEnumerable<TestCaseData> InvalidReports()
    {
        object Valid(string? url = "https://x.com/a", string? category = "terrorism", string? description = "text") => new { url, category, description };
        yield return new TestCaseData(new { }, new[] { "url", "category", "description" }).SetName("Empty body names every required field");
        yield return new TestCaseData(Valid(url: "ftp://x.com/a"), new[] { "url" }).SetName("Non-http URL");
        yield return new TestCaseData(Valid(url: "javascript:alert(1)"), new[] { "url" }).SetName("javascript URL");
        yield return new TestCaseData(Valid(url: "/relative/path"), new[] { "url" }).SetName("Relative URL");
        yield return new TestCaseData(Valid(url: "https://x.com/" + new string('a', 2048)), new[] { "url" }).SetName("URL over 2048 characters");
        yield return new TestCaseData(Valid(url: "http://192.168.1.10/admin"), new[] { "url" }).SetName("Private IPv4 literal");
        yield return new TestCaseData(Valid(url: "http://10.0.0.1/"), new[] { "url" }).SetName("Private 10/8 literal");
        yield return new TestCaseData(Valid(url: "http://127.0.0.1:8080/"), new[] { "url" }).SetName("Loopback literal");
        yield return new TestCaseData(Valid(url: "http://[::1]/"), new[] { "url" }).SetName("IPv6 loopback literal");
        yield return new TestCaseData(Valid(url: "http://169.254.169.254/latest"), new[] { "url" }).SetName("Link-local literal");
        yield return new TestCaseData(Valid(category: "spam"), new[] { "category" }).SetName("Unknown category");
        yield return new TestCaseData(Valid(description: ""), new[] { "description" }).SetName("Empty description");
        yield return new TestCaseData(Valid(description: new string('d', 4001)), new[] { "description" }).SetName("Description over 4000");
        yield return new TestCaseData(new { url = "https://x.com/a", category = "terrorism", description = "d", observedAt = "2026-11-22T11:00:00Z" },
            new[] { "observedAt" }).SetName("observedAt in the future");
        yield return new TestCaseData(new { url = "https://x.com/a", category = "terrorism", description = "d", evidenceSha256 = "abc" },
            new[] { "evidenceSha256" }).SetName("Short evidence hash");
        yield return new TestCaseData(new { url = "https://x.com/a", category = "terrorism", description = "d", evidenceSha256 = new string('g', 64) },
            new[] { "evidenceSha256" }).SetName("Non-hex evidence hash");
        yield return new TestCaseData(new { url = "https://x.com/a", category = "terrorism", description = "d", caseReference = new string('c', 101) },
            new[] { "caseReference" }).SetName("Case reference over 100");
        yield return new TestCaseData(new { url = "https://x.com/a", category = "terrorism", description = "d", reporter = "me" },
            new[] { "reporter" }).SetName("Unknown field");
        yield return new TestCaseData(new { url = "https://x.com/a", category = "terrorism", description = "d", urgent = "yes" },
            new[] { "urgent" }).SetName("Wrong type");
        yield return new TestCaseData(new { url = 42, category = "terrorism", description = "d" },
            new[] { "url" }).SetName("Number for a string");
    }

    [TestCaseSource(nameof(InvalidReports))]
    public async Task Bad_input_is_a_400_naming_the_fields_and_files_nothing(object body, string[] fields)
    {
        var before = await CountReports();
        var response = await _analyst.PostJson("/api/reports", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await response.Body()).GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => e.Name), Is.EquivalentTo(fields));
        Assert.That(await CountReports(), Is.EqualTo(before));
    }

    [TestCase("{\"url\": \"https://x.com/a\", ", TestName = "Truncated JSON")]
    [TestCase("not json at all", TestName = "Not JSON")]
    [TestCase("[1, 2]", TestName = "An array instead of an object")]
    [TestCase("null", TestName = "JSON null")]
    public async Task Malformed_json_is_a_400_and_files_nothing(string body)
    {
        var before = await CountReports();
        var response = await _analyst.PostRaw("/api/reports", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Body()).TryGetProperty("errors", out _), Is.True);
        Assert.That(await CountReports(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_body_that_is_not_json_is_a_415()
    {
        var response = await _analyst.PostRaw("/api/reports", "url=https://x.com/a", "application/x-www-form-urlencoded");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task An_unknown_report_is_a_404_problem()
    {
        var response = await _analyst.GetAsync("/api/reports/no-such-report");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task The_list_is_newest_first_and_pages_with_a_cursor()
    {
        var app = new PharosApp();
        try
        {
            var analyst = app.Analyst();
            var ids = new List<string>();
            for (var i = 0; i < 5; i++)
            {
                ids.Add(await analyst.FileReport($"https://unknown-{i}.example/", "other"));
                app.Clock.Advance(TimeSpan.FromSeconds(1));
            }
            var seen = new List<string>();
            string? cursor = null;
            do
            {
                var page = await (await analyst.GetAsync($"/api/reports?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}")).Body();
                seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
                cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            } while (cursor is not null);
            Assert.That(seen, Is.EqualTo(Enumerable.Reverse(ids)));

            var filtered = await (await analyst.GetAsync("/api/reports?category=terrorism")).Body();
            Assert.That(filtered.GetProperty("items").GetArrayLength(), Is.Zero);
        }
        finally { app.Dispose(); }
    }

    [TestCase("limit=0", "limit")]
    [TestCase("limit=201", "limit")]
    [TestCase("cursor=garbage!!", "cursor")]
    [TestCase("status=lost", "status")]
    [TestCase("category=spam", "category")]
    public async Task Bad_list_parameters_are_a_400(string query, string field)
    {
        var response = await _analyst.GetAsync($"/api/reports?{query}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Body()).GetProperty("errors").TryGetProperty(field, out _), Is.True);
    }

    private async Task<int> CountReports()
    {
        var page = await (await _analyst.GetAsync("/api/reports?limit=200")).Body();
        return page.GetProperty("items").GetArrayLength();
    }
}
