using System.Text.Json;

namespace Pharos.Triage.EndToEnd;

/// <summary>The embedded default with deadlines of seconds, set through the environment as an operator would.</summary>
public sealed class When_nobody_answers_under_short_deadlines
{
    [Test]
    public async Task The_report_goes_reminded_overdue_then_unanswered_on_its_timeline()
    {
        var data = Path.Combine(Path.GetTempPath(), "pharos-e2e", Guid.NewGuid().ToString("N"));
        using var host = new HostProcess(data, new Dictionary<string, string>
        {
            ["Pharos__Sla__hate_speech__AcknowledgeWithin"] = "00:00:04",
            ["Pharos__Sla__hate_speech__ActWithin"] = "00:00:04",
            ["Pharos__Sla__hate_speech__UnansweredAfter"] = "00:00:02",
            ["Pharos__Escalation__SweepInterval"] = "00:00:00.200",
        });
        await host.StartAsync(TimeSpan.FromSeconds(60));
        using var analyst = Api.Client(host.BaseAddress, "demo-analyst");

        var id = await analyst.File("https://www.tiktok.com/@someone/video/42", "hate_speech");
        var report = await Api.Eventually(async () => await (await analyst.GetAsync($"/api/reports/{id}")).Json(),
            r => r.GetProperty("request").ValueKind == JsonValueKind.Object && r.GetProperty("request").GetProperty("sla").GetString() == "unanswered",
            "the report to become unanswered", TimeSpan.FromSeconds(30));

        var timeline = report.GetProperty("timeline").EnumerateArray()
            .Select(e => (Event: e.GetProperty("event").GetString()!, At: DateTimeOffset.Parse(e.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        TestContext.Out.WriteLine(string.Join("\n", timeline.Select(e => $"{e.At:HH:mm:ss.fff} {e.Event}")));
        var ladder = timeline.Select(e => e.Event).Where(e => e is "reminder_sent" or "request_overdue" or "request_unanswered").ToList();
        Assert.That(ladder, Is.EqualTo(new[] { "reminder_sent", "request_overdue", "request_overdue", "request_unanswered" }),
            "reminder at 2 s (half the acknowledge window, the earliest), acknowledge-by and act-by overdue at 4 s, unanswered at 6 s");

        var issued = DateTimeOffset.Parse(report.GetProperty("request").GetProperty("issuedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var unanswered = timeline.Single(e => e.Event == "request_unanswered").At;
        Assert.That(unanswered - issued, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(6)).And.LessThan(TimeSpan.FromSeconds(12)));
        Assert.That(timeline.Count(e => e.Event == "request_escalated"), Is.EqualTo(2));
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
