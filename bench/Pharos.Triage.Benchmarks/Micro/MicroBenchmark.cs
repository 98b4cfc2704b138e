using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Pharos.Triage.Benchmarks.Reporting;
using Measurement = Pharos.Triage.Benchmarks.Reporting.Measurement;

namespace Pharos.Triage.Benchmarks.Micro;

/// <summary>
/// The hot pure functions (URL normalisation, platform resolution, the lifecycle tables) under BenchmarkDotNet,
/// each beside a BCL operation of the same shape marked as its baseline. BenchmarkDotNet's figures then join
/// the common report; its own artifacts go to <c>micro/</c> under the output directory.
/// </summary>
public static class MicroBenchmark
{
    private static readonly Type[] Benchmarks =
    [
        typeof(UrlNormalisationBenchmarks),
        typeof(PlatformResolutionBenchmarks),
        typeof(RequestLifecycleBenchmarks),
        typeof(SlaLifecycleBenchmarks),
    ];

    public static Task RunAsync(BenchReport report, BenchArgs args)
    {
        // In process: the out-of-process toolchain would build a generated project, and this solution with it, a
        // second time, to time functions that need nothing this process does not already have.
        // Short iterations, modest counts: nanosecond functions settle fast; the run takes about a minute on two cores.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(6)
            .WithIterationCount(15)
            .WithIterationTime(TimeInterval.FromMilliseconds(200))
            .WithId("micro");
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(args.OutputDirectory, "micro"))
            .WithOptions(ConfigOptions.DisableLogFile);

        foreach (var type in Benchmarks) WarmUp(type);
        foreach (var summary in BenchmarkRunner.Run(Benchmarks, config)) AddRows(report, summary);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs every benchmark method for a while before BenchmarkDotNet sees it. In process, the runtime promotes
    /// a method to optimised code only after 100 ms without new JIT activity, which BenchmarkDotNet's own stages
    /// keep restarting: without this, the pilot sized iterations on tier-0 code and the first measured
    /// iterations ran several times slower than the rest.
    /// </summary>
    private static void WarmUp(Type type)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var setup in type.GetMethods().Where(m => m.IsDefined(typeof(GlobalSetupAttribute)))) setup.Invoke(instance, null);
        foreach (var method in type.GetMethods().Where(m => m.IsDefined(typeof(BenchmarkAttribute))))
        {
            var run = method.CreateDelegate<Func<int>>(instance);
            var watch = Stopwatch.StartNew();
            while (watch.ElapsedMilliseconds < 500) run();
        }
        Thread.Sleep(200);
    }

    private static void AddRows(BenchReport report, Summary summary)
    {
        var cases = summary.Reports.Select(r => (
                Report: r,
                // BenchmarkDotNet quotes a description that has spaces.
                Name: r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo.Trim('\''),
                Statistics: r.ResultStatistics
                    ?? throw new InvalidOperationException($"{r.BenchmarkCase.DisplayInfo} gave no result; see the log above")))
            .ToList();
        var baseline = cases.Single(c => c.Report.BenchmarkCase.Descriptor.Baseline);
        foreach (var (caseReport, name, statistics) in cases)
        {
            var allocated = caseReport.GcStats.GetBytesAllocatedPerOperation(caseReport.BenchmarkCase);
            var isBaseline = caseReport == baseline.Report;
            // The median and the margin say how far a noisy machine moved the mean.
            report.Add(new Measurement("micro", name, statistics.Mean, "ns/op",
                isBaseline ? null : baseline.Name, isBaseline ? null : statistics.Mean / baseline.Statistics.Mean,
                Note: string.Create(CultureInfo.InvariantCulture,
                    $"{allocated?.ToString(CultureInfo.InvariantCulture) ?? "?"} B allocated; median {statistics.Median:0.0} ns; ±{statistics.ConfidenceInterval.Margin:0.0} ns (99.9% CI)")));
        }
    }
}
