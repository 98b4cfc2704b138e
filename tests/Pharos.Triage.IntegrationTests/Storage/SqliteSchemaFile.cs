using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.Tests.Storage;

namespace Pharos.Triage.IntegrationTests.Storage;

/// <summary>
/// The SQLite file of one SQL Server schema's service, migrated by the scripts that build that schema
/// (<see cref="SqlServerSchema.Services"/>: Infrastructure's outbox and inbox, then the service's own; the access
/// store's alone), in a directory of its own.
/// </summary>
internal sealed class SqliteSchemaFile : IAsyncDisposable
{
    private readonly ScratchSqlite<ScratchDatabase> _scratch;

    private SqliteSchemaFile(string schema)
    {
        Schema = schema;
        _scratch = ScratchSqlite<ScratchDatabase>.Create(schema, connectionString => new ScratchDatabase(DatabaseProvider.Sqlite, connectionString));
    }

    public string Schema { get; }

    public ServiceDatabase Database => _scratch.Database;

    /// <summary>The SQLite scripts of the schema, in the order the runner applies them.</summary>
    public IReadOnlyList<MigrationRunner.Script> Scripts =>
        SqlServerSchema.Services[Schema].SelectMany(a => MigrationRunner.ScriptsIn(a, DatabaseProvider.Sqlite)).ToList();

    /// <summary>A file with every migration applied, by the runner, as a service starting applies them.</summary>
    public static async Task<SqliteSchemaFile> MigratedAsync(string schema)
    {
        var file = new SqliteSchemaFile(schema);
        await file.MigrateAsync();
        return file;
    }

    /// <summary>A file with only the scripts <paramref name="applied"/> chooses applied, and recorded as the runner records them.</summary>
    public static async Task<SqliteSchemaFile> MigratedAsync(string schema, Func<MigrationRunner.Script, bool> applied)
    {
        var file = new SqliteSchemaFile(schema);
        await using (var connection = await file.OpenAsync())
            await connection.ExecuteAsync("CREATE TABLE schema_migrations (id TEXT NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL);");
        await file.ApplyAsync(applied);
        return file;
    }

    /// <summary>Applies the scripts <paramref name="which"/> chooses among those not applied yet, in order, recorded as the runner records them.</summary>
    public async Task ApplyAsync(Func<MigrationRunner.Script, bool> which)
    {
        await using var connection = await OpenAsync();
        var applied = (await connection.QueryAsync<string>("SELECT id FROM schema_migrations")).ToHashSet(StringComparer.Ordinal);
        foreach (var script in Scripts.Where(s => !applied.Contains(s.Id) && which(s)))
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync(script.Sql, transaction: transaction);
            await connection.ExecuteAsync("INSERT INTO schema_migrations (id, applied_at) VALUES (@Id, 0);", new { script.Id }, transaction);
            await transaction.CommitAsync();
        }
    }

    /// <summary>Applies what is not applied yet, as a service starting does.</summary>
    public Task MigrateAsync() => MigrationRunner.ApplyAsync(Database, SqlServerSchema.Services[Schema], NullLogger.Instance);

    /// <summary>A connection as the service opens one (foreign keys on).</summary>
    public async Task<SqliteConnection> OpenAsync() => (SqliteConnection)await Database.OpenAsync();

    /// <summary>The tables the migrations made, by name: not the runner's own nor SQLite's.</summary>
    public static async Task<List<string>> TablesAsync(SqliteConnection connection) =>
        (await connection.QueryAsync<string>("""
            SELECT name FROM sqlite_master
            WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name;
            """)).ToList();

    /// <summary>A table's columns in their order, with their declared type and whether they take NULL.</summary>
    public static async Task<List<SqliteColumn>> ColumnsAsync(SqliteConnection connection, string table) =>
        (await connection.QueryAsync<(string Name, string Type, long NotNull)>(
            "SELECT name, upper(type), \"notnull\" FROM pragma_table_info(@table) ORDER BY cid;", new { table }))
        .Select(c => new SqliteColumn(c.Name, c.Type, Nullable: c.NotNull == 0)).ToList();

    /// <summary>Every row of a query, each value with its storage class (a blob in hexadecimal), for comparing whole.</summary>
    public static async Task<List<string>> LinesAsync(SqliteConnection connection, string sql, object? parameters = null)
    {
        await using var reader = await connection.ExecuteReaderAsync(sql, parameters);
        var lines = new List<string>();
        while (await reader.ReadAsync())
            lines.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i) switch
            {
                DBNull => "NULL",
                byte[] bytes => "blob " + Convert.ToHexString(bytes),
                var value => $"{value.GetType().Name} {Convert.ToString(value, CultureInfo.InvariantCulture)}",
            })));
        return lines;
    }

    public ValueTask DisposeAsync() => _scratch.DisposeAsync();
}

/// <summary>A column of a SQLite table, as <c>pragma_table_info</c> gives it (the type upper-cased).</summary>
internal sealed record SqliteColumn(string Name, string Type, bool Nullable);
