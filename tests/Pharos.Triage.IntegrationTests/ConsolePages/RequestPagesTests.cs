using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pharos.Triage.IntegrationTests.Notifications;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.StaffConsole;

namespace Pharos.Triage.IntegrationTests.ConsolePages;

/// <summary>
/// A platform contact person (demo-platform-x) answers through the console: the queue, a request's page with its
/// acknowledgement and outcome forms, all posted as a browser posts them, and checked through the API afterwards.
/// </summary>
public sealed partial class When_a_platform_contact_works_through_the_console
{
    private PharosApp _app = null!;
    private ConsoleSession _x = null!;

    [SetUp]
    public async Task Start()
    {
        _app = new PharosApp();
        _x = await ConsoleSession.SignInAsync(_app, "demo-platform-x");
    }

    [TearDown]
    public async Task Stop()
    {
        _x.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>Files a report as the analyst and waits until the platform sees its request; its id and reference.</summary>
    private async Task<(string Id, string Reference)> IssueAsync(string url, string category = "terrorism", string platform = "demo-platform-x")
    {
        var analyst = _app.Analyst();
        var report = await analyst.FileReport(url, category);
        var request = (await Eventually.ReportStatus(analyst, report, "routed")).GetProperty("request");
        var id = request.GetProperty("id").GetString()!;
        await Eventually.Until(() => _app.As(platform).GetAsync($"/api/platform/requests/{id}"), r => r.IsSuccessStatusCode, $"{platform} to see {id}");
        return (id, request.GetProperty("reference").GetString()!);
    }

    private async Task<JsonElement> RequestAsSeenByApi(string id, string platform = "demo-platform-x") =>
        await (await _app.As(platform).GetAsync($"/api/platform/requests/{id}")).Body();

    private static Dictionary<string, string> Refusal(string? ground) => new()
    {
        ["outcome"] = "refused", ["reason"] = "Satire, not apology", ["refusalGround"] = ground ?? "", ["platformTicket"] = "X-4411", ["actedAt"] = "",
    };

    [Test]
    public async Task The_queue_lists_only_the_platforms_requests_nearest_deadline_first()
    {
        var later = await IssueAsync("https://x.com/queue/hate", "hate_speech");
        var sooner = await IssueAsync("https://x.com/queue/terror", "terrorism");
        var theirs = await IssueAsync("https://facebook.com/queue/terror", "terrorism", "demo-platform-facebook");

        var html = await _x.PageAsync(ConsolePaths.Requests);

        var order = References().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.That(order, Is.EqualTo(new[] { sooner.Reference, later.Reference }), "x's requests only, the one due first at the top");
        Assert.That(html, Does.Not.Contain(theirs.Reference));
        Assert.That(html, Does.Contain($"href=\"{ConsolePaths.Request(sooner.Id)}\""), "each row links to its request");
        Assert.That(html, Does.Contain(">reste 1 h 0 min<"), "a pending terrorism request: one hour left to acknowledge");
        Assert.That(html, Does.Contain(">reste 1 j 0 h<"), "a pending hate speech request: a day left to acknowledge");
        var closed = await _x.PageAsync(ConsolePaths.Requests + "?status=closed");
        Assert.That(References().Matches(closed), Is.Empty, "the status filter: none closed yet");
    }

    [Test]
    public async Task Acknowledging_through_the_page_acknowledges_the_request()
    {
        var (id, _) = await IssueAsync("https://x.com/ack/1");
        _app.Clock.Advance(TimeSpan.FromMinutes(5));

        var answer = await _x.PostFormAsync(ConsolePaths.Acknowledgement(id), [], tokenFrom: ConsolePaths.Request(id));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await answer.Content.ReadAsStringAsync());
        Assert.That(answer.Headers.Location?.OriginalString, Does.StartWith(ConsolePaths.Request(id)));
        Assert.That((await RequestAsSeenByApi(id)).GetProperty("acknowledgedAt").GetString(), Is.EqualTo("2026-11-22T10:05:00Z"));
        var page = WebUtility.HtmlDecode(await _x.PageAsync(answer.Headers.Location!.OriginalString));
        Assert.That(page, Does.Contain("Réception de la demande accusée.").And.Contain("22/11/2026 à 10:05 UTC"));
        Assert.That(page, Does.Not.Contain($"action=\"{ConsolePaths.Acknowledgement(id)}\""), "nothing left to acknowledge");
    }

    [Test]
    public async Task A_refusal_without_its_ground_shows_the_APIs_message_beside_the_ground_and_changes_nothing()
    {
        var (id, _) = await IssueAsync("https://x.com/refuse/1");

        var answer = await _x.PostFormAsync(ConsolePaths.Outcome(id), Refusal(ground: null), tokenFrom: ConsolePaths.Request(id));

        var html = await answer.Content.ReadAsStringAsync();
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        Assert.That(html, Does.Match("<ul class=\"field-errors\" id=\"refusalGround-errors\"><li>refusalGround is required when the outcome is refused"));
        Assert.That(html, Does.Match("<select id=\"refusalGround\" name=\"refusalGround\" aria-describedby=\"refusalGround-hint refusalGround-errors\""));
        Assert.That(html, Does.Not.Contain("id=\"reason-errors\""), "only the field at fault");
        Assert.That(html, Does.Contain("<option value=\"refused\" selected").And.Contain(">Satire, not apology</textarea>").And.Contain("value=\"X-4411\""),
            "the form comes back as typed");
        var request = await RequestAsSeenByApi(id);
        Assert.That(request.GetProperty("status").GetString(), Is.EqualTo("pending"));
        Assert.That(request.GetProperty("acknowledgedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task A_valid_outcome_closes_the_request_and_a_second_one_is_refused_plainly()
    {
        var (id, _) = await IssueAsync("https://x.com/refuse/2");

        var answer = await _x.PostFormAsync(ConsolePaths.Outcome(id), Refusal("not_illegal"), tokenFrom: ConsolePaths.Request(id));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await answer.Content.ReadAsStringAsync());
        var request = await RequestAsSeenByApi(id);
        Assert.That(request.GetProperty("status").GetString(), Is.EqualTo("closed"));
        Assert.That(request.GetProperty("outcome").GetString(), Is.EqualTo("refused"));
        var page = WebUtility.HtmlDecode(await _x.PageAsync(answer.Headers.Location!.OriginalString));
        Assert.That(page, Does.Contain("Issue enregistrée.").And.Contain("Cette demande est clôturée"));
        Assert.That(page, Does.Not.Contain($"action=\"{ConsolePaths.Outcome(id)}\""), "no outcome form on a closed request");

        // A second tab still showing the form: the API's 409, said at the top of the request's page.
        var again = await _x.PostFormAsync(ConsolePaths.Outcome(id), new() { ["outcome"] = "removed" }, tokenFrom: ConsolePaths.Request(id));
        var html = WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync());
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        Assert.That(html, Does.Contain("Cette action n'est plus possible"));
        Assert.That(html, Does.Contain("A request that is closed does not accept this."));
        Assert.That((await RequestAsSeenByApi(id)).GetProperty("outcome").GetString(), Is.EqualTo("refused"));
    }

    [Test]
    public async Task Another_platforms_request_is_a_not_found_page_and_cannot_be_answered()
    {
        var (theirs, reference) = await IssueAsync("https://facebook.com/not-yours/1", platform: "demo-platform-facebook");

        var page = await _x.GetAsync(ConsolePaths.Request(theirs));
        var acknowledge = await _x.PostFormAsync(ConsolePaths.Acknowledgement(theirs), [], tokenFrom: ConsolePaths.Requests);
        var outcome = await _x.PostFormAsync(ConsolePaths.Outcome(theirs), new() { ["outcome"] = "removed" }, tokenFrom: ConsolePaths.Requests);

        var html = await page.Content.ReadAsStringAsync();
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(html, Does.Contain("Demande introuvable").And.Not.Contain(reference));
        Assert.That(acknowledge.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(outcome.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var request = await RequestAsSeenByApi(theirs, "demo-platform-facebook");
        Assert.That(request.GetProperty("status").GetString(), Is.EqualTo("pending"));
        Assert.That(request.GetProperty("acknowledgedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task The_forms_posted_without_their_anti_forgery_token_change_nothing()
    {
        var (id, _) = await IssueAsync("https://x.com/forged/1");

        var acknowledge = await _x.PostFormAsync(ConsolePaths.Acknowledgement(id), [], withToken: false);
        var outcome = await _x.PostFormAsync(ConsolePaths.Outcome(id), new() { ["outcome"] = "removed" }, withToken: false);
        var test = await _x.PostFormAsync(ConsolePaths.TestNotice, [], withToken: false);

        Assert.That(new[] { acknowledge.StatusCode, outcome.StatusCode, test.StatusCode }, Is.All.EqualTo(HttpStatusCode.BadRequest));
        var request = await RequestAsSeenByApi(id);
        Assert.That(request.GetProperty("status").GetString(), Is.EqualTo("pending"));
        Assert.That(request.GetProperty("acknowledgedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task Without_a_webhook_the_deliveries_page_says_so_and_offers_no_test()
    {
        var html = WebUtility.HtmlDecode(await _x.PageAsync(ConsolePaths.Deliveries));

        Assert.That(html, Does.Contain("Aucun webhook enregistré"));
        Assert.That(html, Does.Not.Contain($"action=\"{ConsolePaths.TestNotice}\""));
        var test = await _x.PostFormAsync(ConsolePaths.TestNotice, [], tokenFrom: ConsolePaths.Deliveries);
        Assert.That(WebUtility.HtmlDecode(await test.Content.ReadAsStringAsync()), Does.Contain("has no webhook"), "a test asked for anyway: the API's 409, shown");
    }

    [GeneratedRegex("<th scope=\"row\"><a href=\"[^\"]+\"[^>]*>([^<]+)</a></th>")]
    private static partial Regex References();
}

/// <summary>X with a webhook: the deliveries page shows its notices and what each attempt got, and sends a ping on request.</summary>
public sealed class When_a_platform_contact_looks_at_the_webhook_deliveries
{
    [Test]
    public async Task A_test_notice_sent_from_the_page_is_listed_with_its_attempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var app = new PharosApp(LiaisonBed.Settings(("x", receiver.Url)));
        using var x = await ConsoleSession.SignInAsync(app, "demo-platform-x");
        Assert.That(WebUtility.HtmlDecode(await x.PageAsync(ConsolePaths.Deliveries)), Does.Contain("Aucune notification pour le moment."));

        var sent = await x.PostFormAsync(ConsolePaths.TestNotice, [], tokenFrom: ConsolePaths.Deliveries);

        Assert.That(sent.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await sent.Content.ReadAsStringAsync());
        var html = WebUtility.HtmlDecode(await Eventually.Until(() => x.PageAsync(sent.Headers.Location!.OriginalString), h => h.Contains("HTTP 204", StringComparison.Ordinal),
            "the ping delivered, on the page"));
        Assert.That(html, Does.Contain("Notification de test (ping)").And.Contain(">Remise<"));
        Assert.That(html, Does.Contain("Une notification de test (ping) part vers votre webhook."));
        var delivery = (await (await app.PlatformX().GetAsync("/api/platform/webhook/deliveries")).Body()).GetProperty("items")[0].GetProperty("id").GetString()!;
        Assert.That(html, Does.Contain($"action=\"{ConsolePaths.Redelivery(delivery)}\""), "a way to send it again");

        var again = await x.PostFormAsync(ConsolePaths.Redelivery(delivery), [], tokenFrom: ConsolePaths.Deliveries);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await again.Content.ReadAsStringAsync());
        await Eventually.Until(() => Task.FromResult(receiver.Accepted.Count), n => n == 2, "the ping sent again");
        Assert.That(WebUtility.HtmlDecode(await x.PageAsync(ConsolePaths.Deliveries + "?status=failed")), Does.Contain("Aucune notification dans cet état pour le moment."));
    }
}
