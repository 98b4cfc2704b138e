using Dapper;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.IntegrationTests.Storage;

/// <summary>
/// Issue 18: the record of applied scripts keeps each one's checksum, and a start on a database where a released script
/// has since been edited is refused, naming the service and the script.
/// </summary>
public sealed class When_a_released_migration_script_is_edited
{
    [Test]
    public async Task The_start_is_refused_naming_the_service_and_the_script()
    {
        await using var file = await SqliteSchemaFile.MigratedAsync("routing");
        var script = file.Scripts.First(s => s.Id.StartsWith("routing/", StringComparison.Ordinal));
        // The record as it would be had the script's text been different when it was applied: the same as editing it now.
        await using (var connection = await file.OpenAsync())
            await connection.ExecuteAsync("UPDATE schema_migrations SET checksum = @Checksum WHERE id = @Id",
                new { script.Id, Checksum = MigrationCheck.Checksum(script.Sql + "-- an edit\n") });

        var refused = Assert.ThrowsAsync<MigrationRefusedException>(file.MigrateAsync);

        Assert.That(refused!.Message, Does.StartWith("scratch: ").And.Contains(script.Id).And.Contains("new script"));
    }

    [Test]
    public async Task Each_script_applied_is_recorded_with_the_checksum_of_its_text()
    {
        await using var file = await SqliteSchemaFile.MigratedAsync("intake");
        await using var connection = await file.OpenAsync();

        var recorded = (await connection.QueryAsync<(string Id, string Checksum)>("SELECT id, checksum FROM schema_migrations")).ToDictionary(r => r.Id, r => r.Checksum);

        Assert.That(recorded, Is.EquivalentTo(file.Scripts.ToDictionary(s => s.Id, s => s.Checksum)));
    }
}

public sealed class When_a_database_migrated_before_checksums_starts
{
    [Test]
    public async Task The_checksums_of_its_scripts_are_recorded_as_they_are_and_checked_from_then_on()
    {
        // The record table as every release before issue 18 made it: no checksum column.
        await using var file = await SqliteSchemaFile.MigratedAsync("liaison", _ => true);

        await file.MigrateAsync();
        await using (var connection = await file.OpenAsync())
        {
            var missing = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations WHERE checksum IS NULL");
            Assert.That(missing, Is.Zero);
            await connection.ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE id = @Id", new { file.Scripts[^1].Id });
        }

        Assert.ThrowsAsync<MigrationRefusedException>(file.MigrateAsync);
    }

    [Test]
    public async Task Two_starts_extend_the_record_table_once()
    {
        await using var file = await SqliteSchemaFile.MigratedAsync("escalation", _ => true);

        await Task.WhenAll(file.MigrateAsync(), file.MigrateAsync());

        Assert.That(async () => await file.MigrateAsync(), Throws.Nothing);
    }
}

public sealed class When_a_service_only_verifies_its_migrations
{
    [Test]
    public async Task A_script_not_applied_refuses_the_start_and_says_to_run_migrate()
    {
        await using var file = await SqliteSchemaFile.MigratedAsync("intake");
        var last = file.Scripts[^1];
        await using (var connection = await file.OpenAsync())
            await connection.ExecuteAsync("DELETE FROM schema_migrations WHERE id = @Id", new { last.Id });

        var refused = Assert.ThrowsAsync<MigrationRefusedException>(() => MigrationRunner.VerifyAsync(file.Database, Tests.Storage.SqlServerSchema.Services["intake"]));

        Assert.That(refused!.Message, Does.Contain(last.Id).And.Contains("Verify").And.Contains("migrate"));
    }

    [Test]
    public async Task A_database_never_migrated_by_this_version_is_refused()
    {
        await using var file = await SqliteSchemaFile.MigratedAsync("intake", _ => true);

        Assert.ThrowsAsync<MigrationRefusedException>(() => MigrationRunner.VerifyAsync(file.Database, Tests.Storage.SqlServerSchema.Services["intake"]));
    }

    [Test]
    public async Task Every_script_applied_as_released_passes_and_changes_nothing()
    {
        await using var file = await SqliteSchemaFile.MigratedAsync("intake");
        await using var connection = await file.OpenAsync();
        var before = await connection.QueryAsync<(string, long, string)>("SELECT id, applied_at, checksum FROM schema_migrations ORDER BY id");

        Assert.That(async () => await MigrationRunner.VerifyAsync(file.Database, Tests.Storage.SqlServerSchema.Services["intake"]), Throws.Nothing);
        Assert.That(await connection.QueryAsync<(string, long, string)>("SELECT id, applied_at, checksum FROM schema_migrations ORDER BY id"), Is.EqualTo(before));
    }
}
