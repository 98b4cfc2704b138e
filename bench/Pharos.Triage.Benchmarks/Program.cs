using Pharos.Triage.Benchmarks;

// dotnet run -c Release --project bench/Pharos.Triage.Benchmarks -- statistics [--requests 1300000]
var requests = args.SkipWhile(a => a != "--requests").Skip(1).Select(int.Parse).FirstOrDefault(1_300_000);
return args.FirstOrDefault() switch
{
    "statistics" or null => await StatisticsBenchmark.RunAsync(requests),
    var other => Usage(other),
};

static int Usage(string what)
{
    Console.Error.WriteLine($"unknown benchmark '{what}'; known: statistics [--requests N]");
    return 2;
}
