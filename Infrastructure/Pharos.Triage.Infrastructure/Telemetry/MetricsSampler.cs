using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Timing;

namespace Pharos.Triage.Infrastructure.Telemetry;

/// <summary>A reading a gauge of <see cref="PharosMetrics"/> reports: taken now and then, never once per collection.</summary>
public interface IMetricsSample
{
    /// <summary>What it reads, for the log.</summary>
    string Name { get; }

    Task SampleAsync(CancellationToken ct);
}

/// <summary>Bound from <c>Pharos:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Pharos:Metrics";

    /// <summary>
    /// How often the gauges read what they report (outbox backlog and age, webhook backlog, error queues): a collector
    /// scraping every 15 s, or several, costs no more queries than this.
    /// </summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Takes every registered <see cref="IMetricsSample"/> at start and every <see cref="MetricsOptions.SampleInterval"/>;
/// one that fails is logged and the others go on.
/// </summary>
public sealed class MetricsSampler(IEnumerable<IMetricsSample> samples, IOptions<MetricsOptions> options, TimeProvider clock, ILogger<MetricsSampler> logger)
    : PeriodicJob(clock, logger)
{
    protected override TimeSpan Interval => options.Value.SampleInterval;

    protected override string Name => "Metrics sampling";

    protected override Task RunAsync(CancellationToken ct) => SampleAllAsync(ct);

    /// <summary>Takes every sample once.</summary>
    public async Task SampleAllAsync(CancellationToken ct = default)
    {
        foreach (var sample in samples)
        {
            try
            {
                await sample.SampleAsync(ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                Logger.LogWarning(ex, "Reading {Sample} for the metrics failed; its gauges keep their last reading", sample.Name);
            }
        }
    }
}
