using Dapper;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Escalation.Statistics;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Statistics;

/// <summary>
/// Escalation's migration 005 on a database that already holds a refusal with the platform's words and a day
/// rolled up by the old rules: the words are gone, the refusal counts under <c>other</c>, the day is rolled up again.
/// </summary>
public sealed class When_escalation_migrates_a_refusal_recorded_before_grounds
{
    private static readonly DateTimeOffset Day0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task The_reason_is_dropped_and_the_refusal_counts_under_other()
    {
        Timestamps.RegisterWithDapper();
        await using var scratch = ScratchSqlite<EscalationDatabase>.Create("escalation", c => new EscalationDatabase(DatabaseProvider.Sqlite, c, "NORMAL"));
        var database = scratch.Database;
        var before = MigrationRunner.ScriptsIn(typeof(EscalationDatabase).Assembly, DatabaseProvider.Sqlite)
            .Where(s => string.CompareOrdinal(s.Id, "escalation/004") < 0).ToList(); // the schema before this release
        Assert.That(before, Is.Not.Empty);
        var issued = Day0.AddHours(10).ToUnixTimeMilliseconds();
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE TABLE schema_migrations (id TEXT NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL);");
            foreach (var script in before)
            {
                await connection.ExecuteAsync(script.Sql);
                await connection.ExecuteAsync("INSERT INTO schema_migrations (id, applied_at) VALUES (@Id, 0);", new { script.Id });
            }
            await connection.ExecuteAsync("""
                INSERT INTO deadline_clocks (request_id, reference, platform_id, platform_name, category, legal_basis, issued_at, acknowledge_by,
                    act_by, remind_at, grace_ms, acknowledged_at, outcome, outcome_reason, acted_at, closed_at, sla)
                VALUES ('q1', 'PHR-2026-000001', 'x', 'X', 'terrorism', 'tco_removal_order', @Issued, @Issued + 3600000, @Issued + 3600000,
                    @Issued + 1800000, 3600000, @Issued + 600000, 'refused', 'Lawful, see https://x.com/a', @Issued + 600000, @Issued + 600000, 'met');
                DELETE FROM statistics_stale_days;
                -- A rollup by the old rules, deliberately off: it must not survive the migration.
                INSERT INTO statistics_days (platform_id, category, legal_basis, day, requests, acknowledged, acknowledged_in_time, acted,
                    acted_in_time, refused, not_found, clarifications, unanswered, acknowledge_seconds, act_seconds)
                VALUES ('x', 'terrorism', 'tco_removal_order', @Day, 5, 1, 1, 0, 0, 1, 0, 0, 0, X'E7030000', X'');
                """, new { Issued = issued, Day = issued / 86_400_000 });
        }

        await MigrationRunner.ApplyAsync(database, [typeof(ServiceDatabase).Assembly, typeof(EscalationDatabase).Assembly], NullLogger.Instance);

        await using (var connection = await database.OpenAsync())
        {
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pragma_table_info('deadline_clocks') WHERE name = 'outcome_reason'"), Is.Zero);
            Assert.That(await connection.ExecuteScalarAsync<string>("SELECT refusal_ground FROM deadline_clocks"), Is.EqualTo("other"));
        }
        var store = new StatisticsStore(database, new FakeTimeProvider(PharosApp.Start), Options.Create(new JsonOptions()));
        var x = (await store.PreviewAsync(Day0, Day0.AddDays(1), CancellationToken.None)).Platforms.Single();
        Assert.That((x.Requests, x.Refused, x.MedianAcknowledgeSeconds), Is.EqualTo((1, 1, (long?)600)));
        Assert.That(x.RefusedByGround, Is.EqualTo(new Dictionary<string, int> { ["other"] = 1 }));
        var (_, body) = await store.PublishAsync(Day0, Day0.AddDays(1), "ministry:test", CancellationToken.None);
        Assert.That(body, Does.Not.Contain("Lawful").And.Not.Contain("https"));
    }
}
