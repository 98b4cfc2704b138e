using Dapper;
using Microsoft.Data.Sqlite;

namespace Pharos.Triage.IntegrationTests.Storage;

/// <summary>
/// Issue 16: PlatformLiaison's 008 rebuilds webhook_deliveries (and webhook_attempts, which refers to it) so that a
/// ping may have no request. Deliveries and attempts written before keep every value and get the status their columns
/// say; the AUTOINCREMENT counter goes on; one notice per fact still holds for notices about a request.
/// </summary>
public sealed class When_a_liaison_database_takes_the_webhook_self_service
{
    private const string SelfService = "platformliaison/008_webhook_self_service";

    [Test]
    public async Task Deliveries_and_attempts_are_kept_with_their_status_and_a_ping_may_have_no_request()
    {
        await using var file = await SqliteSchemaFile.MigratedAsync("liaison", s => string.CompareOrdinal(s.Id, SelfService) < 0 || !s.Id.StartsWith("platformliaison/", StringComparison.Ordinal));
        Assert.That(file.Scripts.Select(s => s.Id), Has.Member(SelfService));
        await using (var connection = await file.OpenAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO webhook_deliveries (id, request_id, platform_id, event, step, body, created_at, next_attempt_at, dispatches, delivered_at, abandoned_at, last_error) VALUES
                    ('d1', 'q1', 'x', 'request_issued', 'issue', '{"a":1}', 10, NULL, 1, 11, NULL, NULL),
                    ('d2', 'q2', 'x', 'request_issued', 'issue', '{"a":2}', 20, 80, 2, NULL, NULL, 'HTTP 500'),
                    ('d3', 'q3', 'x', 'request_issued', 'issue', '{"a":3}', 30, NULL, 20, NULL, 90, 'HTTP 503'),
                    ('d4', 'q4', 'facebook', 'request_issued', 'issue', '{"a":4}', 40, 40, 0, NULL, NULL, NULL);
                INSERT INTO webhook_attempts (delivery_id, dispatch, attempt, at, duration_ms, status_code, error) VALUES
                    ('d1', 1, 1, 10, 5, 204, NULL), ('d2', 1, 1, 20, 6, 500, 'HTTP 500'), ('d2', 2, 1, 50, 7, NULL, 'HttpRequestException: refused');
                -- Attempts deleted since: the next id is not the one after the last row.
                UPDATE sqlite_sequence SET seq = 100 WHERE name = 'webhook_attempts';
                """);
        }

        await file.MigrateAsync();

        await using var migrated = await file.OpenAsync();
        var deliveries = (await migrated.QueryAsync<(string, string?, string, long?, int, long?, long?, string?, string, int)>("""
            SELECT id, request_id, body, next_attempt_at, dispatches, delivered_at, abandoned_at, last_error, status, dispatches_at_redelivery
            FROM webhook_deliveries ORDER BY id
            """)).ToList();
        Assert.That(deliveries, Is.EqualTo(new (string, string?, string, long?, int, long?, long?, string?, string, int)[]
        {
            ("d1", "q1", """{"a":1}""", null, 1, 11, null, null, "delivered", 0),
            ("d2", "q2", """{"a":2}""", 80, 2, null, null, "HTTP 500", "failed", 0),
            ("d3", "q3", """{"a":3}""", null, 20, null, 90, "HTTP 503", "failed", 0),
            ("d4", "q4", """{"a":4}""", 40, 0, null, null, null, "pending", 0),
        }));
        var attempts = (await migrated.QueryAsync<(long, string, int, int?, string?)>(
            "SELECT id, delivery_id, dispatch, status_code, error FROM webhook_attempts ORDER BY id")).ToList();
        Assert.That(attempts, Is.EqualTo(new (long, string, int, int?, string?)[]
        {
            (1, "d1", 1, 204, null), (2, "d2", 1, 500, "HTTP 500"), (3, "d2", 2, null, "HttpRequestException: refused"),
        }));
        Assert.That(await migrated.ExecuteScalarAsync<long>("SELECT seq FROM sqlite_sequence WHERE name = 'webhook_attempts'"), Is.EqualTo(100));

        // Two pings, no request: both go in. A second notice of the same fact about a request does not.
        await migrated.ExecuteAsync("""
            INSERT INTO webhook_deliveries (id, request_id, platform_id, event, step, body, created_at) VALUES
                ('p1', NULL, 'x', 'ping', 'ping', '{}', 50), ('p2', NULL, 'x', 'ping', 'ping', '{}', 60);
            """);
        var duplicate = Assert.ThrowsAsync<SqliteException>(() => migrated.ExecuteAsync("""
            INSERT INTO webhook_deliveries (id, request_id, platform_id, event, step, body, created_at) VALUES ('d5', 'q1', 'x', 'request_issued', 'issue', '{}', 70);
            """));
        Assert.That(duplicate!.Message, Does.Contain("UNIQUE"));
        // The limits of 006 are kept.
        var tooLong = Assert.ThrowsAsync<SqliteException>(() => migrated.ExecuteAsync("""
            INSERT INTO webhook_deliveries (id, request_id, platform_id, event, step, body, created_at) VALUES ('d6', @Long, 'x', 'request_issued', 'issue', '{}', 70);
            """, new { Long = new string('q', 37) }));
        Assert.That(tooLong!.Message, Does.Contain("length(request_id) <= 36"));

        var indexes = (await migrated.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'webhook_deliveries' AND sql IS NOT NULL ORDER BY name")).ToList();
        Assert.That(indexes, Is.EqualTo(new[]
        {
            "ix_webhook_deliveries_due", "ix_webhook_deliveries_platform", "ix_webhook_deliveries_platform_due",
            "ix_webhook_deliveries_platform_status", "ux_webhook_deliveries_fact",
        }));
        Assert.That(await SqliteSchemaFile.LinesAsync(migrated, "PRAGMA foreign_key_check;"), Is.Empty);
        Assert.That(await migrated.ExecuteScalarAsync<string>("PRAGMA integrity_check;"), Is.EqualTo("ok"));
    }
}
