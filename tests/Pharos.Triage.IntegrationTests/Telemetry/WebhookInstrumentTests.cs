using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Pharos.Triage.Infrastructure.Telemetry;
using Pharos.Triage.IntegrationTests.Notifications;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Webhooks;
using static Pharos.Triage.IntegrationTests.Notifications.LiaisonBed;

namespace Pharos.Triage.IntegrationTests.Telemetry;

/// <summary>
/// A platform's webhook fails for hours, its notice is abandoned, then it recovers: what the webhook alarms read
/// (backlog, dispatches, abandoned notices, how long it has been failing), on the bed's fake clock.
/// </summary>
public sealed class When_a_platforms_webhook_keeps_failing
{
    private WebhookReceiver _receiver = null!;
    private ServiceBed<LiaisonDatabase> _liaison = null!;

    [SetUp]
    public async Task Start()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _receiver.FailWith = 503;
        _receiver.FailNext(int.MaxValue);
        var settings = Settings(("x", _receiver.Url));
        settings["Pharos:Webhooks:MaxDispatches"] = "3";
        settings["Pharos:Webhooks:QuickRetries"] = "0";
        _liaison = await LiaisonBed.StartAsync(settings, more: services => services.AddMetrics().AddSingleton<PharosMetrics>());
    }

    [TearDown]
    public async Task Stop()
    {
        await _liaison.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private MetricCollector<T> Collect<T>(MetricDefinition instrument) where T : struct =>
        new(_liaison.Provider.GetRequiredService<IMeterFactory>(), PharosTelemetry.Name, instrument.Name, _liaison.Clock);

    private PharosMetrics Metrics => _liaison.Provider.GetRequiredService<PharosMetrics>();

    private static Dictionary<string, double> ByPlatform(MetricCollector<double> gauge)
    {
        gauge.Clear();
        gauge.RecordObservableInstruments();
        return gauge.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["platform"]!, m => m.Value);
    }

    [Test]
    public async Task It_reports_how_long_it_has_failed_counts_the_abandoned_notice_and_stops_once_a_notice_is_delivered()
    {
        using var failingFor = Collect<double>(PharosMetrics.WebhookFailingFor);
        using var backlog = Collect<double>(PharosMetrics.WebhookBacklog);
        using var dispatches = Collect<long>(PharosMetrics.WebhookDispatches);
        using var abandoned = Collect<long>(PharosMetrics.WebhooksAbandoned);
        var sample = new WebhookBacklogSample(_liaison.Database, Metrics);

        await _liaison.Deliver(Issued("q1", "x"));
        await sample.SampleAsync(CancellationToken.None);
        Assert.That(ByPlatform(backlog), Is.EqualTo(new Dictionary<string, double> { ["x"] = 1 }), "one notice waits");
        Assert.That(ByPlatform(failingFor), Is.Empty, "nothing failed yet");

        Assert.That(await _liaison.DispatchDue(), Is.EqualTo(1));
        _liaison.Clock.Advance(TimeSpan.FromHours(1));
        Assert.That(ByPlatform(failingFor), Is.EqualTo(new Dictionary<string, double> { ["x"] = 3600 }), "failing since its first failed dispatch");
        Assert.That(await _liaison.DispatchDue(), Is.EqualTo(1));
        _liaison.Clock.Advance(TimeSpan.FromHours(1));
        Assert.That(await _liaison.DispatchDue(), Is.EqualTo(1));
        Assert.That(ByPlatform(failingFor), Is.EqualTo(new Dictionary<string, double> { ["x"] = 7200 }), "a failure since does not restart it");
        Assert.That(abandoned.GetMeasurementSnapshot().Select(m => (m.Value, m.Tags["platform"])), Is.EqualTo(new[] { (1L, (object?)"x") }), "abandoned after the third");
        await sample.SampleAsync(CancellationToken.None);
        Assert.That(ByPlatform(backlog), Is.EqualTo(new Dictionary<string, double> { ["x"] = 0 }), "abandoned: no longer waiting");

        _receiver.FailNext(0);
        await _liaison.Deliver(Issued("q2", "x"));
        Assert.That(await _liaison.DispatchDue(), Is.EqualTo(1));
        Assert.That(ByPlatform(failingFor), Is.Empty, "delivered: not failing");
        Assert.That(dispatches.GetMeasurementSnapshot().Select(m => (string)m.Tags["result"]!), Is.EqualTo(new[] { "failed", "failed", "failed", "delivered" }));
    }
}
