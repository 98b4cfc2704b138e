using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.IntegrationTests.Storage;

/// <summary>
/// Two instances of a service start at once on one SQLite file (two processes on one volume) while a third holds
/// the write lock, as an instance that started a moment earlier does while it migrates: both read what is applied
/// before either can apply anything. Each script must still apply once, and neither start may fail.
/// </summary>
public sealed class When_two_instances_migrate_one_file_at_once
{
    private const int Rounds = 3;

    [Test]
    public async Task Each_script_applies_once_and_both_starts_succeed()
    {
        var assemblies = new[] { typeof(ServiceDatabase).Assembly, typeof(LiaisonDatabase).Assembly };
        var scripts = assemblies.SelectMany(a => MigrationRunner.ScriptsIn(a, DatabaseProvider.Sqlite)).Select(s => s.Id).Order(StringComparer.Ordinal).ToList();
        for (var round = 0; round < Rounds; round++)
        {
            await using var scratch = ScratchSqlite<LiaisonDatabase>.Create("platformliaison",
                connection => new LiaisonDatabase(DatabaseProvider.Sqlite, connection, "FULL"));
            var connectionString = ServiceDatabase.SqliteConnectionString(scratch.Directory, "platformliaison");
            // A second database object on the same file, as a second process has: its own connections, no lock shared but SQLite's.
            await using var second = new LiaisonDatabase(DatabaseProvider.Sqlite, connectionString, "FULL");

            Task both;
            await using (var earlier = new SqliteConnection(connectionString))
            {
                await earlier.OpenAsync();
                await earlier.ExecuteAsync("PRAGMA journal_mode=WAL; CREATE TABLE schema_migrations (id TEXT NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL);");
                await using var migrating = (SqliteTransaction)await earlier.BeginTransactionAsync(); // BEGIN IMMEDIATE: the write lock
                both = Task.WhenAll(new[] { scratch.Database, second }.Select(database =>
                    Task.Run(() => MigrationRunner.ApplyAsync(database, assemblies, NullLogger.Instance))));
                // Time for both to read what is applied (WAL lets them read beside the lock) and to queue for the lock.
                await Task.Delay(TimeSpan.FromSeconds(1));
                await migrating.CommitAsync();
            }

            Assert.That(async () => await both, Throws.Nothing, $"round {round}: both instances start");
            await using var connection = await scratch.Database.OpenAsync();
            var applied = (await connection.QueryAsync<string>("SELECT id FROM schema_migrations ORDER BY id")).ToList();
            Assert.That(applied, Is.EqualTo(scripts), $"round {round}: every script applied once");
            await connection.CloseAsync();
            SqliteConnection.ClearAllPools();
        }
    }
}
