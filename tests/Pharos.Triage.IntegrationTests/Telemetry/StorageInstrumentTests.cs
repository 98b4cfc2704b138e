using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Telemetry;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.Routing.Data;

namespace Pharos.Triage.IntegrationTests.Telemetry;

/// <summary>The outbox's gauges, its readiness check and the group-commit histogram, on one service's database and a fake clock.</summary>
public sealed class When_an_outbox_holds_messages
{
    private ServiceBed<RoutingDatabase> _bed = null!;

    [SetUp]
    public async Task Start() => _bed = await ServiceBed<RoutingDatabase>.StartAsync(
        (provider, connection, synchronous) => new RoutingDatabase(provider, connection, synchronous),
        x => x.AddConsumer<MessagesTakenConsumer>(),
        services => services.AddMetrics().AddSingleton<PharosMetrics>());

    [TearDown]
    public async Task Stop() => await _bed.DisposeAsync();

    private MetricCollector<T> Collect<T>(MetricDefinition instrument) where T : struct =>
        new(_bed.Provider.GetRequiredService<IMeterFactory>(), PharosTelemetry.Name, instrument.Name, _bed.Clock);

    private static ReportForwarded Forwarded(string reportId) =>
        new(reportId, "https://a.example/", ForwardedTo.InternationalCooperation, "host_not_in_catalogue", PharosApp.Start);

    private async Task Commit(params object[] messages)
    {
        await using var uow = await _bed.Database.BeginAsync();
        foreach (var message in messages) await uow.Publish(message, _bed.Clock.GetUtcNow());
        await uow.CommitAsync();
    }

    private async Task<(double Backlog, double OldestAge)> ReadAsync()
    {
        using var backlog = Collect<double>(PharosMetrics.OutboxBacklog);
        using var age = Collect<double>(PharosMetrics.OutboxOldestAge);
        await new OutboxSample(_bed.Database, _bed.Provider.GetRequiredService<PharosMetrics>()).SampleAsync(CancellationToken.None);
        backlog.RecordObservableInstruments();
        age.RecordObservableInstruments();
        Assert.That(backlog.LastMeasurement!.Tags["service"], Is.EqualTo("Routing"));
        Assert.That(age.LastMeasurement!.Tags["service"], Is.EqualTo("Routing"));
        return (backlog.LastMeasurement.Value, age.LastMeasurement.Value);
    }

    private Task<HealthCheckResult> ReadinessAsync() =>
        new OutboxDelayHealthCheck(_bed.Database, _bed.Clock, TimeSpan.FromMinutes(5)).CheckHealthAsync(new HealthCheckContext());

    [Test]
    public async Task Its_backlog_and_oldest_age_are_read_and_readiness_degrades_past_the_bound()
    {
        Assert.That(await ReadAsync(), Is.EqualTo((0.0, 0.0)), "an empty outbox");

        await Commit(Forwarded("r1"));
        _bed.Clock.Advance(TimeSpan.FromMinutes(4));
        await Commit(Forwarded("r2"));
        Assert.That(await ReadAsync(), Is.EqualTo((2.0, 240.0)), "the age is the oldest row's");
        Assert.That((await ReadinessAsync()).Status, Is.EqualTo(HealthStatus.Healthy), "within the bound");

        _bed.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await ReadAsync(), Is.EqualTo((2.0, 360.0)));
        var degraded = await ReadinessAsync();
        Assert.That(degraded.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(degraded.Description, Does.Contain("Routing outbox").And.Contain("360 s"));

        var dispatcher = new OutboxDispatcher<RoutingDatabase>(_bed.Database, _bed.Harness.Bus, _bed.Clock,
            Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher<RoutingDatabase>>.Instance);
        Assert.That(await dispatcher.DispatchBatchAsync(CancellationToken.None), Is.EqualTo(2));
        Assert.That(await ReadAsync(), Is.EqualTo((0.0, 0.0)), "drained");
        Assert.That((await ReadinessAsync()).Status, Is.EqualTo(HealthStatus.Healthy));
    }

    [Test]
    public async Task The_group_commit_histogram_counts_every_writer_each_flush_made_durable()
    {
        using var sizes = Collect<int>(PharosMetrics.GroupCommitSize);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => Commit(Forwarded($"r{i}")))));

        var flushes = sizes.GetMeasurementSnapshot();
        Assert.That(flushes.Sum(m => m.Value), Is.EqualTo(40), "every committed writer, once");
        Assert.That(flushes, Has.Count.EqualTo((int)_bed.Database.SqliteFlushes), "one measurement per flush");
        Assert.That(flushes.Select(m => m.Tags["service"]), Is.All.EqualTo("Routing"));
    }
}

/// <summary>Every service's outbox delay is a readiness check that can only degrade the instance, never make it not ready.</summary>
public sealed class When_readiness_is_asked_of_a_host
{
    [Test]
    public void Each_service_has_an_advisory_outbox_delay_check_bound_to_the_configured_age()
    {
        using var app = new PharosApp(new() { ["Pharos:Outbox:DegradedAfter"] = "00:02:00" });
        var registrations = app.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .Where(r => r.Name.EndsWith("-outbox-delay", StringComparison.Ordinal)).ToList();

        Assert.That(registrations.Select(r => r.Name), Is.EquivalentTo(new[]
        {
            "intake-outbox-delay", "routing-outbox-delay", "platformliaison-outbox-delay", "escalation-outbox-delay",
        }));
        Assert.That(registrations.Select(r => (r.FailureStatus, Ready: r.Tags.Contains(Readiness.Tag), Advisory: r.Tags.Contains(Readiness.Advisory))),
            Is.All.EqualTo((HealthStatus.Degraded, true, true)));
        Assert.That(app.Services.GetRequiredService<IOptions<OutboxOptions>>().Value.DegradedAfter, Is.EqualTo(TimeSpan.FromMinutes(2)));
    }
}
