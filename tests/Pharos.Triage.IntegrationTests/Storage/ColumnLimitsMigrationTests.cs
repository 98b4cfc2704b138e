using Dapper;
using Microsoft.Data.Sqlite;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Tests.Storage;

namespace Pharos.Triage.IntegrationTests.Storage;

/// <summary>
/// The scripts that give SQLite SQL Server's column limits (each scope's <c>NNN_column_limits</c>) rebuild every table
/// with text in it. On a file of the version before them, holding rows in every table with each value as long as SQL
/// Server held in that version: every row, column, key, index, trigger and AUTOINCREMENT counter is as it was after them.
/// The scripts that came since, which may change the schema (PlatformLiaison's 008 adds columns), then apply to the file.
/// </summary>
public sealed class When_a_database_of_the_previous_version_takes_the_column_limits
{
    private const string Limits = "_column_limits";

    // For a column SQL Server declares (MAX): longer than any limit, and nothing to refuse it.
    private const int Long = 5000;

    /// <summary>
    /// Scripts since the limits that change what tables hold by design (new columns, seeded rows), each with a test of its
    /// own on a database of the version before it: left out here, where what is checked is that everything is kept.
    /// </summary>
    private static readonly string[] Reshaping =
    [
        "routing/004_platform_records", // When_routing_migrates_the_platforms_of_a_previous_version
    ];

    private static IEnumerable<TestCaseData> Schemas() => SqlServerSchema.Services.Keys.Select(s => new TestCaseData(s).SetArgDisplayNames(s));

    [TestCaseSource(nameof(Schemas))]
    public async Task Every_row_key_index_and_trigger_is_kept(string schema)
    {
        var before = BeforeTheLimits(schema);
        await using var file = await SqliteSchemaFile.MigratedAsync(schema, before);
        // What SQL Server held then: a column widened since (Access's created_by) held less.
        using var then = SqlServerSchema.Build(schema, SqlServerScripts(schema).Where(s => before(s)).Select(s => (s.Id, s.Sql)));
        var sizes = SqlServerSchema.Columns(then);
        await using (var connection = await file.OpenAsync())
        {
            await FillAsync(connection, sizes);
            // Rows deleted since (as sent outbox rows are): the next id is not the one after the last row.
            await connection.ExecuteAsync("UPDATE sqlite_sequence SET seq = seq + 10;");
        }
        var snapshot = await SnapshotAsync(file);
        var applied = await AppliedAsync(file);
        var through = ThroughTheLimits(schema);

        await file.ApplyAsync(s => !before(s) && through(s));

        var after = await SnapshotAsync(file);
        var since = file.Scripts.Where(s => !before(s) && through(s)).Select(s => s.Id).ToList();
        Assert.That(since.Where(s => s.EndsWith(Limits, StringComparison.Ordinal)).Select(Scope),
            Is.EquivalentTo(file.Scripts.Select(s => Scope(s.Id)).Distinct()), "each scope's column limits are among them");
        Assert.That((await AppliedAsync(file)).Except(applied), Is.EquivalentTo(since), "what the migration applied: the limits");
        Assert.That(after.Keys, Is.EquivalentTo(snapshot.Keys));
        foreach (var (section, lines) in snapshot)
            Assert.That(after[section], Is.EqualTo(lines), section);
        await CheckIntegrityAsync(file);

        // The scripts since apply to the file, as a service starting applies them, and leave it whole.
        await file.MigrateAsync();
        Assert.That(await AppliedAsync(file), Is.EquivalentTo(file.Scripts.Select(s => s.Id)));
        await CheckIntegrityAsync(file);
    }

    private static async Task CheckIntegrityAsync(SqliteSchemaFile file)
    {
        await using var connection = await file.OpenAsync();
        Assert.That(await SqliteSchemaFile.LinesAsync(connection, "PRAGMA foreign_key_check;"), Is.Empty);
        Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check;"), Is.EqualTo("ok"));
    }

    [Test]
    public async Task A_value_too_long_for_its_column_stops_the_migration_and_is_kept()
    {
        await using var file = await SqliteSchemaFile.MigratedAsync("intake", BeforeTheLimits("intake"));
        var url = "https://x.com/" + new string('a', 2048);
        await using (var connection = await file.OpenAsync())
            await connection.ExecuteAsync("""
                INSERT INTO reports (id, url, category, description, urgent, status, received_at, filed_by, last_published_at)
                VALUES ('r1', @Url, 'terrorism', 'd', 0, 'received', 0, 'analyst:a', 0);
                """, new { Url = url });

        var refused = Assert.ThrowsAsync<SqliteException>(file.MigrateAsync);

        Assert.That(refused!.Message, Does.Contain("length(url) <= 2048"));
        await using (var connection = await file.OpenAsync())
        {
            Assert.That(await connection.ExecuteScalarAsync<string>("SELECT url FROM reports WHERE id = 'r1'"), Is.EqualTo(url));
            Assert.That(await AppliedAsync(file), Has.None.EqualTo("intake/008_column_limits"));
        }
        // Once the operator has dealt with the row, the next start applies it.
        await using (var connection = await file.OpenAsync())
            await connection.ExecuteAsync("UPDATE reports SET url = 'https://x.com/a' WHERE id = 'r1';");
        await file.MigrateAsync();
        Assert.That(await AppliedAsync(file), Has.Member("intake/008_column_limits"));
    }

    /// <summary>Every script that came before its scope's column limits.</summary>
    private static Func<MigrationRunner.Script, bool> BeforeTheLimits(string schema)
    {
        var scripts = SqlServerSchema.Services[schema].SelectMany(a => MigrationRunner.ScriptsIn(a, DatabaseProvider.Sqlite)).ToList();
        var limits = scripts.Where(s => s.Id.EndsWith(Limits, StringComparison.Ordinal)).ToDictionary(s => Scope(s.Id), s => s.Id);
        Assert.That(limits.Keys, Is.EquivalentTo(scripts.Select(s => Scope(s.Id)).Distinct()), "each scope has its column limits");
        return script => string.CompareOrdinal(script.Id, limits[Scope(script.Id)]) < 0;
    }

    /// <summary>Every script up to its scope's column limits, those included.</summary>
    private static Func<MigrationRunner.Script, bool> ThroughTheLimits(string schema)
    {
        var scripts = SqlServerSchema.Services[schema].SelectMany(a => MigrationRunner.ScriptsIn(a, DatabaseProvider.Sqlite)).ToList();
        var limits = scripts.Where(s => s.Id.EndsWith(Limits, StringComparison.Ordinal)).ToDictionary(s => Scope(s.Id), s => s.Id);
        return script => string.CompareOrdinal(script.Id, limits[Scope(script.Id)]) <= 0;
    }

    private static IEnumerable<MigrationRunner.Script> SqlServerScripts(string schema) =>
        SqlServerSchema.Services[schema].SelectMany(a => MigrationRunner.ScriptsIn(a, DatabaseProvider.SqlServer));

    private static string Scope(string id) => id[..id.IndexOf('/', StringComparison.Ordinal)];

    private static async Task<List<string>> AppliedAsync(SqliteSchemaFile file)
    {
        await using var connection = await file.OpenAsync();
        return (await connection.QueryAsync<string>("SELECT id FROM schema_migrations")).ToList();
    }

    /// <summary>
    /// Four rows in every table, parents before the tables that refer to them (foreign keys on, as in service): each text
    /// as long as SQL Server's column holds, in characters that are more than one byte; the last row with NULL wherever
    /// a column takes it.
    /// </summary>
    private static async Task FillAsync(SqliteConnection connection, Dictionary<(string Table, string Column), (string Type, int? Size)> sizes)
    {
        var tables = new Dictionary<string, (List<SqliteColumn> Columns, List<(string From, string Table, string To)> References)>();
        foreach (var table in await SqliteSchemaFile.TablesAsync(connection))
            tables[table] = (await SqliteSchemaFile.ColumnsAsync(connection, table),
                (await connection.QueryAsync<(string, string, string)>("SELECT \"from\", \"table\", \"to\" FROM pragma_foreign_key_list(@table);", new { table })).ToList());

        var rows = new Dictionary<string, List<Dictionary<string, object?>>>();
        while (rows.Count < tables.Count)
        {
            var ready = tables.Where(t => !rows.ContainsKey(t.Key) && t.Value.References.All(r => rows.ContainsKey(r.Table))).ToList();
            Assert.That(ready, Is.Not.Empty, "the tables' references go round in a circle");
            foreach (var (table, (columns, references)) in ready)
            {
                rows[table] = [];
                for (var row = 0; row < 4; row++)
                {
                    var values = new Dictionary<string, object?>();
                    foreach (var column in columns)
                    {
                        var size = sizes.TryGetValue((table, column.Name), out var declared) ? declared.Size : null;
                        values[column.Name] = references.FirstOrDefault(r => r.From == column.Name) is { Table: not null } reference
                            ? rows[reference.Table][row][reference.To]
                            : row == 3 && column.Nullable ? null
                            : column.Type switch
                            {
                                "TEXT" => Text(row, size ?? Long),
                                "BLOB" => Enumerable.Range(0, size ?? Long).Select(i => (byte)(row * 31 + i)).ToArray(),
                                _ => (object)(row + 1L),
                            };
                    }
                    var parameters = new DynamicParameters();
                    for (var i = 0; i < columns.Count; i++) parameters.Add($"p{i}", values[columns[i].Name]);
                    await connection.ExecuteAsync(
                        $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) " +
                        $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))});", parameters);
                    rows[table].Add(values);
                }
            }
        }
    }

    /// <summary>A text of exactly <paramref name="length"/> characters, unique to its row, most of them non-ASCII or escaped elsewhere.</summary>
    private static string Text(int row, int length) =>
        string.Concat($"{row}:".Concat(Enumerable.Range(0, length).Select(i => "€é\"<&'"[i % 6])).Take(length));

    /// <summary>Every table's columns, foreign keys, indexes (with their columns) and rows in order; the AUTOINCREMENT counters; every index's and trigger's SQL.</summary>
    private static async Task<Dictionary<string, List<string>>> SnapshotAsync(SqliteSchemaFile file)
    {
        await using var connection = await file.OpenAsync();
        var snapshot = new Dictionary<string, List<string>>();
        foreach (var table in await SqliteSchemaFile.TablesAsync(connection))
        {
            snapshot[$"{table}: columns"] = await SqliteSchemaFile.LinesAsync(connection, "SELECT * FROM pragma_table_xinfo(@table) ORDER BY cid;", new { table });
            snapshot[$"{table}: foreign keys"] = await SqliteSchemaFile.LinesAsync(connection, "SELECT * FROM pragma_foreign_key_list(@table) ORDER BY id, seq;", new { table });
            var indexes = (await connection.QueryAsync<string>("SELECT name FROM pragma_index_list(@table) ORDER BY name;", new { table })).ToList();
            snapshot[$"{table}: indexes"] = await SqliteSchemaFile.LinesAsync(connection, "SELECT name, \"unique\", origin, partial FROM pragma_index_list(@table) ORDER BY name;", new { table });
            foreach (var index in indexes)
                snapshot[$"{table}: index {index}"] = await SqliteSchemaFile.LinesAsync(connection, "SELECT * FROM pragma_index_xinfo(@index) ORDER BY seqno;", new { index });
            snapshot[$"{table}: rows"] = await SqliteSchemaFile.LinesAsync(connection, $"SELECT * FROM \"{table}\" ORDER BY rowid;");
        }
        snapshot["sqlite_sequence"] = await SqliteSchemaFile.LinesAsync(connection, "SELECT name, seq FROM sqlite_sequence ORDER BY name;");
        snapshot["indexes and triggers"] = await SqliteSchemaFile.LinesAsync(connection,
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger', 'view') ORDER BY name;");
        return snapshot;
    }
}
