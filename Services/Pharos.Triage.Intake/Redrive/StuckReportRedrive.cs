using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Timing;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.Intake.Data;

namespace Pharos.Triage.Intake.Redrive;

/// <summary>
/// Files again every report still <c>received</c> a while after it was last published: its message may
/// have died with an in-memory bus or a broker's disk. Routing answers a report it already decided with
/// the same decision, so filing again never issues a second request. Copies are not free, though: after
/// an outage Routing has a backlog to work through, and every copy lengthens it. So a report's wait counts
/// from when its last copy left the outbox, not from when it was written, and doubles at every redrive.
/// </summary>
public sealed class StuckReportRedrive(IntakeDatabase database, TimeProvider clock, IOptions<PharosOptions> options, ILogger<StuckReportRedrive> logger)
    : PeriodicJob(clock, logger)
{
    private const int Batch = 500;

    protected override TimeSpan Interval => options.Value.Redrive.Interval;

    protected override string Name => "Re-driving stuck reports";

    protected override async Task RunAsync(CancellationToken ct)
    {
        var redrive = options.Value.Redrive;
        while (await RedriveOnceAsync(redrive.After, redrive.MaxWait, ct) == Batch) { }
    }

    /// <summary>Publishes again the reports whose wait (<paramref name="after"/>, doubled at each redrive) is over; returns how many.</summary>
    public async Task<int> RedriveOnceAsync(TimeSpan after, TimeSpan maxWait, CancellationToken ct)
    {
        await using var uow = await database.BeginAsync(ct);
        var now = Clock.Now();
        // A report whose last copy has not left yet (the bus is down or slow) is not stuck: the outbox is.
        if (await uow.OldestUnsentAsync() is { } oldestUnsent)
            await uow.ExecuteAsync(database.Sql.HoldUnsent, new { Now = now, OldestUnsent = oldestUnsent });
        var stuck = (await uow.QueryAsync<ReportRow>(database.Sql.SelectStuck, new { Before = now - after, Limit = Batch })).ToList();
        if (stuck.Count == 0)
        {
            await uow.CommitAsync(ct);
            return 0;
        }
        foreach (var r in stuck)
        {
            await uow.Publish(r.Filed(), now);
            await uow.ExecuteAsync(database.Sql.TouchRedriven, new { r.Id, At = now, RedriveAt = WaitCountedFrom(now, after, maxWait, r.Redrives + 1) });
        }
        await uow.CommitAsync(ct);
        Logger.LogInformation("Filed {Count} stuck reports again", stuck.Count);
        return stuck.Count;
    }

    /// <summary>
    /// Where the next wait of <paramref name="after"/> is counted from, so that after the n-th redrive the
    /// report waits after × 2ⁿ (at most <paramref name="maxWait"/>, never less than after) before it is filed again.
    /// </summary>
    public static DateTimeOffset WaitCountedFrom(DateTimeOffset now, TimeSpan after, TimeSpan maxWait, int redrives) =>
        now + (Backoff.Doubling(after, redrives, maxWait < after ? after : maxWait) - after);
}
