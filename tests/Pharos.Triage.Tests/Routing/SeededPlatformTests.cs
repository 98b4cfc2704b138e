using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Triage.Host;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Routing.Data;
using Pharos.Triage.Routing.Platforms;

namespace Pharos.Triage.Tests.Routing;

/// <summary>Issue 16: the seeded platforms are rows of Routing's migration 004, not a list in the code.</summary>
public class When_the_routing_migration_seeds_the_platforms
{
    private string _directory = "";
    private RoutingDatabase _database = null!;

    [OneTimeSetUp]
    public async Task Migrate_a_fresh_database()
    {
        Timestamps.RegisterWithDapper();
        _directory = Path.Combine(Path.GetTempPath(), "pharos-seeds-" + Guid.NewGuid().ToString("N"));
        _database = new RoutingDatabase(DatabaseProvider.Sqlite, ServiceDatabase.SqliteConnectionString(_directory, "routing"), "NORMAL");
        await MigrationRunner.ApplyAsync(_database, [typeof(MigrationRunner).Assembly, typeof(RoutingDatabase).Assembly], NullLogger.Instance);
    }

    [OneTimeTearDown]
    public async Task Delete_it()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    private async Task<List<PlatformRecord>> Records()
    {
        await using var connection = await _database.OpenAsync();
        var rows = await connection.QueryAsync<PlatformRow>(_database.Sql.ListPlatforms, new { After = (string?)null, Limit = 1000 });
        var records = new List<PlatformRecord>();
        foreach (var row in rows) records.Add(row.ToRecord(await connection.QueryAsync<string>(_database.Sql.SelectDomainsOf, new { row.Id })));
        return records;
    }

    [Test]
    public async Task Seeds_exactly_the_platforms_and_domains_of_the_api_contract()
    {
        var seeded = (await Records()).Select(p => $"{p.Id} {p.Name}: {string.Join(", ", p.Domains)}");
        var documented = ApiSeededPlatforms.All.Select(p => $"{p.Id} {p.Name}: {string.Join(", ", p.Domains.Order(StringComparer.Ordinal))}");

        Assert.That(seeded, Is.EquivalentTo(documented));
    }

    [Test]
    public async Task Seeds_each_at_version_one_by_the_migration_without_a_contact_and_not_yet_announced()
    {
        await using var connection = await _database.OpenAsync();
        var rows = (await connection.QueryAsync<(long Version, long Announced, string UpdatedBy, string? ContactName, string Languages)>(
            "SELECT version, announced_version, updated_by, contact_name, languages FROM platforms")).ToList();

        Assert.That(rows, Has.Count.EqualTo(ApiSeededPlatforms.All.Count));
        Assert.That(rows, Has.All.EqualTo((1L, 0L, "migration", (string?)null, "")));
    }

    [Test]
    public async Task Records_each_seeded_platform_as_its_first_change_and_the_catalogue_at_the_last()
    {
        await using var connection = await _database.OpenAsync();
        var changes = (await connection.QueryAsync<PlatformChangeRow>(
            "SELECT id AS Id, platform_id AS PlatformId, version AS Version, changed_at AS ChangedAt, changed_by AS ChangedBy, " +
            "before_json AS BeforeJson, after_json AS AfterJson FROM platform_changes")).Select(PlatformChangeView.From).ToList();
        var version = await connection.ExecuteScalarAsync<long>(_database.Sql.SelectCatalogueVersion);
        var records = await Records();

        Assert.That(changes.Select(c => (c.Version, c.ChangedBy, c.Before)), Has.All.EqualTo((1L, "migration", (PlatformRecord?)null)));
        foreach (var record in records)
            Assert.That(changes.Single(c => c.PlatformId == record.Id).After.SameAs(record), Is.True, $"{record.Id}: the change holds the row");
        Assert.That(changes.Select(c => c.Id), Is.Unique);
        Assert.That(version, Is.EqualTo(changes.Max(c => c.Id)));
    }

    [Test]
    public async Task The_demo_platform_tokens_are_those_of_the_seeded_platforms()
    {
        Assert.That(DemoPlatforms.Ids, Is.EquivalentTo((await Records()).Select(r => r.Id)));
    }
}
