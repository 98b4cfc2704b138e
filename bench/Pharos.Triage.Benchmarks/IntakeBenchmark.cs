using Pharos.Triage.Benchmarks.Baselines;
using Pharos.Triage.Benchmarks.Hosts;
using Pharos.Triage.Benchmarks.Load;
using Pharos.Triage.Benchmarks.Reporting;

namespace Pharos.Triage.Benchmarks;

/// <summary>
/// <c>POST /api/reports</c> on the embedded default under wrk, beside a bare Kestrel endpoint that parses the same
/// body, with the same load generator, in the same run. Every report is new content, so the rest of the pipeline
/// (routing, the request, its deadline clock) runs in the same process while the analysts file.
/// </summary>
public static class IntakeBenchmark
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(BenchReport report, BenchArgs args)
    {
        var kestrel = await BaselinesBenchmark.KestrelAsync(report);

        // The embedded default: every report filed also runs through the rest of the pipeline in the same process.
        await MeasureAsync(report, kestrel, "intake (embedded)", new Dictionary<string, string>());
        // Intake alone (the in-memory bus takes its messages; nobody consumes them): its own ceiling.
        await MeasureAsync(report, kestrel, "intake (alone)", new Dictionary<string, string> { ["Pharos__Services__0"] = "Intake" });
    }

    private static async Task MeasureAsync(BenchReport report, ServerRun kestrel, string group, Dictionary<string, string> environment)
    {
        var data = Path.Combine(Path.GetTempPath(), "pharos-bench", Guid.NewGuid().ToString("N"));
        await using (var host = await HostUnderTest.StartAsync(group, data, environment, TimeSpan.FromMinutes(2)))
        {
            var url = new Uri(host.BaseAddress, "/api/reports").ToString();
            var script = Wrk.PostScript(KestrelBaseline.BodyTemplate, "demo-analyst");
            await Wrk.RunAsync(url, script, KestrelBaseline.Warmup, KestrelBaseline.Threads, KestrelBaseline.Connections);
            var run = await Wrk.MeasureAsync(url, script, Duration, "host", host.ProcessId, KestrelBaseline.Threads, KestrelBaseline.Connections);
            var intake = run.Load;
            if (intake.NotSuccessful > 0 || intake.SocketErrors > 0)
                throw new InvalidOperationException($"{intake.NotSuccessful} answers were not 2xx and {intake.SocketErrors} calls failed:\n{host.Output}");

            var note = $"wrk {KestrelBaseline.Threads} threads, {KestrelBaseline.Connections} connections, {Duration.TotalSeconds:0} s, {intake.Requests:N0} reports filed";
            var ratio = intake.RequestsPerSecond / kestrel.Load.RequestsPerSecond;
            report.Add(new Measurement(group, "POST /api/reports", intake.RequestsPerSecond, "req/s", "bare Kestrel", ratio, "≥ 0.25 × bare Kestrel", ratio >= 0.25, note));
            report.Add(new Measurement(group, "POST /api/reports p50", intake.P50Ms, "ms", "bare Kestrel", intake.P50Ms / kestrel.Load.P50Ms, Note: note));
            report.Add(new Measurement(group, "POST /api/reports p99", intake.P99Ms, "ms", "bare Kestrel", intake.P99Ms / kestrel.Load.P99Ms, Note: note));
            BaselinesBenchmark.AddCpu(report, group, "host", run, "report filed", kestrel);
        }
        try { Directory.Delete(data, recursive: true); }
        catch (IOException) { }
    }
}
