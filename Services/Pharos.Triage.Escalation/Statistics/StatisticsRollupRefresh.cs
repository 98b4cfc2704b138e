using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Pharos.Triage.Escalation.Statistics;

/// <summary>Keeps the day rollups current in the background, so a query seldom has a day to roll up itself.</summary>
public sealed class StatisticsRollupRefresh(StatisticsStore store, TimeProvider clock, IOptions<EscalationOptions> options, ILogger<StatisticsRollupRefresh> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.StatisticsRefreshInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try { await store.RefreshAsync(stoppingToken); }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested) { logger.LogWarning(ex, "Rolling up statistics failed"); }
            }
        }
        catch (OperationCanceledException) { }
    }
}
