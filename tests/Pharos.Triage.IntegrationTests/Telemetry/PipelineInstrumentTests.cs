using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Pharos.Triage.Escalation.Sweeps;
using Pharos.Triage.Infrastructure.Telemetry;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Telemetry;

/// <summary>The domain's instruments move as reports, requests and answers go through the embedded host.</summary>
public sealed class When_reports_go_through_the_system
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

    private MetricCollector<T> Collect<T>(PharosApp app, MetricDefinition instrument) where T : struct =>
        new(app.Services.GetRequiredService<IMeterFactory>(), PharosTelemetry.Name, instrument.Name, _app.Clock);

    private MetricCollector<T> Collect<T>(MetricDefinition instrument) where T : struct => Collect<T>(_app, instrument);

    private static Task<IReadOnlyList<CollectedMeasurement<T>>> Measured<T>(MetricCollector<T> collector, int count, string what) where T : struct =>
        Eventually.Until(() => Task.FromResult(collector.GetMeasurementSnapshot()), m => m.Count >= count, what);

    private async Task<string> RequestAtPlatformAsync(string url, string category = "terrorism")
    {
        var id = await _analyst.FileReport(url, category);
        var routed = await Eventually.ReportStatus(_analyst, id, "routed");
        var requestId = routed.GetProperty("request").GetProperty("id").GetString()!;
        await Eventually.Until(() => _app.PlatformX().GetAsync($"/api/platform/requests/{requestId}"), r => r.IsSuccessStatusCode, "the request at the platform");
        return requestId;
    }

    [Test]
    public async Task A_filed_report_counts_by_category_and_its_request_by_legal_basis_on_this_host_only()
    {
        using var other = new PharosApp();
        using var filed = Collect<long>(PharosMetrics.ReportsFiled);
        using var issued = Collect<long>(PharosMetrics.RequestsIssued);
        using var filedElsewhere = Collect<long>(other, PharosMetrics.ReportsFiled);

        await _analyst.FileReport("https://x.com/someone/status/1", "terrorism");

        var reports = await Measured(filed, 1, "a report filed");
        Assert.That(reports.Select(m => (m.Value, Category: m.Tags["category"])), Is.EqualTo(new[] { (1L, (object?)"terrorism") }));
        var requests = await Measured(issued, 1, "a request issued");
        Assert.That(requests.Select(m => (m.Value, Basis: m.Tags["legal_basis"])), Is.EqualTo(new[] { (1L, (object?)"tco_removal_order") }));
        Assert.That(filedElsewhere.GetMeasurementSnapshot(), Is.Empty, "another host in the process has instruments of its own");
    }

    [Test]
    public async Task An_answer_counts_by_outcome_in_time_or_late()
    {
        using var answered = Collect<long>(PharosMetrics.RequestsAnswered);
        var inTime = await RequestAtPlatformAsync("https://x.com/someone/status/2");
        var late = await RequestAtPlatformAsync("https://x.com/someone/status/3");
        var platform = _app.PlatformX();

        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        var closed = await platform.PostJson($"/api/platform/requests/{inTime}/outcome", new { outcome = "removed", platformTicket = "X-1" });
        Assert.That((int)closed.StatusCode, Is.EqualTo(200), await closed.Content.ReadAsStringAsync());
        // A TCO removal order gives an hour: this one is answered after it.
        _app.Clock.Advance(TimeSpan.FromHours(2));
        closed = await platform.PostJson($"/api/platform/requests/{late}/outcome", new { outcome = "refused", refusalGround = "not_illegal", reason = "Lawful" });
        Assert.That((int)closed.StatusCode, Is.EqualTo(200), await closed.Content.ReadAsStringAsync());

        var answers = await Measured(answered, 2, "two answers");
        Assert.That(answers.Select(m => ((string)m.Tags["outcome"]!, (string)m.Tags["timeliness"]!)),
            Is.EqualTo(new[] { ("removed", "in_time"), ("refused", "late") }));
    }

    [Test]
    public async Task The_sweep_reads_the_overdue_and_unanswered_requests_and_times_itself()
    {
        using var overdue = Collect<double>(PharosMetrics.RequestsOverdue);
        using var unanswered = Collect<double>(PharosMetrics.RequestsUnanswered);
        using var sweeps = Collect<double>(PharosMetrics.SweepDuration);
        await RequestAtPlatformAsync("https://x.com/someone/status/4");
        var sweep = _app.Services.GetRequiredService<DeadlineSweep>();

        async Task<(double Overdue, double Unanswered)> SweepAt(TimeSpan after)
        {
            _app.Clock.SetUtcNow(PharosApp.Start + after);
            await sweep.SweepOnceAsync();
            overdue.RecordObservableInstruments();
            unanswered.RecordObservableInstruments();
            return (overdue.LastMeasurement!.Value, unanswered.LastMeasurement!.Value);
        }

        Assert.That(await SweepAt(TimeSpan.FromMinutes(30)), Is.EqualTo((0.0, 0.0)), "in time: nothing late");
        // Its clock may reach Escalation after the platform saw the request: sweep until it is there.
        Assert.That(await Eventually.Until(() => SweepAt(TimeSpan.FromHours(1)), c => c.Overdue == 1, "an overdue request"), Is.EqualTo((1.0, 0.0)));
        Assert.That(await SweepAt(TimeSpan.FromHours(2)), Is.EqualTo((0.0, 1.0)), "past the grace period: unanswered, no longer counted overdue");
        Assert.That(sweeps.GetMeasurementSnapshot(), Has.Count.GreaterThanOrEqualTo(3), "each sweep is timed");
        Assert.That(sweeps.GetMeasurementSnapshot().Select(m => m.Value), Is.All.GreaterThanOrEqualTo(0));
    }
}
