using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Pharos.Triage.Benchmarks.Reporting;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Benchmarks.Baselines;

/// <summary>What SQLite gives raw: committed single-row transactions per second, and each transaction's p50/p99.</summary>
public sealed record SqliteFigures(int Transactions, double TransactionsPerSecond, double P50Ms, double P99Ms, string Synchronous);

/// <summary>
/// The floor for a service's writes: one report-like row per transaction, on a file database opened with the
/// services' connection string and pragmas (<see cref="ServiceDatabase"/>), through one connection held open.
/// </summary>
public static class SqliteBaseline
{
    private static readonly string[] SynchronousModes = ["OFF", "NORMAL", "FULL", "EXTRA"];

    /// <summary>
    /// Commits up to <paramref name="transactions"/> transactions, stopping early after <paramref name="limit"/>
    /// (default 10 s: with synchronous=FULL every commit waits for the disk). <paramref name="synchronous"/> is the
    /// services' <c>Pharos:Database:SqliteSynchronous</c>: pass what the system under comparison runs with.
    /// </summary>
    public static async Task<SqliteFigures> MeasureAsync(
        int transactions = 20_000, TimeSpan? limit = null, string synchronous = "NORMAL", CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(transactions, 1);
        synchronous = synchronous.ToUpperInvariant();
        if (!SynchronousModes.Contains(synchronous)) throw new ArgumentException($"synchronous must be one of {string.Join(", ", SynchronousModes)}", nameof(synchronous));
        var until = limit ?? TimeSpan.FromSeconds(10);

        var directory = Path.Combine(Path.GetTempPath(), "pharos-bench", Guid.NewGuid().ToString("N"));
        var connection = new SqliteConnection(ServiceDatabase.SqliteConnectionString(directory, "baseline"));
        try
        {
            await connection.OpenAsync(ct);
            await ExecuteAsync(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA foreign_keys=ON;", ct);
            // A report row's shape (Intake's reports table, trimmed to ten columns) and its listing index.
            await ExecuteAsync(connection, """
                CREATE TABLE reports (
                    id               TEXT    NOT NULL PRIMARY KEY,
                    url              TEXT    NOT NULL,
                    category         TEXT    NOT NULL,
                    description      TEXT    NOT NULL,
                    evidence_sha256  TEXT    NULL,
                    urgent           INTEGER NOT NULL,
                    status           TEXT    NOT NULL,
                    received_at      INTEGER NOT NULL,
                    filed_by         TEXT    NOT NULL,
                    last_published_at INTEGER NOT NULL
                );
                CREATE INDEX ix_reports_received_at ON reports (received_at DESC, id DESC);
                """, ct);

            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO reports (id, url, category, description, evidence_sha256, urgent, status, received_at, filed_by, last_published_at)
                VALUES ($id, $url, 'hate_speech', $description, NULL, 0, 'received', $at, 'analyst:benchmark', $at);
                """;
            var id = insert.Parameters.Add(new SqliteParameter("$id", ""));
            var url = insert.Parameters.Add(new SqliteParameter("$url", ""));
            var description = insert.Parameters.Add(new SqliteParameter("$description", ""));
            var at = insert.Parameters.Add(new SqliteParameter("$at", 0L));
            insert.Prepare();

            async Task CommitOneAsync(int n)
            {
                // BEGIN IMMEDIATE, as ServiceDatabase.BeginAsync does: the write lock is taken up front.
                await using var transaction = connection.BeginTransaction(deferred: false);
                insert.Transaction = transaction;
                var now = DateTimeOffset.UtcNow;
                id.Value = Guid.CreateVersion7(now).ToString();
                url.Value = $"https://www.youtube.com/watch?v=b{n}";
                description.Value = $"benchmark report {n}";
                at.Value = now.ToUnixTimeMilliseconds();
                await insert.ExecuteNonQueryAsync(ct);
                await transaction.CommitAsync(ct);
            }

            // Untimed: JIT and the WAL file's first growth.
            for (var n = 0; n < 500; n++) await CommitOneAsync(-n - 1);

            var latencies = new List<double>(transactions);
            var watch = Stopwatch.StartNew();
            while (latencies.Count < transactions && watch.Elapsed < until)
            {
                var started = Stopwatch.GetTimestamp();
                await CommitOneAsync(latencies.Count);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            var elapsed = watch.Elapsed;
            return new SqliteFigures(latencies.Count, latencies.Count / elapsed.TotalSeconds,
                Timing.Percentile(latencies, 50), Timing.Percentile(latencies, 99), synchronous);
        }
        finally
        {
            // Only this database's pool: other benchmarks' connections stay pooled.
            SqliteConnection.ClearPool(connection);
            await connection.DisposeAsync();
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
