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

    private static WrkResult? _kestrel;
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
    public static async Task<WrkResult> KestrelAsync(BenchReport report)
    {
        if (_kestrel is not null) return _kestrel;
        var kestrel = _kestrel = await KestrelBaseline.MeasureAsync(WrkDuration);
        var load = $"wrk {KestrelBaseline.Threads} threads, {KestrelBaseline.Connections} connections, {WrkDuration.TotalSeconds:0} s";
        var requests = $"{kestrel.Requests:N0} requests";
        report.Add(new Measurement(Group, $"bare Kestrel POST /api/reports ({load})", kestrel.RequestsPerSecond, "req/s", Note: requests));
        report.Add(new Measurement(Group, "bare Kestrel POST /api/reports p50", kestrel.P50Ms, "ms", Note: requests));
        report.Add(new Measurement(Group, "bare Kestrel POST /api/reports p99", kestrel.P99Ms, "ms", Note: requests));
        return kestrel;
    }

    /// <summary>The raw RabbitMQ figures of this run, measured (and reported) the first time they are asked for.</summary>
    public static async Task<RabbitMqFigures> RabbitMqAsync(BenchReport report)
    {
        if (_rabbitMq is not null) return _rabbitMq;
        var rabbit = _rabbitMq = await RabbitMqBaseline.MeasureAsync(messages: Messages);
        var shape = $"{rabbit.Messages:N0} persistent messages of {rabbit.MessageBytes} bytes, quorum queue, confirms, manual acks";
        report.Add(new Measurement(Group, "RabbitMQ publish→confirm→consume→ack, 1 in flight", rabbit.OneInFlightPerSecond, "msg/s", Note: shape));
        report.Add(new Measurement(Group, $"RabbitMQ publish→confirm→consume→ack, {RabbitMqBaseline.Window} in flight", rabbit.WindowPerSecond, "msg/s", Note: shape));
        return rabbit;
    }
}
