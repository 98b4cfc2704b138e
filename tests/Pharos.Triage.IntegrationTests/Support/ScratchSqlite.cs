using Microsoft.Data.Sqlite;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.IntegrationTests.Support;

/// <summary>A bare service database, no service's schema: for tests of the storage layer itself.</summary>
internal sealed class ScratchDatabase(DatabaseProvider provider, string connectionString, string sqliteSynchronous = "FULL")
    : ServiceDatabase("scratch", provider, connectionString, sqliteSynchronous);

/// <summary>
/// A service's SQLite database in a directory of its own. Disposing it closes the writer connection the database
/// keeps open between writes, then deletes the directory.
/// </summary>
internal sealed class ScratchSqlite<TDatabase>(string directory, TDatabase database) : IAsyncDisposable
    where TDatabase : ServiceDatabase
{
    public TDatabase Database { get; } = database;

    /// <summary>Where the file lives: a second database object on it stands for a second instance of the service.</summary>
    public string Directory { get; } = directory;

    /// <summary>Makes the database with <paramref name="create"/>, given the connection string of a file named after <paramref name="service"/>.</summary>
    public static ScratchSqlite<TDatabase> Create(string service, Func<string, TDatabase> create)
    {
        var directory = Path.Combine(Path.GetTempPath(), "pharos-tests", Guid.NewGuid().ToString("N"));
        return new ScratchSqlite<TDatabase>(directory, create(ServiceDatabase.SqliteConnectionString(directory, service)));
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
