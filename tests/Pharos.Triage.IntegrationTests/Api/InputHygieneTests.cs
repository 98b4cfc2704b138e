using System.Net;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Api;

/// <summary>
/// Free text goes on to timelines, notices to platforms and court files: control characters are
/// refused where they are entered, with a 400 naming the field, and nothing is stored.
/// </summary>
public sealed class When_input_fails_Hygiene_checks
{
    private PharosApp _app = null!;
    private HttpClient _analyst = null!;
    private HttpClient _platform = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _app = new PharosApp();
        _analyst = _app.Analyst();
        _platform = _app.As("demo-platform-instagram");
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private static readonly (string Name, string Text)[] ControlCharacters =
    [
        ("NUL", "\u0000"), ("BEL", "\u0007"), ("ESC", "\u001b"), ("DEL", "\u007f"), ("NEL", "\u0085"), ("CSI", "\u009b"),
    ];

    private static IEnumerable<TestCaseData> RefusedReports()
    {
        object Report(string url = "https://x.com/a", string description = "text", string? caseReference = null) =>
            new { url, category = "terrorism", description, caseReference };

        foreach (var (name, c) in ControlCharacters)
        {
            yield return new TestCaseData(Report(description: $"before{c}after"), "description").SetName($"{name} in description");
            yield return new TestCaseData(Report(caseReference: $"PV{c}2026"), "caseReference").SetName($"{name} in caseReference");
            yield return new TestCaseData(Report(url: $"https://x.com/a{c}b"), "url").SetName($"{name} in url");
        }
        yield return new TestCaseData(Report(caseReference: "PV 2026\n123"), "caseReference").SetName("LF in caseReference");
        yield return new TestCaseData(Report(caseReference: "PV 2026\r123"), "caseReference").SetName("CR in caseReference");
        yield return new TestCaseData(Report(caseReference: "PV 2026\t123"), "caseReference").SetName("Tab in caseReference");
        yield return new TestCaseData(Report(description: "harmless \u202Etxt.exe"), "description").SetName("Right-to-left override in description");
        yield return new TestCaseData(Report(url: "https://x.com/\u2066a"), "url").SetName("Bidi isolate in url");
        yield return new TestCaseData(Report(url: "https://x.com/a b"), "url").SetName("Space in url");
        yield return new TestCaseData(Report(url: "https://x.com/a\tb"), "url").SetName("Tab in url");
        yield return new TestCaseData(Report(url: " https://x.com/a"), "url").SetName("Leading space in url");
        yield return new TestCaseData(Report(url: "https://x.com/a\n"), "url").SetName("Trailing LF in url");
        yield return new TestCaseData(Report(url: "https://x.com/a\u00a0b"), "url").SetName("No-break space in url");
        yield return new TestCaseData(Report(url: "https://x.com/a\u2028b"), "url").SetName("Line separator in url");
    }

    [TestCaseSource(nameof(RefusedReports))]
    public async Task A_report_is_a_400_naming_the_field_and_files_nothing(object body, string field)
    {
        var before = await CountReports();

        var response = await _analyst.PostJson("/api/reports", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await response.Body()).GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[] { field }));
        Assert.That(await CountReports(), Is.EqualTo(before));
    }

    [Test]
    public async Task Tabs_and_line_breaks_in_a_description_are_kept()
    {
        const string description = "Line one\r\nLine two\n\tindented, with accents: é, ü, and 🙂";

        var response = await _analyst.PostJson("/api/reports", new
        {
            url = "https://x.com/hygiene/1", category = "terrorism", description, caseReference = "PV 2026/7",
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var stored = await _analyst.Report((await response.Body()).GetProperty("id").GetString()!);
        Assert.That(stored.GetProperty("description").GetString(), Is.EqualTo(description));
    }

    [Test]
    public async Task A_clarification_answer_refuses_control_characters_and_keeps_line_breaks()
    {
        var (reportId, requestId) = await RoutedReport("p/hygiene-answer");
        var asked = await _platform.PostJson($"/api/platform/requests/{requestId}/outcome",
            new { outcome = "clarification_requested", reason = "Which account?\nThe URL names two." });
        Assert.That(asked.StatusCode, Is.EqualTo(HttpStatusCode.OK), await asked.Content.ReadAsStringAsync());
        await Eventually.ReportReaches(_analyst, reportId,
            r => r.GetProperty("request").GetProperty("status").GetString() == "clarification_requested", "clarification_requested");

        foreach (var (name, c) in ControlCharacters)
        {
            var refused = await _analyst.PostJson($"/api/reports/{reportId}/clarification", new { answer = $"The first{c}one" });
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), name);
            Assert.That((await refused.Body()).GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[] { "answer" }), name);
        }
        var report = await _analyst.Report(reportId);
        Assert.That(report.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("event").GetString()),
            Does.Not.Contain("clarification_answered"), "a refused answer is not on the timeline");

        var answered = await _analyst.PostJson($"/api/reports/{reportId}/clarification", new { answer = "The first one:\r\n\tthe account in the path." });
        Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.OK), await answered.Content.ReadAsStringAsync());
    }

    private static IEnumerable<TestCaseData> RefusedOutcomes()
    {
        foreach (var (name, c) in ControlCharacters)
        {
            yield return new TestCaseData(new { outcome = "refused", refusalGround = "not_illegal", reason = $"Not{c}illegal" }, "reason").SetName($"{name} in reason");
            yield return new TestCaseData(new { outcome = "removed", platformTicket = $"IG{c}1" }, "platformTicket").SetName($"{name} in platformTicket");
        }
        yield return new TestCaseData(new { outcome = "removed", platformTicket = "IG-1\n" }, "platformTicket").SetName("LF in platformTicket");
        yield return new TestCaseData(new { outcome = "removed", platformTicket = "IG\t1" }, "platformTicket").SetName("Tab in platformTicket");
    }

    [TestCaseSource(nameof(RefusedOutcomes))]
    public async Task An_outcome_is_a_400_naming_the_field_and_changes_nothing(object body, string field)
    {
        var (_, requestId) = await RoutedReport($"p/hygiene-outcome-{Guid.NewGuid():N}");

        var response = await _platform.PostJson($"/api/platform/requests/{requestId}/outcome", body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var errors = (await response.Body()).GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(e => e.Name), Is.EquivalentTo(new[] { field }));
        var request = await (await _platform.GetAsync($"/api/platform/requests/{requestId}")).Body();
        Assert.That(request.GetProperty("status").GetString(), Is.EqualTo("pending"));
    }

    [Test]
    public async Task A_refusal_reason_keeps_its_line_breaks()
    {
        var (_, requestId) = await RoutedReport("p/hygiene-reason");

        var response = await _platform.PostJson($"/api/platform/requests/{requestId}/outcome",
            new { outcome = "refused", refusalGround = "not_illegal", reason = "Not illegal here:\r\n\tsee our policy.", platformTicket = "IG-2026-1" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    /// <summary>A report routed to Instagram, and the request the platform now sees.</summary>
    private async Task<(string ReportId, string RequestId)> RoutedReport(string path)
    {
        var id = await _analyst.FileReport($"https://www.instagram.com/{path}", "child_sexual_abuse");
        var requestId = (await Eventually.ReportStatus(_analyst, id, "routed")).GetProperty("request").GetProperty("id").GetString()!;
        await Eventually.Until(() => _platform.GetAsync($"/api/platform/requests/{requestId}"), r => r.IsSuccessStatusCode, "the platform to see it");
        return (id, requestId);
    }

    private async Task<int> CountReports()
    {
        var page = await (await _analyst.GetAsync("/api/reports?limit=200")).Body();
        return page.GetProperty("items").GetArrayLength();
    }
}
