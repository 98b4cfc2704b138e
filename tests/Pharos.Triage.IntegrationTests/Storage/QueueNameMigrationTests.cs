using Dapper;

namespace Pharos.Triage.IntegrationTests.Storage;

/// <summary>
/// Issue 15: PlatformLiaison's queues took the service's name (platformliaison-*, was liaison-*). A row written
/// before awaits the receipts of the same consumers under their new names, and no other row changes.
/// </summary>
public sealed class When_a_database_takes_platformliaison_s_new_queue_names
{
    private const string Rename = "infrastructure/004_platformliaison_queue_names";

    [Test]
    public async Task Rows_awaiting_the_old_names_await_the_new_ones()
    {
        await using var file = await SqliteSchemaFile.MigratedAsync("routing", s => s.Id != Rename);
        await using (var connection = await file.OpenAsync())
            await connection.ExecuteAsync("""
                INSERT INTO outbox (message_id, message_type, body, created_at, awaiting) VALUES
                    ('m1', 'RequestIssued', '{}', 0, '|escalation-start-clock|intake-request-issued|liaison-request-issued|'),
                    ('m2', 'RequestSuperseded', '{}', 0, '|liaison-request-superseded|'),
                    ('m3', 'ReportFiled', '{}', 0, '|routing-report-filed|'),
                    ('m4', 'RequestIssued', '{}', 0, '|'),
                    ('m5', 'RequestIssued', '{}', 0, NULL);
                """);

        await file.MigrateAsync();

        await using var migrated = await file.OpenAsync();
        var awaiting = (await migrated.QueryAsync<(string, string?)>("SELECT message_id, awaiting FROM outbox ORDER BY message_id")).ToList();
        Assert.That(awaiting, Is.EqualTo(new (string, string?)[]
        {
            ("m1", "|escalation-start-clock|intake-request-issued|platformliaison-request-issued|"),
            ("m2", "|platformliaison-request-superseded|"),
            ("m3", "|routing-report-filed|"),
            ("m4", "|"),
            ("m5", null),
        }));
    }
}
