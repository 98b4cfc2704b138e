using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Timing;

namespace Pharos.Triage.Escalation.Statistics;

/// <summary>Keeps the day rollups current in the background, so a query seldom has a day to roll up itself.</summary>
public sealed class StatisticsRollupRefresh(StatisticsStore store, TimeProvider clock, IOptions<EscalationOptions> options, ILogger<StatisticsRollupRefresh> logger)
    : PeriodicJob(clock, logger)
{
    protected override TimeSpan Interval => options.Value.StatisticsRefreshInterval;

    protected override string Name => "Rolling up statistics";

    // The first roll-up waits an interval: a query rolls up the days it needs itself.
    protected override bool RunsAtStart => false;

    protected override Task RunAsync(CancellationToken ct) => store.RefreshAsync(ct);
}
