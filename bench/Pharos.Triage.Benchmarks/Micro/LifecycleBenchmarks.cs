using BenchmarkDotNet.Attributes;
using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Deadlines;
using Pharos.Triage.PlatformLiaison.Lifecycle;

namespace Pharos.Triage.Benchmarks.Micro;

/// <summary>
/// <see cref="RequestLifecycle.TryApply"/> over every (status, trigger) pair, allowed or refused, against a
/// <see cref="Dictionary{TKey, TValue}"/> lookup keyed by the status alone.
/// </summary>
public class RequestLifecycleBenchmarks
{
    private const int Count = 16;

    private static readonly (string From, RequestTrigger Trigger)[] Pairs =
        RequestStatus.All.SelectMany(s => Enum.GetValues<RequestTrigger>().Select(t => (s, t))).ToArray();

    private static readonly Dictionary<string, string> ByStatus = RequestStatus.All.ToDictionary(s => s, s => s);

    [GlobalSetup]
    public void Setup()
    {
        if (Pairs.Length != Count) throw new InvalidOperationException($"Count is {Count}, the table holds {Pairs.Length}");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count, Description = "baseline: Dictionary lookup by request status")]
    public int DictionaryLookup()
    {
        var found = 0;
        foreach (var (from, _) in Pairs)
            if (ByStatus.TryGetValue(from, out _)) found++;
        return found;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "RequestLifecycle.TryApply")]
    public int TryApply()
    {
        var allowed = 0;
        foreach (var (from, trigger) in Pairs)
            if (RequestLifecycle.TryApply(from, trigger, out _)) allowed++;
        return allowed;
    }
}

/// <summary>
/// <see cref="SlaLifecycle.TryApply"/> over every (sla, event) pair, allowed or refused, against a
/// <see cref="Dictionary{TKey, TValue}"/> lookup keyed by the sla alone.
/// </summary>
public class SlaLifecycleBenchmarks
{
    private const int Count = 30;

    private static readonly (string From, SlaEvent Event)[] Pairs =
        Sla.All.SelectMany(s => Enum.GetValues<SlaEvent>().Select(e => (s, e))).ToArray();

    private static readonly Dictionary<string, string> BySla = Sla.All.ToDictionary(s => s, s => s);

    [GlobalSetup]
    public void Setup()
    {
        if (Pairs.Length != Count) throw new InvalidOperationException($"Count is {Count}, the table holds {Pairs.Length}");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count, Description = "baseline: Dictionary lookup by sla")]
    public int DictionaryLookup()
    {
        var found = 0;
        foreach (var (from, _) in Pairs)
            if (BySla.TryGetValue(from, out _)) found++;
        return found;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "SlaLifecycle.TryApply")]
    public int TryApply()
    {
        var allowed = 0;
        foreach (var (from, @event) in Pairs)
            if (SlaLifecycle.TryApply(from, @event, out _)) allowed++;
        return allowed;
    }
}
