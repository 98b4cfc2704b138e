using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pharos.Triage.Benchmarks.Reporting;
using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Escalation.Deadlines;
using Pharos.Triage.Escalation.Sweeps;
using Pharos.Triage.Infrastructure.Deadlines;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Routing.Decisions;

namespace Pharos.Triage.Benchmarks;

/// <summary>
/// Issue "Benchmarks", item 4: with a million open requests stored, a deadline sweep with nothing due takes
/// under 5 ms, and a sweep costs what is due, not what is stored. Grows one Escalation store from 10,000 to
/// 100,000 to 1,000,000 open requests; at each size times the service's own sweep finding nothing due and
/// advancing 1,000 due clocks, beside raw SQLite on the same file: one probe of the due index, the same 1,000
/// clocks written by prepared UPDATEs, and one single-row write transaction.
/// </summary>
public static class SweepBenchmark
{
    private const string Group = "sweep";
    private const int Due = 1_000;
    private static readonly int[] Sizes = [10_000, 100_000, 1_000_000];

    // The sweep's "now", fixed: which clocks are due must not drift while the benchmark runs.
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static readonly (string Id, string Name)[] Platforms =
        [("facebook", "Facebook"), ("instagram", "Instagram"), ("youtube", "YouTube"), ("x", "X"), ("tiktok", "TikTok"),
         ("snapchat", "Snapchat"), ("telegram", "Telegram"), ("microsoft", "Microsoft"), ("apple", "Apple")];

    private static readonly string[] Categories =
        [Category.Terrorism, Category.ChildSexualAbuse, Category.IllicitTrade, Category.HateSpeech, Category.ThreatsViolence, Category.Other];

    // The categories whose reminder (half the acknowledge window) is the step due between it and acknowledge-by
    // under the same age formula as before the reminder moved there; kept, so that runs compare with earlier ones.
    private static readonly string[] RemindedFirst = [Category.Terrorism, Category.ChildSexualAbuse, Category.IllicitTrade];

    public static async Task RunAsync(BenchReport report, BenchArgs args)
    {
        Timestamps.RegisterWithDapper();
        var directory = Path.Combine(Path.GetTempPath(), "pharos-bench", Guid.NewGuid().ToString("N"));
        // The service's default durability (FULL): a sweep's commits cost what they cost in production.
        var synchronous = new DatabaseOptions().SqliteSynchronous;
        var database = new EscalationDatabase(DatabaseProvider.Sqlite, ServiceDatabase.SqliteConnectionString(directory, "escalation"), synchronous);
        try
        {
            await MigrationRunner.ApplyAsync(database, [typeof(ServiceDatabase).Assembly, typeof(EscalationDatabase).Assembly], NullLogger.Instance);
            var options = new EscalationOptions();
            var sweep = new DeadlineSweep(database, new FixedClock(Now), Options.Create(options), NullLogger<DeadlineSweep>.Instance);
            var policies = new DeadlinePolicies(new ConfigurationBuilder().Build());
            var dueIds = Enumerable.Range(0, Sizes[0]).Where(IsDueClock).Select(RequestId).ToArray();

            var nothingDue = new Dictionary<int, double>();
            var thousandDue = new Dictionary<int, double>();
            var rearmed = new Dictionary<int, double>();
            var pages = new Dictionary<int, (double Rearm, double Sweep)>();
            var stored = 0;
            foreach (var size in Sizes)
            {
                var seeding = Stopwatch.StartNew();
                await SeedAsync(database, policies, stored, size, synchronous);
                stored = size;
                Console.WriteLine($"stored {size:N0} open requests (seeded in {seeding.Elapsed.TotalSeconds:F1} s, " +
                                  $"{new FileInfo(Path.Combine(directory, "escalation.db")).Length / 1048576.0:F0} MB), sweep batch {options.SweepBatch}");
                var scale = Scale(size);

                if (size == Sizes[0]) await WarmUpAsync(database, sweep, dueIds);

                // Each baseline is timed between the sweeps it is compared with, so that both see the same load on the machine.
                await using var baselines = await Baselines.OpenAsync(database, dueIds);
                nothingDue[size] = await Timing.MedianMsAsync(1001, baselines.ProbeAsync, async () =>
                {
                    var moved = await sweep.SweepOnceAsync();
                    if (moved != 0) throw new InvalidOperationException($"a sweep with nothing due moved {moved} clocks");
                });
                // Each timed sweep advances the 1,000 clocks that its (untimed) re-arming made due: every run finds the same work.
                thousandDue[size] = await Timing.MedianMsAsync(21, async () =>
                {
                    await baselines.RearmAsync();
                    await baselines.WriteOneAsync();
                }, async () =>
                {
                    var moved = await sweep.SweepOnceAsync();
                    if (moved != Due) throw new InvalidOperationException($"a sweep with {Due} clocks due moved {moved}");
                });
                var (probe, rearm, writeOne) = (baselines.ProbeMs, baselines.RearmMs, baselines.WriteOneMs);
                pages[size] = (baselines.RearmPages, baselines.SweepPages);
                Console.WriteLine($"  pages written: {pages[size].Rearm:N0} by a re-arming, {pages[size].Sweep:N0} by a sweep of {Due:N0} due clocks (and one single-row write)");
                rearmed[size] = rearm;

                // Microseconds: the probe is too quick for the table's two decimals of a millisecond.
                report.Add(new Measurement(Group, $"baseline: MIN(next_due_at) through the due index ({scale} stored)", probe * 1000, "µs"));
                var plan = size == Sizes[^1] ? await PlanAsync(database, options.SweepBatch) : null;
                report.Add(new Measurement(Group, $"sweep, nothing due ({scale} stored)", nothingDue[size], "ms", "index probe", nothingDue[size] / probe,
                    size == Sizes[^1] ? "< 5 ms" : null, size == Sizes[^1] ? nothingDue[size] < 5 : null, plan is null ? null : $"plan: {plan}"));
                if (plan is not null) Console.WriteLine($"  ClaimDue's plan: {plan}");
                report.Add(new Measurement(Group, $"baseline: the same {Due:N0} clocks re-armed by raw UPDATEs, one transaction ({scale} stored)", rearm, "ms",
                    Note: $"writes {pages[size].Rearm:N0} pages"));
                report.Add(new Measurement(Group, $"sweep, {Due:N0} due ({scale} stored)", thousandDue[size], "ms", $"{Due:N0} raw UPDATEs", thousandDue[size] / rearm,
                    Note: $"batches of {options.SweepBatch}, one transaction each; one reminder written to the outbox per clock; writes {pages[size].Sweep:N0} pages"));
                report.Add(new Measurement(Group, $"baseline: one single-row UPDATE transaction ({scale} stored)", writeOne, "ms",
                    Note: "mostly the commit's fsync (synchronous=FULL): on a shared disk, the noisiest figure here"));
                if (size == Sizes[^1])
                {
                    var perClock = thousandDue[size] / Due;
                    report.Add(new Measurement(Group, $"sweep, {Due:N0} due, per due clock ({scale} stored)", perClock * 1000, "µs", "1-row transaction", perClock / writeOne));
                }
            }

            var (least, most) = (Sizes[0], Sizes[^1]);
            report.Add(new Measurement(Group, $"nothing due: {Scale(most)} ÷ {Scale(least)} stored", nothingDue[most] / nothingDue[least], "×",
                Note: "≈ 1 when the sweep reads only what is due"));
            report.Add(new Measurement(Group, $"{Due:N0} due: {Scale(most)} ÷ {Scale(least)} stored", thousandDue[most] / thousandDue[least], "×",
                Note: $"the sweep reads only what is due (nothing due stays flat); what grows is updating each due clock's entries in indexes that grow with the stored rows, as raw UPDATEs of the same rows do (next row); pages written: {pages[least].Sweep:N0} at {Scale(least)}, {pages[most].Sweep:N0} at {Scale(most)}"));
            report.Add(new Measurement(Group, $"baseline, {Due:N0} raw UPDATEs: {Scale(most)} ÷ {Scale(least)} stored", rearmed[most] / rearmed[least], "×",
                Note: $"pages written: {pages[least].Rearm:N0} at {Scale(least)}, {pages[most].Rearm:N0} at {Scale(most)}"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    private static string Scale(int size) => size >= 1_000_000 ? $"{size / 1_000_000}M" : $"{size / 1_000}k";

    private static string RequestId(int i) => $"{i:x8}-0000-7000-8000-000000000000";

    /// <summary>One clock in ten of the first 10,000: the 1,000 a sweep finds due once re-armed, the same at every size.</summary>
    private static bool IsDueClock(int i) => i < Sizes[0] && i % (Sizes[0] / Due) == 0;

    /// <summary>
    /// Open, unacknowledged requests numbered [<paramref name="from"/>, <paramref name="to"/>), each brought to
    /// <see cref="Now"/> by the ladder itself as a timely sweep would have (every step fired at its own time),
    /// so each has its next step still ahead. The due clocks are past their reminder, short of acknowledge-by.
    /// </summary>
    private static async Task SeedAsync(EscalationDatabase database, DeadlinePolicies policies, int from, int to, string synchronous)
    {
        var random = new Random(20261123 + from);
        await using var connection = (SqliteConnection)await database.OpenAsync();
        // Durability and a small page cache are the service's business, not the seeding's: without them one
        // transaction of 900,000 rows neither waits on the disk nor spills its pages to the WAL over and over.
        var cacheSize = await Scalar(connection, "PRAGMA cache_size;");
        await Execute(connection, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;");
        await using (var transaction = connection.BeginTransaction())
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO deadline_clocks (request_id, reference, platform_id, platform_name, category, legal_basis, issued_at,
                    acknowledge_by, act_by, remind_at, act_remind_at, unanswered_due_at, sla, reminded_at, acknowledge_overdue_at,
                    act_overdue_at, next_due_at)
                VALUES ($id, $ref, $platform, $name, $category, $basis, $issued, $ackBy, $actBy, $remind, $actRemind, $unanswered, $sla,
                    $reminded, $ackOverdue, $actOverdue, $nextDue);
                """;
            var p = new[] { "$id", "$ref", "$platform", "$name", "$category", "$basis", "$issued", "$ackBy", "$actBy", "$remind", "$actRemind",
                "$unanswered", "$sla", "$reminded", "$ackOverdue", "$actOverdue", "$nextDue" }.Select(n => insert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
            insert.Prepare();

            for (var i = from; i < to; i++)
            {
                var due = IsDueClock(i);
                var platform = Platforms[random.Next(Platforms.Length)];
                var category = due ? RemindedFirst[random.Next(RemindedFirst.Length)] : Categories[random.Next(Categories.Length)];
                var policy = policies.For(category, platform.Id)!;
                var age = due
                    ? policy.ActWithin / 2 + (policy.AcknowledgeWithin - policy.ActWithin / 2) * (0.1 + 0.8 * random.NextDouble())
                    : (policy.ActWithin + policy.UnansweredAfter) * (0.001 + 0.998 * random.NextDouble());
                var issued = DateTimeOffset.FromUnixTimeMilliseconds((Now - age).ToUnixTimeMilliseconds());
                var d = IssueDeadlines.For(policy, issued);
                var clock = Clocks.Start(new RequestIssued(RequestId(i), $"PHR-2026-{i:0000000}", $"report-{i}", platform.Id, platform.Name,
                    "", "", category, policy.LegalBasis, "", null, issued, d.AcknowledgeBy, d.ActBy, d.UnansweredAt, d.AcknowledgeReminderAt, d.ActReminderAt));
                while (clock.NextDueAt is { } at && at <= Now) DeadlineLadder.Advance(clock, at);
                if (clock.NextDueAt is null || (due && clock.RemindedAt is null))
                    throw new InvalidOperationException($"request {i} was seeded with nothing ahead of it or no reminder fired");

                object?[] values =
                [
                    clock.RequestId, clock.Reference, clock.PlatformId, clock.PlatformName, clock.Category, clock.LegalBasis,
                    Ms(clock.IssuedAt), Ms(clock.AcknowledgeBy), Ms(clock.ActBy), Ms(clock.RemindAt), Ms(clock.ActRemindAt), Ms(clock.UnansweredDueAt), clock.Sla,
                    Ms(clock.RemindedAt), Ms(clock.AcknowledgeOverdueAt), Ms(clock.ActOverdueAt), Ms(clock.NextDueAt),
                ];
                for (var v = 0; v < values.Length; v++) p[v].Value = values[v] ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        await Execute(connection, $"PRAGMA synchronous = {synchronous}; PRAGMA cache_size = {cacheSize};");
        // A running service checkpoints as it goes; the first timed sweep must not pay for the seeding's WAL.
        await Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    /// <summary>
    /// Runs every timed path untimed until the JIT has compiled it at full optimisation, so that the first size
    /// timed is not the slowest for that alone. Tiering waits for 30 calls of a method, then for 100 ms without
    /// new methods, then compiles in the background: hence seconds of warm-up, not a count of calls.
    /// </summary>
    private static async Task WarmUpAsync(EscalationDatabase database, DeadlineSweep sweep, string[] dueIds)
    {
        await using var untimed = await Baselines.OpenAsync(database, dueIds);
        var watch = Stopwatch.StartNew();
        for (var pass = 0; pass < 10 || watch.Elapsed < TimeSpan.FromSeconds(3); pass++)
        {
            await untimed.RearmAsync();
            await untimed.WriteOneAsync();
            await sweep.SweepOnceAsync();
            for (var nothingDue = 0; nothingDue < 100; nothingDue++)
            {
                await untimed.ProbeAsync();
                await sweep.SweepOnceAsync();
            }
        }
    }

    /// <summary>
    /// The raw SQLite costs the sweep is compared with, by prepared statements on an open connection to the same
    /// file: one probe of the due index (what a sweep with nothing due must at least do); the re-arming of the
    /// 1,000 due clocks, one UPDATE each in one transaction (the same rows a sweep then writes); one single-row
    /// write transaction (what each clock would cost without batches). Each call times one and keeps it.
    /// </summary>
    private sealed class Baselines : IAsyncDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly string[] _dueIds;
        private readonly SqliteCommand _probe;
        private readonly SqliteCommand _rearm;
        private readonly SqliteParameter _rearmId;
        private readonly SqliteCommand _writeOne;
        private readonly List<double> _probes = [];
        private readonly List<double> _rearms = [];
        private readonly List<double> _rearmPages = [];
        private readonly List<double> _sweepPages = [];
        private readonly List<double> _writes = [];

        private Baselines(SqliteConnection connection, string[] dueIds)
        {
            _connection = connection;
            _dueIds = dueIds;
            _probe = Command("SELECT MIN(next_due_at) FROM deadline_clocks WHERE next_due_at IS NOT NULL;");
            _probe.Prepare();
            // As the clock was before a sweep reminded it: no reminder yet, still on time, the (past) reminder next.
            _rearm = Command("UPDATE deadline_clocks SET reminded_at = NULL, sla = $onTime, next_due_at = remind_at WHERE request_id = $id;");
            _rearm.Parameters.AddWithValue("$onTime", Sla.OnTime);
            _rearmId = _rearm.Parameters.Add(new SqliteParameter("$id", null));
            _writeOne = Command("UPDATE deadline_clocks SET next_due_at = next_due_at WHERE request_id = $id;");
            // A clock that is never due, so that this write changes nothing the sweeps see.
            _writeOne.Parameters.AddWithValue("$id", RequestId(1));
        }

        public static async Task<Baselines> OpenAsync(EscalationDatabase database, string[] dueIds) =>
            new((SqliteConnection)await database.OpenAsync(), dueIds);

        public double ProbeMs => Timing.Percentile(_probes, 50);

        public double RearmMs => Timing.Percentile(_rearms, 50);

        /// <summary>The pages one re-arming writes (WAL frames), median.</summary>
        public double RearmPages => Timing.Percentile(_rearmPages, 50);

        /// <summary>The pages (WAL frames) written between a re-arming and the next: one sweep of the due clocks, and one single-row write.</summary>
        public double SweepPages => Timing.Percentile(_sweepPages, 50);

        public double WriteOneMs => Timing.Percentile(_writes, 50);

        public async Task ProbeAsync()
        {
            var watch = Stopwatch.StartNew();
            await _probe.ExecuteScalarAsync();
            _probes.Add(watch.Elapsed.TotalMilliseconds);
        }

        /// <summary>
        /// Makes the 1,000 due clocks due again. Clears the outbox the last sweep filled (the dispatcher would have)
        /// and checkpoints before and after, so that neither this re-arming nor the next sweep pays for the other's writes.
        /// </summary>
        public async Task RearmAsync()
        {
            var sincePrevious = await CheckpointAsync();
            if (_rearms.Count > 0) _sweepPages.Add(sincePrevious);
            await using (var clear = Command("DELETE FROM outbox;")) await clear.ExecuteNonQueryAsync();
            await CheckpointAsync();

            var watch = Stopwatch.StartNew();
            await using (var transaction = _connection.BeginTransaction(deferred: false))
            {
                _rearm.Transaction = transaction;
                foreach (var requestId in _dueIds)
                {
                    _rearmId.Value = requestId;
                    if (await _rearm.ExecuteNonQueryAsync() != 1) throw new InvalidOperationException($"request {requestId} is not stored");
                }
                await transaction.CommitAsync();
            }
            _rearms.Add(watch.Elapsed.TotalMilliseconds);
            _rearmPages.Add(await CheckpointAsync());

            await using var count = Command("SELECT COUNT(*) FROM deadline_clocks WHERE next_due_at IS NOT NULL AND next_due_at <= $now;");
            count.Parameters.AddWithValue("$now", Now.ToUnixTimeMilliseconds());
            var due = (long)(await count.ExecuteScalarAsync())!;
            if (due != Due) throw new InvalidOperationException($"re-arming left {due} clocks due, not {Due}");
        }

        public async Task WriteOneAsync()
        {
            var watch = Stopwatch.StartNew();
            // BEGIN IMMEDIATE, as the sweep's unit of work begins.
            await using (var transaction = _connection.BeginTransaction(deferred: false))
            {
                _writeOne.Transaction = transaction;
                await _writeOne.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            }
            _writes.Add(watch.Elapsed.TotalMilliseconds);
        }

        public async ValueTask DisposeAsync()
        {
            await _probe.DisposeAsync();
            await _rearm.DisposeAsync();
            await _writeOne.DisposeAsync();
            await _connection.DisposeAsync();
        }

        // RESTART, not TRUNCATE: the next writer reuses a WAL file already grown, as a running service's does.
        // Returns how many pages the WAL held: what was written since the last checkpoint.
        private async Task<long> CheckpointAsync()
        {
            await using var checkpoint = Command("PRAGMA wal_checkpoint(RESTART);");
            await using var reader = await checkpoint.ExecuteReaderAsync();
            await reader.ReadAsync();
            return reader.GetInt64(1);
        }

        private SqliteCommand Command(string sql)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            return command;
        }
    }

    /// <summary>SQLite's plan for the sweep's own query, to show it searches the due index rather than scanning.</summary>
    private static async Task<string> PlanAsync(EscalationDatabase database, int batch)
    {
        await using var connection = (SqliteConnection)await database.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + database.Sql.ClaimDue;
        explain.Parameters.AddWithValue("@Now", Now.ToUnixTimeMilliseconds());
        explain.Parameters.AddWithValue("@Limit", batch);
        var steps = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) steps.Add(reader.GetString(3));
        return string.Join("; ", steps);
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static object? Ms(DateTimeOffset? at) => at is { } value ? value.ToUnixTimeMilliseconds() : null;

    /// <summary>A clock that stands still: the sweep reads "now" from it.</summary>
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
