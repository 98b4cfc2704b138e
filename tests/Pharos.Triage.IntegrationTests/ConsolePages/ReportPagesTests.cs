using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Escalation.Sweeps;
using Pharos.Triage.IntegrationTests.Api;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.StaffConsole;
using Pharos.Triage.StaffConsole.Reports;

namespace Pharos.Triage.IntegrationTests.ConsolePages;

/// <summary>The analysts' pages (issue 17, item 2), as a browser without JavaScript uses them: every change goes through the API.</summary>
internal static class ReportPagesSupport
{
    public static Dictionary<string, string> Form(string url, string key = "form-key-1") => new()
    {
        ["idempotencyKey"] = key,
        ["url"] = url,
        ["category"] = "terrorism",
        ["description"] = "Propagande terroriste filmée ce matin.",
        ["observedAt"] = "2026-11-22T09:30",
        ["evidenceSha256"] = new string('a', 64),
        ["caseReference"] = "PV 2026/123",
        ["urgent"] = "true",
    };

    /// <summary>Every report the analysts' API lists.</summary>
    public static async Task<List<JsonElement>> FiledReports(PharosApp app) =>
        (await (await app.Analyst().GetAsync("/api/reports?limit=200")).Body()).GetProperty("items").EnumerateArray().ToList();

    /// <summary>The id of the report a 303 leads to.</summary>
    public static string ReportIdIn(HttpResponseMessage answer)
    {
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        var match = Regex.Match(answer.Headers.Location!.OriginalString, "^/console/reports/([^/?]+)");
        Assert.That(match.Success, Is.True, answer.Headers.Location.OriginalString);
        return match.Groups[1].Value;
    }

    /// <summary>The block of the form field whose control has this id: from its &lt;div class="field…"&gt; to its end.</summary>
    public static string FieldBlock(string html, string id)
    {
        var at = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThan(0), $"no field {id}");
        var start = html.LastIndexOf("<div class=\"field", at, StringComparison.Ordinal);
        var end = html.IndexOf("</div>", at, StringComparison.Ordinal);
        return html[start..end];
    }
}

public sealed class When_an_analyst_files_a_report_through_the_console
{
    private PharosApp _app = null!;
    private ConsoleSession _session = null!;

    [SetUp]
    public async Task Start()
    {
        _app = new PharosApp();
        _session = await ConsoleSession.SignInAsync(_app, "demo-analyst");
    }

    [TearDown]
    public void Stop()
    {
        _session.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task The_form_files_one_report_and_leads_to_its_page()
    {
        var form = await _session.PageAsync(ConsolePaths.NewReport);
        Assert.That(form, Does.Match("name=\"idempotencyKey\" value=\"[0-9a-f]{32}\""), "the form carries a key made when it was drawn");

        var answer = await _session.PostFormAsync(ConsolePaths.NewReport, ReportPagesSupport.Form("https://x.com/someone/status/1"), tokenFrom: ConsolePaths.NewReport);

        var id = ReportPagesSupport.ReportIdIn(answer);
        var filed = await ReportPagesSupport.FiledReports(_app);
        Assert.That(filed.Select(r => r.GetProperty("id").GetString()), Is.EqualTo(new[] { id }));
        var report = await _app.Analyst().Report(id);
        Assert.Multiple(() =>
        {
            Assert.That(report.GetProperty("url").GetString(), Is.EqualTo("https://x.com/someone/status/1"));
            Assert.That(report.GetProperty("category").GetString(), Is.EqualTo("terrorism"));
            Assert.That(report.GetProperty("observedAt").GetString(), Is.EqualTo("2026-11-22T09:30:00Z"), "the form's time is UTC");
            Assert.That(report.GetProperty("evidenceSha256").GetString(), Is.EqualTo(new string('a', 64)));
            Assert.That(report.GetProperty("caseReference").GetString(), Is.EqualTo("PV 2026/123"));
            Assert.That(report.GetProperty("urgent").GetBoolean(), Is.True);
        });
        var page = WebUtility.HtmlDecode(await _session.PageAsync(answer.Headers.Location!.OriginalString));
        Assert.That(page, Does.Contain("Le signalement est enregistré.").And.Contain("https://x.com/someone/status/1"));
    }

    [Test]
    public async Task An_invalid_form_shows_each_API_message_beside_its_field_keeps_what_was_typed_and_files_nothing()
    {
        var fields = new Dictionary<string, string>
        {
            ["idempotencyKey"] = "form-key-2", ["url"] = "x.com/someone", ["category"] = "", ["description"] = "",
            ["observedAt"] = "2026-11-23T10:00", ["evidenceSha256"] = "abc", ["caseReference"] = new string('r', 101),
        };

        var answer = await _session.PostFormAsync(ConsolePaths.NewReport, fields, tokenFrom: ConsolePaths.NewReport);
        var html = await answer.Content.ReadAsStringAsync();

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a refused form is drawn again");
        var expected = new Dictionary<string, (string Message, string Typed)>
        {
            ["url"] = ("url must be an absolute http or https URL.", "value=\"x.com/someone\""),
            ["category"] = ("category is required.", "<option value selected>"),
            ["description"] = ("description is required.", "></textarea>"),
            ["observedAt"] = ("observedAt must not be in the future.", "value=\"2026-11-23T10:00\""),
            ["evidenceSha256"] = ("evidenceSha256 must be 64 hexadecimal characters.", "value=\"abc\""),
            ["caseReference"] = ("caseReference must be at most 100 characters.", $"value=\"{new string('r', 101)}\""),
        };
        Assert.Multiple(() =>
        {
            foreach (var (field, (message, typed)) in expected)
            {
                var block = ReportPagesSupport.FieldBlock(html, field);
                Assert.That(block, Does.StartWith("<div class=\"field has-error\""), field);
                Assert.That(block, Does.Contain($"<ul class=\"field-errors\" id=\"{field}-errors\"><li>{message}</li>"), field);
                Assert.That(block, Does.Contain($"{field}-errors\"").And.Contain("aria-describedby=\"").And.Contain("aria-invalid=\"true\""), field);
                Assert.That(block, Does.Contain(typed), $"{field} as typed");
                Assert.That(html, Does.Contain($"<a href=\"#{field}\">{message}</a>"), $"{field} in the summary");
            }
            Assert.That(ReportPagesSupport.FieldBlock(html, "urgent"), Does.Not.Contain("has-error"));
            Assert.That(html, Does.Contain("name=\"idempotencyKey\" value=\"form-key-2\""), "the same form keeps its key");
        });
        Assert.That(await ReportPagesSupport.FiledReports(_app), Is.Empty);
    }

    [Test]
    public async Task The_same_form_posted_twice_files_one_report()
    {
        var form = ReportPagesSupport.Form("https://x.com/someone/status/2", key: "double-click");

        var first = await _session.PostFormAsync(ConsolePaths.NewReport, form, tokenFrom: ConsolePaths.NewReport);
        var second = await _session.PostFormAsync(ConsolePaths.NewReport, form, tokenFrom: ConsolePaths.NewReport);

        Assert.That(ReportPagesSupport.ReportIdIn(second), Is.EqualTo(ReportPagesSupport.ReportIdIn(first)), "the second post leads to the same report");
        Assert.That(await ReportPagesSupport.FiledReports(_app), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_fixed_form_files_under_the_key_its_refused_version_had()
    {
        var form = ReportPagesSupport.Form("https://x.com/someone/status/3", key: "fixed-later");
        form["evidenceSha256"] = "abc";
        var refused = await _session.PostFormAsync(ConsolePaths.NewReport, form, tokenFrom: ConsolePaths.NewReport);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.OK));

        form["evidenceSha256"] = new string('b', 64);
        var filed = await _session.PostFormAsync(ConsolePaths.NewReport, form, tokenFrom: ConsolePaths.NewReport);

        ReportPagesSupport.ReportIdIn(filed);
        Assert.That(await ReportPagesSupport.FiledReports(_app), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_form_posted_without_its_anti_forgery_token_files_nothing()
    {
        var answer = await _session.PostFormAsync(ConsolePaths.NewReport, ReportPagesSupport.Form("https://x.com/someone/status/4"), withToken: false);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await ReportPagesSupport.FiledReports(_app), Is.Empty);
    }
}

public sealed class When_an_analyst_looks_through_the_reports
{
    private PharosApp _app = null!;
    private ConsoleSession _session = null!;
    private HttpClient _analyst = null!;

    [SetUp]
    public async Task Start()
    {
        _app = new PharosApp();
        _session = await ConsoleSession.SignInAsync(_app, "demo-analyst");
        _analyst = _app.Analyst();
    }

    [TearDown]
    public void Stop()
    {
        _session.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task Filters_narrow_the_list_and_each_row_leads_to_its_report()
    {
        var x = await _analyst.FileReport("https://x.com/someone/status/10", "terrorism");
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        var youtube = await _analyst.FileReport("https://www.youtube.com/watch?v=hate", "hate_speech");
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        var scam = await _analyst.FileReport("https://scam.example.org/win", "fraud");
        await Eventually.ReportStatus(_analyst, x, "routed");
        await Eventually.ReportStatus(_analyst, youtube, "routed");
        await Eventually.ReportStatus(_analyst, scam, "forwarded");
        // The terrorism request's hour passes: it is overdue (at risk); the hate speech notice has days left.
        _app.Clock.Advance(TimeSpan.FromMinutes(90));
        await Eventually.Until(async () =>
        {
            await _app.Services.GetRequiredService<DeadlineSweep>().SweepOnceAsync();
            return await _analyst.Report(x);
        }, r => r.GetProperty("request").GetProperty("sla").GetString() == "overdue", "the terrorism request overdue");

        var all = await _session.PageAsync(ConsolePaths.Reports);
        Assert.That(Rows(all), Is.EqualTo(new[] { scam, youtube, x }), "newest first");

        var byCategory = Rows(await _session.PageAsync($"{ConsolePaths.Reports}?category=hate_speech"));
        var byPlatform = Rows(await _session.PageAsync($"{ConsolePaths.Reports}?platform=x"));
        var byStatus = Rows(await _session.PageAsync($"{ConsolePaths.Reports}?status=forwarded"));
        var overdue = Rows(await _session.PageAsync($"{ConsolePaths.Reports}?sla=overdue&status=&platform=&category="));
        var unanswered = Rows(await _session.PageAsync($"{ConsolePaths.Reports}?sla=unanswered"));
        Assert.Multiple(() =>
        {
            Assert.That(byCategory, Is.EqualTo(new[] { youtube }));
            Assert.That(byPlatform, Is.EqualTo(new[] { x }));
            Assert.That(byStatus, Is.EqualTo(new[] { scam }));
            Assert.That(overdue, Is.EqualTo(new[] { x }), "at risk; empty filters are no filter");
            Assert.That(unanswered, Is.Empty);
        });
        var filtered = await _session.PageAsync($"{ConsolePaths.Reports}?sla=overdue");
        Assert.That(filtered, Does.Contain("<option value=\"overdue\" selected"), "the filter is shown as set");
    }

    [Test]
    public async Task The_list_goes_page_by_page_with_the_APIs_cursor()
    {
        var filed = new List<string>();
        for (var i = 0; i < ReportPages.PageSize + 2; i++)
        {
            filed.Add(await _analyst.FileReport($"https://x.com/someone/status/{100 + i}", "hate_speech"));
            _app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        filed.Reverse();

        var first = await _session.PageAsync($"{ConsolePaths.Reports}?category=hate_speech");
        var next = Regex.Match(first, "<a href=\"([^\"]+)\" rel=\"next\">");
        Assert.That(next.Success, Is.True, "a link to the next page");
        var second = await _session.PageAsync(WebUtility.HtmlDecode(next.Groups[1].Value));

        Assert.That(Rows(first), Is.EqualTo(filed.Take(ReportPages.PageSize)));
        Assert.That(Rows(second), Is.EqualTo(filed.Skip(ReportPages.PageSize)));
        Assert.That(WebUtility.HtmlDecode(next.Groups[1].Value), Does.Contain("category=hate_speech"), "the next page keeps the filters");
        Assert.That(second, Does.Not.Contain("rel=\"next\""));
    }

    [Test]
    public async Task A_filter_the_API_refuses_is_said_beside_it()
    {
        var page = await _session.PageAsync($"{ConsolePaths.Reports}?status=lost");

        Assert.That(ReportPagesSupport.FieldBlock(page, "status"), Does.Contain("has-error").And.Contain("status must be one of: received, routed, duplicate, forwarded."));
    }

    /// <summary>The reports the list's rows link to, in order.</summary>
    private static List<string> Rows(string html) =>
        Regex.Matches(html, "<td class=\"url\">\\s*<a href=\"/console/reports/([^\"]+)\">").Select(m => m.Groups[1].Value).ToList();
}

public sealed class When_an_analyst_opens_a_report
{
    private PharosApp _app = null!;
    private ConsoleSession _session = null!;
    private HttpClient _analyst = null!;

    [SetUp]
    public async Task Start()
    {
        _app = new PharosApp();
        _session = await ConsoleSession.SignInAsync(_app, "demo-analyst");
        _analyst = _app.Analyst();
    }

    [TearDown]
    public void Stop()
    {
        _session.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task The_page_shows_the_request_its_deadlines_who_to_call_and_the_timeline()
    {
        var patched = await _app.As("demo-admin").Patch($"{Platforms.Path}/x", new
        {
            contact = new { name = "Mme Confiance", email = "trust@x.example", phone = "+33 1 00 00 00 01" },
            escalationContact = new { name = "Astreinte juridique", email = (string?)null, phone = "+33 6 00 00 00 02" },
        });
        Assert.That((int)patched.StatusCode, Is.EqualTo(200), await patched.Content.ReadAsStringAsync());
        var id = await _analyst.FileReport("https://x.com/someone/status/20", "terrorism");
        var report = await Eventually.ReportReaches(_analyst, id,
            r => r.GetProperty("status").GetString() == "routed" && r.GetProperty("platform").GetProperty("contact").ValueKind == JsonValueKind.Object, "routed, with X's contact");
        var request = report.GetProperty("request");

        var page = WebUtility.HtmlDecode(await _session.PageAsync(ConsolePaths.Report(id)));

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain(request.GetProperty("reference").GetString()));
            Assert.That(page, Does.Contain("Injonction de retrait (règlement (UE) 2021/784, art. 3)"));
            Assert.That(page, Does.Contain("en attente de la plateforme").And.Contain("dans les délais"));
            // Filed at 10:00 by the fake clock: a terrorism request is acknowledged and acted on within the hour.
            Assert.That(page, Does.Contain("data-deadline=\"2026-11-22T11:00:00Z\">reste 1 h 0 min</span>"), "acknowledge-by and act-by count down");
            Assert.That(Regex.Count(page, "data-deadline="), Is.EqualTo(2));
            Assert.That(page, Does.Contain("Mme Confiance").And.Contain("href=\"mailto:trust@x.example\"").And.Contain("href=\"tel:+33 1 00 00 00 01\""));
            Assert.That(page, Does.Contain("Astreinte juridique").And.Contain("+33 6 00 00 00 02"));
            Assert.That(page, Does.Contain("Signalement reçu").And.Contain("Plateforme identifiée").And.Contain("Demande adressée à la plateforme"));
            Assert.That(Regex.Count(page, "<li>\\s*<time"), Is.EqualTo(report.GetProperty("timeline").GetArrayLength()), "the whole timeline");
        });
    }

    [Test]
    public async Task A_report_the_API_does_not_know_is_a_404_page()
    {
        var answer = await _session.GetAsync(ConsolePaths.Report("no-such-report"));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync()), Does.Contain("Signalement introuvable"));
    }
}

public sealed class When_a_platform_asks_the_analyst_a_question
{
    private PharosApp _app = null!;
    private ConsoleSession _session = null!;
    private HttpClient _analyst = null!;

    [SetUp]
    public async Task Start()
    {
        _app = new PharosApp();
        _session = await ConsoleSession.SignInAsync(_app, "demo-analyst");
        _analyst = _app.Analyst();
    }

    [TearDown]
    public void Stop()
    {
        _session.Dispose();
        _app.Dispose();
    }

    private async Task<string> ReportWithAQuestion(string question)
    {
        var id = await _analyst.FileReport("https://www.snapchat.com/add/someone", "threats_violence");
        var requestId = (await Eventually.ReportStatus(_analyst, id, "routed")).GetProperty("request").GetProperty("id").GetString();
        var platform = _app.As("demo-platform-snapchat");
        await Eventually.Until(() => platform.GetAsync($"/api/platform/requests/{requestId}"), r => r.IsSuccessStatusCode, "the platform to see the request");
        var asked = await platform.PostJson($"/api/platform/requests/{requestId}/outcome", new { outcome = "clarification_requested", reason = question });
        Assert.That((int)asked.StatusCode, Is.EqualTo(200), await asked.Content.ReadAsStringAsync());
        await Eventually.ReportReaches(_analyst, id, r => r.GetProperty("request").GetProperty("status").GetString() == "clarification_requested", "the question");
        return id;
    }

    [Test]
    public async Task The_answer_given_through_the_page_reaches_the_API_and_the_request_resumes()
    {
        var id = await ReportWithAQuestion("Quel compte est visé ?");
        var page = WebUtility.HtmlDecode(await _session.PageAsync(ConsolePaths.Report(id)));
        Assert.That(page, Does.Contain("<blockquote class=\"question\">Quel compte est visé ?</blockquote>"));
        Assert.That(page, Does.Contain($"action=\"{ConsolePaths.ReportClarification(id)}\"").And.Contain("délai suspendu"));

        var answer = await _session.PostFormAsync(ConsolePaths.ReportClarification(id), new() { ["answer"] = "Le compte nommé dans l'adresse." }, tokenFrom: ConsolePaths.Report(id));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(answer.Headers.Location?.OriginalString, Does.StartWith(ConsolePaths.Report(id)));
        var resumed = await Eventually.ReportReaches(_analyst, id,
            r => r.GetProperty("request").GetProperty("status").GetString() is "pending" or "acknowledged", "the request back to pending or acknowledged");
        Assert.That(resumed.GetProperty("timeline").EnumerateArray().Last(e => e.GetProperty("event").GetString() == "clarification_answered").GetProperty("detail").GetString(),
            Is.EqualTo("Le compte nommé dans l'adresse."));
        var after = await _session.PageAsync(ConsolePaths.Report(id));
        Assert.That(after, Does.Not.Contain("name=\"answer\""), "no question is open any more");
    }

    [Test]
    public async Task An_empty_answer_is_refused_beside_the_field()
    {
        var id = await ReportWithAQuestion("Quel compte est visé ?");

        var answer = await _session.PostFormAsync(ConsolePaths.ReportClarification(id), new() { ["answer"] = "" }, tokenFrom: ConsolePaths.Report(id));
        var html = await answer.Content.ReadAsStringAsync();

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(ReportPagesSupport.FieldBlock(html, "answer"), Does.Contain("has-error").And.Contain("<li>answer is required.</li>"));
        Assert.That((await _analyst.Report(id)).GetProperty("request").GetProperty("status").GetString(), Is.EqualTo("clarification_requested"));
    }

    [Test]
    public async Task Answering_when_no_question_is_open_says_so_clearly()
    {
        var id = await _analyst.FileReport("https://x.com/someone/status/30", "terrorism");
        await Eventually.ReportStatus(_analyst, id, "routed");

        var answer = await _session.PostFormAsync(ConsolePaths.ReportClarification(id), new() { ["answer"] = "Trop tôt." }, tokenFrom: ConsolePaths.Report(id));
        var html = WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(html, Does.Contain("<h2 id=\"probleme-titre\">Cette action n'est plus possible</h2>"));
        Assert.That(html, Does.Contain("The platform has asked no question about this report's request."));
    }
}
