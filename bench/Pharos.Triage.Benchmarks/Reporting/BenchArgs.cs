namespace Pharos.Triage.Benchmarks.Reporting;

/// <summary>The command line: benchmark names, then options.</summary>
public sealed record BenchArgs(IReadOnlyList<string> Names, int StatisticsRequests, string OutputDirectory, int PipelineReports, int PacedSeconds, string PipelineTransports)
{
    public static BenchArgs Parse(string[] args)
    {
        var names = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        return new BenchArgs(
            names,
            int.Parse(Option(args, "--requests") ?? "1300000", System.Globalization.CultureInfo.InvariantCulture),
            Option(args, "--out") ?? Path.Combine(Directory.GetCurrentDirectory(), "bench", "results"),
            int.Parse(Option(args, "--reports") ?? "20000", System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Option(args, "--paced-seconds") ?? "15", System.Globalization.CultureInfo.InvariantCulture),
            Option(args, "--transports") ?? "embedded,rabbitmq");
    }

    private static string? Option(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}
