using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation;
using Pharos.Triage.Escalation.Consumers;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Escalation.Statistics;
using Pharos.Triage.Escalation.Sweeps;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Statistics;

/// <summary>
/// Issue 13, item 3: in time and how long are judged by when the system recorded the answer (the API call),
/// never by the <c>actedAt</c> a platform declares; no negative duration is ever published.
/// </summary>
public sealed class When_a_platform_answers_after_unanswered_and_backdates_actedAt
{
    private const string Period = "/api/statistics?from=2026-11-22T00:00:00Z&to=2026-11-23T00:00:00Z";
    private const string Backdated = "2026-11-22T10:00:01Z";
    private PharosApp _app = null!;
    private HttpClient _analyst = null!;
    private HttpClient _ministry = null!;
    private string _unansweredReport = "";

    [OneTimeSetUp]
    public async Task Two_TCO_requests_answered_late_declaring_they_acted_a_second_after_issue()
    {
        _app = new PharosApp();
        _analyst = _app.Analyst();
        _ministry = _app.As("demo-ministry");
        var x = _app.PlatformX();

        async Task<(string Report, string Request)> File(string url)
        {
            var report = await _analyst.FileReport(url);
            var request = (await Eventually.ReportStatus(_analyst, report, "routed")).GetProperty("request").GetProperty("id").GetString()!;
            await Eventually.Until(() => x.GetAsync($"/api/platform/requests/{request}"), r => r.IsSuccessStatusCode, "the request at X");
            return (report, request);
        }

        // 10:00, two TCO requests to X: acknowledge and act by 11:00, unanswered at 12:00.
        var late = await File("https://x.com/backdated/late");
        var ignored = await File("https://x.com/backdated/ignored");
        _unansweredReport = ignored.Report;

        // 11:30, late: X removes the first and says it acted at 10:00:01.
        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(90));
        var answer = await x.PostJson($"/api/platform/requests/{late.Request}/outcome", new { outcome = "removed", actedAt = Backdated });
        Assert.That((int)answer.StatusCode, Is.EqualTo(200), await answer.Content.ReadAsStringAsync());
        await Eventually.ReportReaches(_analyst, late.Report, r => r.GetProperty("request").GetProperty("sla").GetString() is "met" or "missed", "a settled deadline");

        // 12:00 the sweep finds the second unanswered; 12:30 X answers it, declaring the same.
        _app.Clock.SetUtcNow(PharosApp.Start.AddHours(2));
        await _app.Services.GetRequiredService<DeadlineSweep>().SweepOnceAsync();
        await Eventually.ReportReaches(_analyst, ignored.Report, r => r.GetProperty("request").GetProperty("sla").GetString() == "unanswered", "unanswered");
        _app.Clock.SetUtcNow(PharosApp.Start.AddMinutes(150));
        answer = await x.PostJson($"/api/platform/requests/{ignored.Request}/outcome", new { outcome = "removed", actedAt = Backdated });
        Assert.That((int)answer.StatusCode, Is.EqualTo(200), await answer.Content.ReadAsStringAsync());
        await Eventually.ReportReaches(_analyst, ignored.Report, r => r.GetProperty("request").GetProperty("sla").GetString() is "met" or "missed", "a settled deadline");

        _app.Clock.SetUtcNow(PharosApp.Start.AddHours(3));
        await Eventually.Until(async () => await (await _ministry.GetAsync(Period)).Body(),
            s => s.GetProperty("platforms").GetArrayLength() == 1 && s.GetProperty("platforms")[0].GetProperty("acted").GetInt32() == 2, "both answers in the figures");
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task Both_are_missed_and_counted_late_with_durations_by_the_recorded_times()
    {
        foreach (var report in (await (await _analyst.GetAsync("/api/reports?status=routed")).Body()).GetProperty("items").EnumerateArray())
            Assert.That(report.GetProperty("request").GetProperty("sla").GetString(), Is.EqualTo("missed"), report.GetProperty("url").GetString());

        var x = (await (await _ministry.GetAsync(Period)).Body()).GetProperty("platforms")[0];
        var figures = new[] { "requests", "acknowledged", "acknowledgedInTime", "acted", "actedInTime", "unanswered" }
            .ToDictionary(k => k, k => x.GetProperty(k).GetInt32());
        Assert.That(figures, Is.EqualTo(new Dictionary<string, int>
        {
            ["requests"] = 2, ["acknowledged"] = 2, ["acknowledgedInTime"] = 0, ["acted"] = 2, ["actedInTime"] = 0,
            // The second went unanswered before its answer was recorded: it stays unanswered.
            ["unanswered"] = 1,
        }));
        // Recorded at 11:30 and 12:30: 5400 s and 9000 s after issue, whatever the platform declared.
        Assert.That(new[] { "medianAcknowledgeSeconds", "p90AcknowledgeSeconds", "medianActSeconds", "p90ActSeconds" }.Select(k => x.GetProperty(k).GetInt64()),
            Is.EqualTo(new long[] { 5400, 9000, 5400, 9000 }));
    }

    [Test]
    public async Task The_publication_lists_the_unanswered_one_with_its_real_delay_and_no_duration_is_negative()
    {
        var published = await (await _ministry.PostJson("/api/publications", new { from = "2026-11-22T00:00:00Z", to = "2026-11-23T00:00:00Z" })).Body();
        var unanswered = published.GetProperty("unanswered").EnumerateArray().Single();
        // Answered (recorded) at 12:30, act-by 11:00.
        Assert.That(unanswered.GetProperty("overdueSeconds").GetInt64(), Is.EqualTo(5400));
        var durations = Durations(published).ToList();
        Assert.That(durations, Is.Not.Empty);
        Assert.That(durations.Where(d => d.Value < 0), Is.Empty, "no negative duration is published");
    }

    [Test]
    public async Task The_timeline_keeps_the_declared_actedAt()
    {
        var report = await _analyst.Report(_unansweredReport);
        var closed = report.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("event").GetString() == "request_closed");
        Assert.That(closed.GetProperty("detail").GetString(), Does.Contain($"acted at {Backdated}"));
        Assert.That(closed.GetProperty("at").GetString(), Does.StartWith("2026-11-22T12:30:00"));
    }

    /// <summary>Every number in a publication that is a time in seconds, with where it was.</summary>
    internal static IEnumerable<(string Path, long Value)> Durations(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name.EndsWith("Seconds", StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.Number)
                        yield return ($"{path}.{property.Name}", property.Value.GetInt64());
                    foreach (var inner in Durations(property.Value, $"{path}.{property.Name}")) yield return inner;
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    foreach (var inner in Durations(item, $"{path}[{i++}]")) yield return inner;
                break;
        }
    }
}

/// <summary>
/// Issue 13, item 3, the race: an answer recorded before act-by reaches Escalation after a sweep, working on
/// its older copy of the clock, found the request overdue, then unanswered. The answer decides.
/// </summary>
[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_an_answer_recorded_in_time_races_a_sweep_on_an_older_clock(DatabaseProvider store)
{
    private static readonly DateTimeOffset T0 = PharosApp.Start;

    [Test]
    public async Task It_settles_met_and_counts_in_time_and_never_unanswered()
    {
        await using var bed = await ServiceBed<EscalationDatabase>.StartAsync(
            (provider, connection, synchronous) => new EscalationDatabase(provider, connection, synchronous),
            x =>
            {
                x.AddConsumer<StartClockConsumer>();
                x.AddConsumer<StopClockConsumer>();
            }, store: store);
        await bed.Deliver(new RequestIssued("q1", "PHR-2026-000001", "r1", "x", "X", "https://x.com/a", "https://x.com/a",
            Category.Terrorism, LegalBasis.TcoRemovalOrder, "reasons", null, T0, T0.AddHours(1), T0.AddHours(1), T0.AddHours(2), T0.AddMinutes(30), T0.AddMinutes(30)));

        // The platform's answer was recorded at 10:50 and 10:59, but the sweep at 12:05 has not heard of it yet.
        bed.Clock.SetUtcNow(T0.AddMinutes(125));
        var sweep = new DeadlineSweep(bed.Database, bed.Clock, Options.Create(new EscalationOptions()), NullLogger<DeadlineSweep>.Instance);
        Assert.That(await sweep.SweepOnceAsync(), Is.EqualTo(1));
        Assert.That(await bed.Count("SELECT COUNT(*) FROM deadline_clocks WHERE sla = 'unanswered'"), Is.EqualTo(1), "the sweep's older copy");

        bed.Clock.SetUtcNow(T0.AddMinutes(126));
        await bed.Deliver(new RequestClosed("q1", "x", "https://x.com/a", Outcome.Removed, null, null,
            T0.AddMinutes(50), T0.AddMinutes(58), T0.AddMinutes(59), T0.AddHours(1), T0.AddHours(1), "platform:x", TimeSpan.Zero));

        await using (var connection = await bed.Database.OpenAsync())
            Assert.That(await connection.ExecuteScalarAsync<string>("SELECT sla FROM deadline_clocks WHERE request_id = 'q1'"), Is.EqualTo(Sla.Met));

        var statistics = new StatisticsStore(bed.Database, bed.Clock, Options.Create(new JsonOptions()));
        var x = (await statistics.PreviewAsync(T0.AddDays(-1), T0.AddDays(1), CancellationToken.None)).Platforms.Single();
        Assert.That((x.Acknowledged, x.AcknowledgedInTime, x.Acted, x.ActedInTime, x.Unanswered, x.MedianActSeconds),
            Is.EqualTo((1, 1, 1, 1, 0, (long?)3540)));
        var (_, body) = await statistics.PublishAsync(T0.AddDays(-1), T0.AddDays(1), "ministry:test", CancellationToken.None);
        Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("unanswered").GetArrayLength(), Is.Zero);
    }
}
