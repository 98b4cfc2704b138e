using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Intake.Data;

namespace Pharos.Triage.Intake.Redrive;

/// <summary>
/// Files again every report still <c>received</c> a while after it was last published: its message may
/// have died with an in-memory bus or a broker's disk. Routing answers a report it already decided with
/// the same decision, so filing again never issues a second request.
/// </summary>
public sealed class StuckReportRedrive(IntakeDatabase database, TimeProvider clock, IOptions<PharosOptions> options, ILogger<StuckReportRedrive> logger)
    : BackgroundService
{
    private const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var redrive = options.Value.Redrive;
        using var timer = new PeriodicTimer(redrive.Interval, clock);
        do
        {
            try
            {
                while (await RedriveOnceAsync(redrive.After, stoppingToken) == Batch) { }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Re-driving stuck reports failed; trying again at the next interval");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }

    /// <summary>Publishes again the reports stuck longer than <paramref name="after"/>; returns how many.</summary>
    public async Task<int> RedriveOnceAsync(TimeSpan after, CancellationToken ct)
    {
        await using var uow = await database.BeginAsync(ct);
        var now = clock.Now();
        var stuck = (await uow.QueryAsync<ReportRow>(database.Sql.SelectStuck, new { Before = now - after, Limit = Batch })).ToList();
        if (stuck.Count == 0) return 0;
        foreach (var r in stuck)
            await uow.Publish(new ReportFiled(r.Id, r.Url, r.Category, r.Description, r.EvidenceSha256, r.Urgent, r.ReceivedAt, r.FiledBy), now);
        await uow.ExecuteAsync(database.Sql.TouchPublished, new { At = now, Ids = stuck.Select(r => r.Id).ToList() });
        await uow.CommitAsync(ct);
        logger.LogInformation("Filed {Count} stuck reports again", stuck.Count);
        return stuck.Count;
    }
}
