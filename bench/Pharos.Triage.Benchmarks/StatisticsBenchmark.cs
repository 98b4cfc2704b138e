using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pharos.Triage.Benchmarks.Reporting;
using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Escalation.Statistics;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Benchmarks;

/// <summary>
/// Issue 5's target: a year of requests at ten times PHAROS's volume (1.3 million), statistics in under
/// a second. Seeds the Escalation store, then times one statistics query and one publication, beside a
/// baseline measured in the same run: counting the same period's rows through the same index.
/// </summary>
public static class StatisticsBenchmark
{
    private static readonly (string Id, string Name)[] Platforms =
        [("facebook", "Facebook"), ("instagram", "Instagram"), ("youtube", "YouTube"), ("x", "X"), ("tiktok", "TikTok"),
         ("snapchat", "Snapchat"), ("telegram", "Telegram"), ("microsoft", "Microsoft"), ("apple", "Apple")];

    private static readonly (string Category, string Basis, TimeSpan Acknowledge, TimeSpan Act)[] Categories =
    [
        (Category.Terrorism, LegalBasis.TcoRemovalOrder, TimeSpan.FromHours(1), TimeSpan.FromHours(1)),
        (Category.ChildSexualAbuse, LegalBasis.Lcen61, TimeSpan.FromHours(24), TimeSpan.FromHours(24)),
        (Category.IllicitTrade, LegalBasis.Lcen61, TimeSpan.FromHours(24), TimeSpan.FromHours(24)),
        (Category.HateSpeech, LegalBasis.DsaNotice, TimeSpan.FromHours(24), TimeSpan.FromHours(72)),
        (Category.ThreatsViolence, LegalBasis.DsaNotice, TimeSpan.FromHours(24), TimeSpan.FromHours(72)),
        (Category.Other, LegalBasis.DsaNotice, TimeSpan.FromHours(24), TimeSpan.FromHours(72)),
    ];

    public static async Task RunAsync(BenchReport report, BenchArgs args)
    {
        var requests = args.StatisticsRequests;
        Timestamps.RegisterWithDapper();
        var directory = Path.Combine(Path.GetTempPath(), "pharos-bench", Guid.NewGuid().ToString("N"));
        var database = new EscalationDatabase(DatabaseProvider.Sqlite, ServiceDatabase.SqliteConnectionString(directory, "escalation"), "NORMAL");
        await MigrationRunner.ApplyAsync(database, [typeof(ServiceDatabase).Assembly, typeof(EscalationDatabase).Assembly], NullLogger.Instance);

        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddYears(1);
        var seeding = Stopwatch.StartNew();
        await SeedAsync(database, requests, from, to);
        Console.WriteLine($"seeded {requests:N0} requests over {from:yyyy} in {seeding.Elapsed.TotalSeconds:F1} s ({new FileInfo(Path.Combine(directory, "escalation.db")).Length / 1048576.0:F0} MB)");

        var json = new JsonOptions();
        json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        json.SerializerOptions.Converters.Add(new UtcTimestampConverter());
        var store = new StatisticsStore(database, TimeProvider.System, Options.Create(json));

        // The first query after seeding rolls up all 365 days: the cost of a cold start, paid once.
        var cold = Stopwatch.StartNew();
        await store.PreviewAsync(from, to, CancellationToken.None);
        var coldMs = cold.Elapsed.TotalMilliseconds;

        var baseline = await Timing.MedianMsAsync(5, async () =>
        {
            await using var connection = await database.OpenAsync();
            await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection,
                "SELECT COUNT(*) FROM deadline_clocks WHERE issued_at >= @From AND issued_at < @To", new { From = from, To = to });
        });
        StatisticsView? view = null;
        var statistics = await Timing.MedianMsAsync(5, async () => view = await store.PreviewAsync(from, to, CancellationToken.None));
        var publication = await Timing.MedianMsAsync(3, () => store.PublishAsync(from, to, "benchmark", CancellationToken.None));
        var month = await Timing.MedianMsAsync(5, () => store.PreviewAsync(from.AddMonths(5), from.AddMonths(6), CancellationToken.None));
        var counted = view!.Platforms.Sum(p => p.Requests);
        if (counted != requests) throw new InvalidOperationException($"the statistics counted {counted:N0} requests of {requests:N0} seeded");

        const string Group = "statistics";
        const string Baseline = "COUNT(*) of the year";
        var scale = $"{requests / 1e6:0.#} M requests";
        report.Add(new Measurement(Group, $"baseline: COUNT(*) of a year's requests through the index ({scale})", baseline, "ms"));
        report.Add(new Measurement(Group, $"statistics of a year, GET /api/statistics ({scale})", statistics, "ms", Baseline, statistics / baseline, "< 1000 ms", statistics < 1000));
        report.Add(new Measurement(Group, "publication of a year, POST /api/publications", publication, "ms", Baseline, publication / baseline));
        report.Add(new Measurement(Group, "statistics of a month", month, "ms", Baseline, month / baseline));
        report.Add(new Measurement(Group, "first statistics after seeding (rolls up every day)", coldMs, "ms", Baseline, coldMs / baseline));
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>A year of requests with realistic answers: most in time, some late, some refused, some never answered.</summary>
    private static async Task SeedAsync(EscalationDatabase database, int requests, DateTimeOffset from, DateTimeOffset to)
    {
        var random = new Random(20261122);
        var span = (to - from).Ticks;
        await using var connection = (SqliteConnection)await database.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = OFF;";
            await pragma.ExecuteNonQueryAsync();
        }
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO deadline_clocks (request_id, reference, platform_id, platform_name, category, legal_basis, issued_at,
                acknowledge_by, act_by, remind_at, act_remind_at, unanswered_due_at, acknowledged_at, paused_ms, outcome, refusal_ground, acted_at,
                closed_at, sla, clarifications, unanswered_at, next_due_at)
            VALUES ($id, $ref, $platform, $name, $category, $basis, $issued, $ackBy, $actBy, $remind, $actRemind, $unansweredDue, $ack, $paused,
                $outcome, $ground, $acted, $closed, $sla, $clarifications, $unanswered, NULL);
            """;
        var names = new[] { "$id", "$ref", "$platform", "$name", "$category", "$basis", "$issued", "$ackBy", "$actBy", "$remind", "$actRemind",
            "$unansweredDue", "$ack", "$paused", "$outcome", "$ground", "$acted", "$closed", "$sla", "$clarifications", "$unanswered" };
        var p = names.Select(n => insert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        insert.Prepare();

        for (var i = 0; i < requests; i++)
        {
            var platform = Platforms[random.Next(Platforms.Length)];
            var category = Categories[random.Next(Categories.Length)];
            var issued = from.AddTicks((long)(random.NextDouble() * span));
            var acknowledgeBy = issued + category.Acknowledge;
            var actBy = issued + category.Act;
            var roll = random.NextDouble();
            var clarifications = roll < 0.03 ? 1 : 0;
            var paused = clarifications == 1 ? TimeSpan.FromMinutes(random.Next(10, 600)) : TimeSpan.Zero;
            DateTimeOffset? acknowledged = roll < 0.92 ? issued + category.Acknowledge * random.NextDouble() * 1.3 : null;
            var acted = acknowledged is null ? null : acknowledged + category.Act * random.NextDouble() * 0.9 + paused;
            var outcome = acted is null ? null : roll < 0.75 ? Outcome.Removed : roll < 0.82 ? Outcome.GeoBlocked : roll < 0.88 ? Outcome.Refused : Outcome.NotFound;
            DateTimeOffset? unanswered = acknowledged is null ? actBy + category.Act : null;
            object?[] values =
            [
                $"{i:x8}-0000-7000-8000-000000000000", $"PHR-2026-{i:0000000}", platform.Id, platform.Name, category.Category,
                category.Basis, Ms(issued), Ms(acknowledgeBy), Ms(actBy + paused), Ms(issued + category.Acknowledge / 2),
                Ms(issued + category.Act / 2 + paused), Ms(actBy + paused + category.Act), Ms(acknowledged), (long)paused.TotalMilliseconds, outcome,
                outcome == Outcome.Refused ? RefusalGround.All[random.Next(RefusalGround.All.Count)] : null, Ms(acted), Ms(acted), acted is null ? Sla.Unanswered : Sla.Met,
                clarifications, Ms(unanswered),
            ];
            for (var v = 0; v < values.Length; v++) p[v].Value = values[v] ?? DBNull.Value;
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static object? Ms(DateTimeOffset? at) => at is { } value ? value.ToUnixTimeMilliseconds() : null;
}
