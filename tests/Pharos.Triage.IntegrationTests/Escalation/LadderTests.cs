using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Escalation.Sweeps;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Escalation;

/// <summary>The escalation ladder through the whole system, on a fake clock: what the analyst sees, and when.</summary>
public sealed class When_a_platform_does_not_answer
{
    private PharosApp _app = null!;
    private HttpClient _analyst = null!;

    [SetUp]
    public void Start()
    {
        _app = new PharosApp();
        _analyst = _app.Analyst();
    }

    [TearDown]
    public void Stop() => _app.Dispose();

    /// <summary>Moves the clock to <paramref name="at"/> (after 10:00) and sweeps, as the interval would.</summary>
    private async Task At(TimeSpan at)
    {
        _app.Clock.SetUtcNow(PharosApp.Start + at);
        await _app.Services.GetRequiredService<DeadlineSweep>().SweepOnceAsync();
    }

    private Task<JsonElement> TimelineHas(string id, int events) =>
        Eventually.ReportReaches(_analyst, id, r => r.GetProperty("timeline").GetArrayLength() >= events, $"{events} timeline events");

    private static List<(string At, string Event)> Ladder(JsonElement report) =>
        report.GetProperty("timeline").EnumerateArray()
            .Select(e => (e.GetProperty("at").GetString()!, e.GetProperty("event").GetString()!))
            .Where(e => e.Item2 is "reminder_sent" or "request_overdue" or "request_escalated" or "request_unanswered")
            .ToList();

    private static TimeSpan H(double hours) => TimeSpan.FromHours(hours);

    [TestCase("terrorism", "https://x.com/tco/1", 0.5, 1, 1, 2, TestName = "TCO removal order: reminder 10:30, overdue 11:00, unanswered 12:00")]
    [TestCase("child_sexual_abuse", "https://x.com/lcen/1", 12, 24, 24, 48, TestName = "LCEN 6-1: reminder +12 h, overdue +24 h, unanswered +48 h")]
    [TestCase("hate_speech", "https://x.com/dsa/1", 12, 24, 72, 144, TestName = "DSA notice: reminder +12 h (half the acknowledge window), overdue +24 h and +72 h, unanswered +144 h")]
    public async Task Each_step_reaches_the_timeline_at_its_exact_time(string category, string url, double? remind, double ackOverdue, double actOverdue, double unanswered)
    {
        var id = await _analyst.FileReport(url, category);
        await Eventually.ReportStatus(_analyst, id, "routed");
        await Eventually.Until(() => _app.PlatformX().GetAsync("/api/platform/requests?status=pending"),
            r => r.IsSuccessStatusCode, "the request at the platform");

        var expected = new List<(string, string)>();
        string Iso(double hours) => (PharosApp.Start + H(hours)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        if (remind is { } r)
        {
            await At(H(r) - TimeSpan.FromSeconds(1));
            await At(H(r));
            expected.Add((Iso(r), "reminder_sent"));
            await TimelineHas(id, 4);
            Assert.That((await _analyst.Report(id)).GetProperty("request").GetProperty("sla").GetString(), Is.EqualTo("reminded"));
        }
        await At(H(ackOverdue));
        expected.AddRange([(Iso(ackOverdue), "request_overdue"), (Iso(ackOverdue), "request_escalated")]);
        await At(H(actOverdue));
        expected.AddRange([(Iso(actOverdue), "request_overdue"), (Iso(actOverdue), "request_escalated")]);
        await TimelineHas(id, 3 + expected.Count);
        Assert.That((await _analyst.Report(id)).GetProperty("request").GetProperty("sla").GetString(), Is.EqualTo("overdue"));

        await At(H(unanswered) - TimeSpan.FromSeconds(1));
        await At(H(unanswered));
        expected.Add((Iso(unanswered), "request_unanswered"));
        var report = await TimelineHas(id, 3 + expected.Count);
        Assert.That(report.GetProperty("request").GetProperty("sla").GetString(), Is.EqualTo("unanswered"));
        Assert.That(Ladder(report).OrderBy(e => e.At).ThenBy(e => e.Event), Is.EqualTo(expected.OrderBy(e => e.Item1).ThenBy(e => e.Item2)));
    }

    [Test]
    public async Task An_answer_after_unanswered_closes_the_request_as_missed_and_keeps_the_history()
    {
        var id = await _analyst.FileReport("https://x.com/late/1", "terrorism");
        var requestId = (await Eventually.ReportStatus(_analyst, id, "routed")).GetProperty("request").GetProperty("id").GetString();
        await At(H(2));
        await Eventually.ReportReaches(_analyst, id, r => r.GetProperty("request").GetProperty("sla").GetString() == "unanswered", "unanswered");

        var unanswered = await (await _analyst.GetAsync("/api/reports?sla=unanswered")).Body();
        Assert.That(unanswered.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()), Is.EqualTo(new[] { id }));

        _app.Clock.SetUtcNow(PharosApp.Start + H(3));
        var closed = await _app.PlatformX().PostJson($"/api/platform/requests/{requestId}/outcome", new { outcome = "removed", actedAt = "2026-11-22T12:30:00Z" });
        Assert.That(closed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var report = await Eventually.ReportReaches(_analyst, id, r => r.GetProperty("request").GetProperty("sla").GetString() == "missed", "missed");
        Assert.That(report.GetProperty("request").GetProperty("status").GetString(), Is.EqualTo("closed"));
        var events = report.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("event").GetString()).ToList();
        Assert.That(events, Does.Contain("request_unanswered").And.Contain("request_closed"));
        Assert.That(events.IndexOf("request_unanswered"), Is.LessThan(events.IndexOf("request_closed")));

        var missed = await (await _analyst.GetAsync("/api/reports?sla=unanswered")).Body();
        Assert.That(missed.GetProperty("items").GetArrayLength(), Is.Zero);
        Assert.That((await _analyst.GetAsync("/api/reports?sla=late")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task An_overdue_report_is_listed_as_at_risk()
    {
        var overdue = await _analyst.FileReport("https://x.com/risk/1", "terrorism");
        var onTime = await _analyst.FileReport("https://x.com/risk/2", "hate_speech");
        await Eventually.ReportStatus(_analyst, overdue, "routed");
        await Eventually.ReportStatus(_analyst, onTime, "routed");
        await At(H(1));
        await Eventually.ReportReaches(_analyst, overdue, r => r.GetProperty("request").GetProperty("sla").GetString() == "overdue", "overdue");
        var atRisk = await (await _analyst.GetAsync("/api/reports?sla=overdue")).Body();
        Assert.That(atRisk.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()), Is.EqualTo(new[] { overdue }));
    }
}

public sealed class When_deadline_policies_are_misconfigured
{
    [TestCase("Pharos:Sla:terrorism:ActWithin", "-01:00:00")]
    [TestCase("Pharos:Sla:hate_speech:AcknowledgeWithin", "")]
    [TestCase("Pharos:Sla:Platforms:x:other:UnansweredAfter", "00:00:00")]
    [TestCase("Pharos:Sla:terorism:ActWithin", "01:00:00")]
    public void The_start_stops_with_a_message_naming_the_key(string key, string value)
    {
        using var app = new PharosApp(new Dictionary<string, string?> { [key] = value });
        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());
        Assert.That(error!.Message, Does.Contain(key.Split(':')[2]));
    }
}
