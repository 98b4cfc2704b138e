using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Messaging;

/// <summary>
/// Issue 13, item 4: nothing is lost after any single lost message. The embedded system on a bus that silently
/// loses the first copy of every message type at every consumer (receipts included) still brings every report to
/// its state, with every fact seen by every service that needs it, and nothing doubled.
/// </summary>
public sealed class When_the_bus_loses_the_first_copy_of_every_message_type
{
    private static readonly string[] Services = ["intake", "routing", "platformliaison", "escalation"];

    private PharosApp _app = null!;

    [SetUp]
    public void Start() => _app = new PharosApp(Convergence.Settings(lose: "true"));

    [TearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task Every_report_reaches_its_state_and_every_service_sees_every_fact_once()
    {
        var analyst = _app.Analyst();
        var x = _app.PlatformX();
        var snapchat = _app.As("demo-platform-snapchat");

        var answered = await analyst.FileReport("https://x.com/someone/status/1");
        var forwarded = await analyst.FileReport("https://fraudulent-shop.example/pay", "fraud");
        var asking = await analyst.FileReport("https://www.snapchat.com/add/someone", "threats_violence");

        var routed = await Convergence.Drive(_app, () => analyst.Report(answered), r => r.GetProperty("status").GetString() == "routed", "the first report routed");
        var requestId = routed.GetProperty("request").GetProperty("id").GetString()!;
        var duplicate = await analyst.FileReport("https://x.com/someone/status/1?utm_source=share");
        await Convergence.Drive(_app, () => x.GetAsync($"/api/platform/requests/{requestId}"), r => r.IsSuccessStatusCode, "X to see its request");
        Assert.That((int)(await x.PostAsync($"/api/platform/requests/{requestId}/acknowledgement", null)).StatusCode, Is.EqualTo(200));
        var closed = await x.PostJson($"/api/platform/requests/{requestId}/outcome", new { outcome = "removed", platformTicket = "X-1" });
        Assert.That((int)closed.StatusCode, Is.EqualTo(200), await closed.Content.ReadAsStringAsync());

        var asked = await Convergence.Drive(_app, () => analyst.Report(asking), r => r.GetProperty("status").GetString() == "routed", "the snapchat report routed");
        var askedId = asked.GetProperty("request").GetProperty("id").GetString()!;
        await Convergence.Drive(_app, () => snapchat.GetAsync($"/api/platform/requests/{askedId}"), r => r.IsSuccessStatusCode, "Snapchat to see its request");
        var question = await snapchat.PostJson($"/api/platform/requests/{askedId}/outcome", new { outcome = "clarification_requested", reason = "Which account?" });
        Assert.That((int)question.StatusCode, Is.EqualTo(200), await question.Content.ReadAsStringAsync());
        await Convergence.Drive(_app, () => analyst.Report(asking),
            r => r.GetProperty("request").GetProperty("status").GetString() == "clarification_requested", "Intake to see the question");
        var answer = await analyst.PostJson($"/api/reports/{asking}/clarification", new { answer = "The account in the URL." });
        Assert.That((int)answer.StatusCode, Is.EqualTo(200), await answer.Content.ReadAsStringAsync());

        // Intake saw the acknowledgement and the outcome; Escalation saw them too, since it settled the deadline as met.
        var final = await Convergence.Drive(_app, () => analyst.Report(answered),
            r => r.GetProperty("request").GetProperty("sla").GetString() == "met", "the request closed with its deadline met");
        Assert.That(final.GetProperty("request").GetProperty("status").GetString(), Is.EqualTo("closed"));
        Assert.That(final.GetProperty("request").GetProperty("acknowledgedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        await Convergence.Drive(_app, () => analyst.Report(duplicate), r => r.GetProperty("status").GetString() == "duplicate", "the duplicate linked");
        await Convergence.Drive(_app, () => analyst.Report(forwarded), r => r.GetProperty("status").GetString() == "forwarded", "the fraud report forwarded");
        await Convergence.Drive(_app, () => snapchat.GetAsync($"/api/platform/requests/{askedId}").ContinueWith(t => t.Result.Body()).Unwrap(),
            r => r.TryGetProperty("clarificationAnswer", out var a) && a.GetString() == "The account in the URL.", "Snapchat to see the answer");
        await Convergence.Drive(_app, () => analyst.Report(asking),
            r => r.GetProperty("request").GetProperty("status").GetString() == "acknowledged", "the request resumed");
        await Convergence.Drive(_app, () => _app.CountIn("escalation", """
                SELECT COUNT(*) FROM deadline_clocks
                WHERE acknowledged_at IS NOT NULL AND closed_at IS NOT NULL AND sla = 'met'
                """), n => n == 1, "Escalation to see the acknowledgement and the outcome");
        // Nothing stuck: every row of every outbox was receipted by every consumer of its type, receipts lost on the way included.
        foreach (var service in Services)
            await Convergence.Drive(_app, () => _app.CountIn(service, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL OR resend_at IS NOT NULL"),
                n => n == 0, $"every {service} outbox row to be taken by all its consumers");

        // Once all has settled, late copies changed nothing: the request is still closed, and acknowledged.
        final = await analyst.Report(answered);
        Assert.That(final.GetProperty("request").GetProperty("status").GetString(), Is.EqualTo("closed"));
        Assert.That(final.GetProperty("request").GetProperty("sla").GetString(), Is.EqualTo("met"));
        Assert.That(final.GetProperty("request").GetProperty("acknowledgedAt").ValueKind, Is.EqualTo(JsonValueKind.String));

        // Nothing doubled (each event once; a copy sent again may arrive after a later fact, so in any order at one instant).
        Assert.That(final.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("event").GetString()), Is.EquivalentTo(new[]
        {
            "report_received", "report_routed", "request_issued", "request_acknowledged", "request_closed",
        }));
        Assert.That(await _app.CountIn("platformliaison", "SELECT COUNT(*) FROM requests"), Is.EqualTo(2), "one request per open URL");
        Assert.That(await _app.CountIn("escalation", "SELECT COUNT(*) FROM deadline_clocks"), Is.EqualTo(2));
        Assert.That(await _app.CountIn("intake", "SELECT COUNT(*) FROM (SELECT report_id, event FROM timeline GROUP BY report_id, event HAVING COUNT(*) > 1)"),
            Is.Zero, "no event twice on any timeline");

        // The fault did lose messages: the first copy of each type at each of its consumers, receipts too.
        var fault = _app.Services.GetRequiredService<LoseFirstCopyFault>();
        Assert.That(fault.Lost, Is.GreaterThanOrEqualTo(15));
    }
}

/// <summary>
/// Issue 13, item 4: the embedded bus forgets what it held when the process stops. Today's replay of the last ten
/// minutes lost whatever left before: after a longer stop, a platform answered 200 stayed unanswered everywhere else.
/// </summary>
public sealed class When_the_embedded_host_stops_for_longer_than_ten_minutes
{
    [Test]
    public async Task What_its_bus_held_still_reaches_every_service()
    {
        string reportId;
        var stopped = new PharosApp(Convergence.Settings(lose: "RequestAcknowledged,RequestClosed")) { KeepDataDirectory = true };
        try
        {
            var analyst = stopped.Analyst();
            var platform = stopped.PlatformX();
            reportId = await analyst.FileReport("https://x.com/someone/status/7");
            var requestId = (await Eventually.ReportStatus(analyst, reportId, "routed")).GetProperty("request").GetProperty("id").GetString()!;
            await Eventually.Until(() => platform.GetAsync($"/api/platform/requests/{requestId}"), r => r.IsSuccessStatusCode, "X to see its request");
            stopped.Clock.Advance(TimeSpan.FromMinutes(5));
            Assert.That((int)(await platform.PostAsync($"/api/platform/requests/{requestId}/acknowledgement", null)).StatusCode, Is.EqualTo(200));
            var closed = await platform.PostJson($"/api/platform/requests/{requestId}/outcome", new { outcome = "removed", platformTicket = "X-7" });
            Assert.That((int)closed.StatusCode, Is.EqualTo(200), await closed.Content.ReadAsStringAsync());
            // Both left the outbox, and the bus lost them: the process stops while they are gone.
            await Eventually.Until(() => stopped.CountIn("platformliaison",
                "SELECT COUNT(*) FROM outbox WHERE message_type IN ('RequestAcknowledged', 'RequestClosed') AND sent_at IS NOT NULL"), n => n == 2, "both to leave");
            await Eventually.Until(() => Task.FromResult(stopped.Services.GetRequiredService<LoseFirstCopyFault>().Lost), n => n >= 4, "the bus to lose them");
        }
        finally
        {
            stopped.Dispose();
        }

        using var restarted = new PharosApp(Convergence.Settings(lose: "false"), restartOf: stopped);
        restarted.Clock.SetUtcNow(stopped.Clock.GetUtcNow() + TimeSpan.FromMinutes(11));
        var report = await Convergence.Drive(restarted, () => restarted.Analyst().Report(reportId),
            r => r.GetProperty("request").GetProperty("sla").GetString() == "met", "the request closed, its deadline met");
        Assert.That(report.GetProperty("request").GetProperty("status").GetString(), Is.EqualTo("closed"));
        Assert.That(report.GetProperty("request").GetProperty("acknowledgedAt").GetString(), Is.EqualTo("2026-11-22T10:05:00Z"));
        Assert.That(await restarted.CountIn("escalation", "SELECT COUNT(*) FROM deadline_clocks WHERE acknowledged_at IS NOT NULL AND sla = 'met'"), Is.EqualTo(1));
    }
}

internal static class Convergence
{
    /// <summary>The embedded default with the lost-message fault, its dispatchers polling often so that tests run quickly.</summary>
    public static Dictionary<string, string?> Settings(string lose) => new()
    {
        [LoseFirstCopyFault.Key] = lose,
        ["Pharos:Outbox:PollInterval"] = "00:00:00.05",
        ["Pharos:Outbox:ReceiptWindow"] = "00:00:00.01",
    };

    /// <summary>
    /// Polls until <paramref name="condition"/> holds, moving the clock on 5 s at each poll (at most 20 minutes in all,
    /// short of any reminder), so that copies not receipted are sent again as they would be in time.
    /// </summary>
    public static async Task<T> Drive<T>(PharosApp app, Func<Task<T>> read, Func<T, bool> condition, string what)
    {
        var moved = TimeSpan.Zero;
        T value;
        while (!condition(value = await read()))
        {
            if (moved >= TimeSpan.FromMinutes(20)) Assert.Fail($"Not converged after {moved} on the clock: {what}; last seen: {value}");
            await Task.Delay(50);
            app.Clock.Advance(TimeSpan.FromSeconds(5));
            moved += TimeSpan.FromSeconds(5);
        }
        return value;
    }
}

/// <summary>
/// A publisher waits for a receipt from every consumer of a message, even when each service runs in its own process:
/// who consumes what comes from the modules' own consumer declarations, the ones that bind the queues.
/// </summary>
public sealed class When_a_publisher_learns_who_consumes_its_messages
{
    private static readonly MessageSubscriptions All = ServiceConsumers.SubscriptionsOf(Host.Composition.AllModules);

    [Test]
    public void Each_message_waits_for_every_queue_that_consumes_it_and_only_those()
    {
        Assert.That(All.Consumers["RequestIssued"], Is.EqualTo(new[] { "escalation-start-clock", "intake-request-issued", "platformliaison-request-issued" }));
        Assert.That(All.Consumers["ReportFiled"], Is.EqualTo(new[] { "routing-report-filed" }));
        Assert.That(All.Consumers["RequestClosed"], Is.EqualTo(new[] { "escalation-stop-clock", "intake-request-closed", "routing-request-closed" }));
        Assert.That(All.AwaitingFor("ReportFiled"), Is.EqualTo("|routing-report-filed|"));
    }

    [Test]
    public void A_module_that_would_register_a_consumer_another_way_is_refused()
    {
        var module = new Infrastructure.Hosting.ServiceModule("Odd", _ => { }, x => x.AddConsumer<Routing.Consumers.ReportFiledConsumer>(), _ => { });
        Assert.That(() => ServiceConsumers.SubscriptionsOf([module]), Throws.TypeOf<NotSupportedException>().With.Message.Contains("AddServiceConsumer"));
    }
}
