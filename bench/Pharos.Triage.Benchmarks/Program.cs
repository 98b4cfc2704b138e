using Pharos.Triage.Benchmarks;
using Pharos.Triage.Benchmarks.Baselines;
using Pharos.Triage.Benchmarks.Load;
using Pharos.Triage.Benchmarks.Micro;
using Pharos.Triage.Benchmarks.Reporting;

// dotnet run -c Release --project bench/Pharos.Triage.Benchmarks -- [all | <benchmark>...] [--requests N] [--out DIR]
// Runs on demand, never in CI's test run. Prints a table and writes benchmarks.json and benchmarks.csv.
var benchmarks = new (string Name, string What, Func<BenchReport, BenchArgs, Task> Run)[]
{
    ("baselines", "bare Kestrel, raw RabbitMQ and raw SQLite: the floors the system's figures are ratios to", BaselinesBenchmark.RunAsync),
    ("intake", "POST /api/reports under wrk on the embedded default, as a ratio to bare Kestrel", IntakeBenchmark.RunAsync),
    ("pipeline", "reports filed until visible to the platform, embedded and over RabbitMQ; peak memory", PipelineBenchmark.RunAsync),
    ("sweep", "deadline sweeps, nothing due and 1,000 due, at 10 thousand to 1 million open requests", SweepBenchmark.RunAsync),
    ("micro", "BenchmarkDotNet: URL normalisation, platform resolution, lifecycle tables", MicroBenchmark.RunAsync),
    ("statistics", "a year of statistics and a publication at 1.3 million requests", StatisticsBenchmark.RunAsync),
};

var options = BenchArgs.Parse(args);
var unknown = options.Names.Where(n => n != "all" && benchmarks.All(b => b.Name != n)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown benchmark {string.Join(", ", unknown)}; known: all, {string.Join(", ", benchmarks.Select(b => b.Name))}");
    foreach (var b in benchmarks) Console.Error.WriteLine($"  {b.Name,-12} {b.What}");
    return 2;
}

var report = new BenchReport();
var chosen = options.Names.Count == 0 || options.Names.Contains("all") ? benchmarks : benchmarks.Where(b => options.Names.Contains(b.Name)).ToArray();
if (chosen.Any(b => WrkLocator.Needing.Contains(b.Name)) && WrkLocator.Missing(Environment.GetEnvironmentVariable("PATH")) is { } noWrk)
{
    Console.Error.WriteLine(noWrk);
    return 3;
}
Console.WriteLine($"Pharos.Triage benchmarks on {Environment.ProcessorCount} cores: {string.Join(", ", chosen.Select(b => b.Name))}");
foreach (var benchmark in chosen)
{
    Console.WriteLine($"== {benchmark.Name}: {benchmark.What}");
    await benchmark.Run(report, options);
}

report.Print(Console.Out);
var (json, csv) = await report.WriteAsync(options.OutputDirectory);
Console.WriteLine($"written: {json}, {csv}");
Console.WriteLine(report.AllTargetsMet ? "every target met" : "SOME TARGETS MISSED");
return report.AllTargetsMet ? 0 : 1;
