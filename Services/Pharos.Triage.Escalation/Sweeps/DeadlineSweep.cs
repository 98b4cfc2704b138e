using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Escalation.Deadlines;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Timing;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.Infrastructure.Telemetry;

namespace Pharos.Triage.Escalation.Sweeps;

/// <summary>
/// Advances every clock with a step due: reminders, overdue and escalation, unanswered. Rows carry
/// their next due time in an index, so a sweep reads only what is due; the steps fire in the same
/// transaction that marks them, so a sweep run twice, restarted, or run in two instances fires each once.
/// </summary>
public sealed class DeadlineSweep(
    EscalationDatabase database, TimeProvider clock, IOptions<EscalationOptions> options, ILogger<DeadlineSweep> logger, PharosMetrics? metrics = null)
    : PeriodicJob(clock, logger)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override string Name => "Deadline sweep";

    protected override Task RunAsync(CancellationToken ct) => SweepOnceAsync(ct);

    /// <summary>Advances every clock due by now; returns how many clocks moved.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken ct = default)
    {
        var started = Clock.GetTimestamp();
        var moved = await AdvanceDueAsync(ct);
        if (metrics is not null) await database.ReadOpenLateAsync(metrics, ct);
        metrics?.SweepTook(Clock.GetElapsedTime(started));
        return moved;
    }

    private async Task<int> AdvanceDueAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var uow = await database.BeginAsync(ct);
            var now = Clock.Now();
            var due = (await uow.QueryAsync<ClockRow>(database.Sql.ClaimDue, new { Now = now, Limit = options.Value.SweepBatch })).ToList();
            foreach (var row in due) await uow.ApplyAsync(row, database.Sql.UpdateClock, now, DeadlineLadder.Advance);
            await uow.CommitAsync(ct);
            total += due.Count;
            if (due.Count < options.Value.SweepBatch) return total;
        }
    }
}
