namespace Pharos.Triage.Infrastructure.Runtime;

public static class Clock
{
    /// <summary>
    /// The current UTC time, to the millisecond: the precision every store keeps, so that a time
    /// compared in memory and the same time read back from the database always agree.
    /// </summary>
    public static DateTimeOffset Now(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    }

    /// <summary>A timestamp as API.md writes it, for text such as timeline details.</summary>
    public static string Iso(this DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
