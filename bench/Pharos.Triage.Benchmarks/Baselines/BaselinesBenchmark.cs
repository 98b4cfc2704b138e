using Pharos.Triage.Benchmarks.Load;
using Pharos.Triage.Benchmarks.Reporting;

namespace Pharos.Triage.Benchmarks.Baselines;

/// <summary>
/// The three floors on their own (HTTP, broker, database), with no target: the figures the system's are divided by.
/// The other benchmarks call the baselines' MeasureAsync themselves, so that both figures come from the same run.
/// </summary>
public static class BaselinesBenchmark
{
    public const string Group = "baseline";

    public static readonly TimeSpan WrkDuration = TimeSpan.FromSeconds(10);
    public const int Messages = 20_000;
    public const int Transactions = 20_000;

    private static ServerRun? _kestrel;
    private static RabbitMqFigures? _rabbitMq;

    public static async Task RunAsync(BenchReport report, BenchArgs args)
    {
        await KestrelAsync(report);
        await RabbitMqAsync(report);

        // Both settings the services can run with: NORMAL (with WAL, survives a killed process) and FULL, their default
        // (also survives power loss, at an fsync per commit). The system's figures are divided by the one it runs with.
        foreach (var synchronous in new[] { "NORMAL", "FULL" })
        {
            var sqlite = await SqliteBaseline.MeasureAsync(Transactions, synchronous: synchronous);
            var rows = $"{sqlite.Transactions:N0} single-row transactions, WAL, synchronous={sqlite.Synchronous}";
            report.Add(new Measurement(Group, $"SQLite 1-row transaction, synchronous={sqlite.Synchronous}", sqlite.TransactionsPerSecond, "tx/s", Note: rows));
            report.Add(new Measurement(Group, $"SQLite 1-row transaction p50, synchronous={sqlite.Synchronous}", sqlite.P50Ms, "ms", Note: rows));
            report.Add(new Measurement(Group, $"SQLite 1-row transaction p99, synchronous={sqlite.Synchronous}", sqlite.P99Ms, "ms", Note: rows));
        }
    }

    /// <summary>The bare Kestrel figures of this run, measured (and reported) the first time they are asked for.</summary>
    public static async Task<ServerRun> KestrelAsync(BenchReport report)
    {
        if (_kestrel is not null) return _kestrel;
        var kestrel = _kestrel = await KestrelBaseline.MeasureAsync(WrkDuration);
        var load = $"wrk {KestrelBaseline.Threads} threads, {KestrelBaseline.Connections} connections, {WrkDuration.TotalSeconds:0} s";
        var requests = $"{kestrel.Load.Requests:N0} requests";
        report.Add(new Measurement(Group, $"bare Kestrel POST /api/reports ({load})", kestrel.Load.RequestsPerSecond, "req/s", Note: requests));
        report.Add(new Measurement(Group, "bare Kestrel POST /api/reports p50", kestrel.Load.P50Ms, "ms", Note: requests));
        report.Add(new Measurement(Group, "bare Kestrel POST /api/reports p99", kestrel.Load.P99Ms, "ms", Note: requests));
        AddCpu(report, Group, "bare Kestrel", kestrel, "request");
        return kestrel;
    }

    /// <summary>
    /// Where the cores went under wrk: the server's CPU per request, wrk's and the kernel's, and the share of the
    /// machine left idle. A server that is CPU-bound leaves little idle; one that waits on a lock leaves more.
    /// </summary>
    public static void AddCpu(BenchReport report, string group, string server, ServerRun run, string unit, ServerRun? baseline = null)
    {
        var note = $"CPU seconds from /proc over the timed run: {run.Cpu.SecondsOf(run.Server):0.0} s {server}, {run.Cpu.OtherSeconds:0.0} s the rest, " +
                   $"{run.Cpu.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} cores";
        report.Add(new Measurement(group, $"{server} CPU per {unit}", run.ServerMicrosecondsPerRequest, "µs",
            baseline is null ? null : "bare Kestrel", baseline is null ? null : run.ServerMicrosecondsPerRequest / baseline.ServerMicrosecondsPerRequest, Note: note));
        report.Add(new Measurement(group, $"wrk and kernel CPU per {unit}", run.OtherMicrosecondsPerRequest, "µs", Note: note));
        report.Add(new Measurement(group, "machine idle during the run", run.Cpu.IdleShare * 100, "%", Note: note));
    }

    /// <summary>The raw RabbitMQ figures of this run, measured (and reported) the first time they are asked for.</summary>
    public static async Task<RabbitMqFigures> RabbitMqAsync(BenchReport report)
    {
        if (_rabbitMq is not null) return _rabbitMq;
        var rabbit = _rabbitMq = await RabbitMqBaseline.MeasureAsync(messages: Messages);
        var shape = $"{rabbit.Messages:N0} persistent messages of {rabbit.MessageBytes} bytes, quorum queue, confirms, manual acks";
        report.Add(new Measurement(Group, "RabbitMQ publish→confirm→consume→ack, 1 in flight", rabbit.OneInFlightPerSecond, "msg/s", Note: shape));
        report.Add(new Measurement(Group, $"RabbitMQ publish→confirm→consume→ack, {RabbitMqBaseline.Window} in flight", rabbit.WindowPerSecond, "msg/s", Note: shape));
        var cpu = $"CPU seconds from /proc over the {RabbitMqBaseline.Window}-in-flight run, {rabbit.WindowCpu.Elapsed.TotalSeconds:0.0} s";
        if (rabbit.OneInFlightBrokerMicrosecondsPerMessage is { } alone)
            report.Add(new Measurement(Group, "RabbitMQ broker CPU per message, 1 in flight", alone, "µs", Note: "CPU seconds from /proc over the 1-in-flight run"));
        if (rabbit.BrokerMicrosecondsPerMessage is { } broker)
            report.Add(new Measurement(Group, $"RabbitMQ broker CPU per message, {RabbitMqBaseline.Window} in flight", broker, "µs", Note: cpu));
        report.Add(new Measurement(Group, $"raw client CPU per message (publisher and consumer), {RabbitMqBaseline.Window} in flight",
            rabbit.ClientMicrosecondsPerMessage, "µs", Note: cpu));
        report.Add(new Measurement(Group, $"machine idle, raw RabbitMQ {RabbitMqBaseline.Window} in flight", rabbit.WindowCpu.IdleShare * 100, "%", Note: cpu));
        return rabbit;
    }
}
