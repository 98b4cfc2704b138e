namespace Pharos.Triage.Infrastructure.Timing;

/// <summary>
/// The one backoff rule of the system: a first wait, doubled after each try, never longer than a longest wait. The
/// outbox's resends and retries, the re-drive of stuck reports, the access log's retries and the webhook schedule all
/// wait by it.
/// </summary>
public static class Backoff
{
    /// <summary>
    /// <paramref name="first"/> × 2^<paramref name="doublings"/>, at most <paramref name="longest"/>. Counted in ticks,
    /// so that no number of doublings overflows a <see cref="TimeSpan"/>; none (0 or fewer) leaves the first wait.
    /// </summary>
    public static TimeSpan Doubling(TimeSpan first, int doublings, TimeSpan longest)
    {
        var ticks = first.Ticks * Math.Pow(2, Math.Clamp(doublings, 0, 62));
        return ticks < longest.Ticks ? TimeSpan.FromTicks((long)ticks) : longest;
    }
}
