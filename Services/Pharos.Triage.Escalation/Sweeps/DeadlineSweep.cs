using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Escalation.Deadlines;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Runtime;

namespace Pharos.Triage.Escalation.Sweeps;

/// <summary>Bound from <c>Pharos:Escalation</c>.</summary>
public sealed class EscalationOptions
{
    /// <summary>How often deadlines are checked.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many clocks one transaction advances.</summary>
    public int SweepBatch { get; set; } = 500;

    /// <summary>How often the statistics' day rollups are brought up to date in the background.</summary>
    public TimeSpan StatisticsRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Advances every clock with a step due: reminders, overdue and escalation, unanswered. Rows carry
/// their next due time in an index, so a sweep reads only what is due; the steps fire in the same
/// transaction that marks them, so a sweep run twice, restarted, or run in two instances fires each once.
/// </summary>
public sealed class DeadlineSweep(EscalationDatabase database, TimeProvider clock, IOptions<EscalationOptions> options, ILogger<DeadlineSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, clock);
        do
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Deadline sweep failed; trying again at the next interval");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }

    /// <summary>Advances every clock due by now; returns how many clocks moved.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken ct = default)
    {
        var total = 0;
        while (true)
        {
            await using var uow = await database.BeginAsync(ct);
            var now = clock.Now();
            var due = (await uow.QueryAsync<ClockRow>(database.Sql.ClaimDue, new { Now = now, Limit = options.Value.SweepBatch })).ToList();
            foreach (var row in due)
            {
                var messages = DeadlineLadder.Advance(row, now);
                await uow.ExecuteAsync(database.Sql.UpdateClock, row);
                foreach (var message in messages) await uow.Publish(message, now);
            }
            await uow.CommitAsync(ct);
            total += due.Count;
            if (due.Count < options.Value.SweepBatch) return total;
        }
    }
}
