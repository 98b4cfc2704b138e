using System.Diagnostics;

namespace Pharos.Triage.Benchmarks.Reporting;

public static class Timing
{
    /// <summary>The median of several timed runs, after one warm-up run, in milliseconds.</summary>
    public static async Task<double> MedianMsAsync(int runs, Func<Task> run)
    {
        await run();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return Percentile(times, 50);
    }

    /// <summary>
    /// As above, with <paramref name="prepare"/> run untimed before every run, warm-up included: for a run
    /// that uses up what it measures (a sweep advances the clocks it finds due).
    /// </summary>
    public static async Task<double> MedianMsAsync(int runs, Func<Task> prepare, Func<Task> run)
    {
        await prepare();
        await run();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            await prepare();
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return Percentile(times, 50);
    }

    /// <summary>Nearest-rank percentile of <paramref name="values"/> (sorted here).</summary>
    public static double Percentile(List<double> values, double percent)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        var rank = (int)Math.Ceiling(percent / 100 * values.Count);
        return values[Math.Clamp(rank - 1, 0, values.Count - 1)];
    }
}
