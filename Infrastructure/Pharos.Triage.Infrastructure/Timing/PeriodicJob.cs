using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pharos.Triage.Infrastructure.Timing;

/// <summary>
/// Work done again and again on the service's <see cref="TimeProvider"/> (so that a test moves it with a fake clock):
/// once at start, unless <see cref="RunsAtStart"/> says otherwise, then every <see cref="Interval"/>. A run that fails
/// is logged and the job tries again at the next tick: the service goes on. Stopping ends the wait, and the run in
/// progress through its token.
/// </summary>
public abstract class PeriodicJob(TimeProvider clock, ILogger logger) : BackgroundService
{
    protected TimeProvider Clock => clock;

    protected ILogger Logger => logger;

    /// <summary>The time between two runs; read once, as the job starts.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>What a run does, for the log (as in "Deadline sweep failed").</summary>
    protected abstract string Name { get; }

    /// <summary>Whether the first run comes at start or after a first interval.</summary>
    protected virtual bool RunsAtStart => true;

    /// <summary>One run.</summary>
    protected abstract Task RunAsync(CancellationToken ct);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        if (RunsAtStart) await RunLoggedAsync(stoppingToken);
        while (await NextTickAsync(timer, stoppingToken)) await RunLoggedAsync(stoppingToken);
    }

    private async Task RunLoggedAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "{Job} failed; trying again at the next interval", Name);
        }
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
