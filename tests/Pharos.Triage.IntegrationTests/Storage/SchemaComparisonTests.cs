using Dapper;
using Microsoft.Data.Sqlite;
using Pharos.Triage.Tests.Storage;

namespace Pharos.Triage.IntegrationTests.Storage;

/// <summary>
/// The two providers' schemas declare the same limits (issue 14): each service's SQLite file, migrated as the service
/// migrates it, has the tables and columns of its SQL Server schema (the DacFx model of the SQL Server migrations), and
/// each SQLite column holds exactly what its SQL Server column holds. SQLite's limit is measured, not read: the longest
/// value a column takes is found by inserting, so that a limit declared and not enforced counts for nothing.
/// </summary>
public sealed class When_the_two_schemas_are_compared
{
    // More than any size SQL Server declares (NVARCHAR(n) stops at 4000, VARCHAR and VARBINARY at 8000): a column that
    // takes this many is as unlimited as (MAX), for what the code writes.
    private const int Unlimited = 1 << 16;

    // One character and three bytes in UTF-8: a limit counted in bytes would show as a third of itself.
    private const char Wide = '€';

    private const int SqliteConstraintCheck = 275;

    private static IEnumerable<TestCaseData> Schemas() => SqlServerSchema.Services.Keys.Select(s => new TestCaseData(s).SetArgDisplayNames(s));

    [TestCaseSource(nameof(Schemas))]
    public async Task Both_have_the_same_tables_and_columns_of_the_same_kinds(string schema)
    {
        // The runner's record table is not the service's schema (SqliteSchemaFile.TablesAsync leaves it out too).
        var sqlServer = SqlServerSchema.Columns(schema).Where(c => c.Key.Table != "schema_migrations")
            .ToDictionary(c => c.Key, c => KindOnSqlServer(c.Value.Type));
        await using var file = await SqliteSchemaFile.MigratedAsync(schema);
        await using var connection = await file.OpenAsync();
        var sqlite = new Dictionary<(string Table, string Column), string>();
        foreach (var table in await SqliteSchemaFile.TablesAsync(connection))
        foreach (var column in await SqliteSchemaFile.ColumnsAsync(connection, table))
            sqlite[(table, column.Name)] = KindOnSqlite(column.Type);

        var differences = sqlServer.Keys.Union(sqlite.Keys).Order()
            .Where(c => sqlServer.GetValueOrDefault(c) != sqlite.GetValueOrDefault(c))
            .Select(c => $"{c.Table}.{c.Column}: on SQL Server {sqlServer.GetValueOrDefault(c) ?? "absent"}, on SQLite {sqlite.GetValueOrDefault(c) ?? "absent"}")
            .ToList();

        // A check of the check: both sides were read.
        Assert.That(sqlite.Keys.Intersect(sqlServer.Keys).Count(), Is.GreaterThan(0), schema);
        Assert.That(differences, Is.Empty, () => string.Join(Environment.NewLine, differences));
    }

    [TestCaseSource(nameof(Schemas))]
    public async Task Every_column_holds_on_sqlite_what_it_holds_on_sql_server(string schema)
    {
        var sqlServer = SqlServerSchema.Columns(schema);
        await using var file = await SqliteSchemaFile.MigratedAsync(schema);
        await using var connection = await file.OpenAsync();
        // A probe row refers to nothing: what is measured is the column's own limit.
        await connection.ExecuteAsync("PRAGMA foreign_keys = OFF;");

        var measured = 0;
        var differences = new List<string>();
        foreach (var table in await SqliteSchemaFile.TablesAsync(connection))
        {
            var columns = await SqliteSchemaFile.ColumnsAsync(connection, table);
            foreach (var column in columns.Where(c => c.Type is "TEXT" or "BLOB"))
            {
                // A column on one side only is the other test's to name.
                if (!sqlServer.TryGetValue((table, column.Name), out var declared)) continue;
                var held = Longest(connection, table, columns, column);
                measured++;
                if (held != declared.Size)
                    differences.Add($"{table}.{column.Name}: SQL Server {declared.Type}({declared.Size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "MAX"}), " +
                                    $"SQLite {(held is { } most ? $"takes {most}" : "takes any length")}");
            }
        }

        Assert.That(measured, Is.GreaterThan(0), schema);
        Assert.That(differences, Is.Empty, () => string.Join(Environment.NewLine, differences));
    }

    /// <summary>
    /// The longest value the column takes, in characters (bytes for a blob), found by inserting a row of short values with
    /// it (each insert undone): null when it takes <see cref="Unlimited"/>. Only a CHECK's refusal counts as the limit; any
    /// other failure is the probe's own and fails the test.
    /// </summary>
    private static int? Longest(SqliteConnection connection, string table, List<SqliteColumn> columns, SqliteColumn probed)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) " +
                             $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))});";
        for (var i = 0; i < columns.Count; i++)
            insert.Parameters.AddWithValue($"@p{i}", columns[i].Type switch { "TEXT" => "a", "BLOB" => new byte[] { 1 }, _ => (object)1L });
        var value = insert.Parameters[columns.IndexOf(probed)];

        bool Takes(int length)
        {
            value.Value = probed.Type == "BLOB" ? Enumerable.Repeat((byte)0xE2, length).ToArray() : new string(Wide, length);
            connection.Execute("SAVEPOINT probe;");
            try
            {
                // Rows a migration seeds (Routing's platforms and their first changes) hold the probe's short keys: the
                // probe meets an empty table, emptied inside the savepoint it rolls back to.
                connection.Execute($"DELETE FROM \"{table}\";");
                insert.ExecuteNonQuery();
                return true;
            }
            catch (SqliteException e) when (e.SqliteExtendedErrorCode == SqliteConstraintCheck)
            {
                return false;
            }
            finally
            {
                connection.Execute("ROLLBACK TO probe; RELEASE probe;");
            }
        }

        if (Takes(Unlimited)) return null;
        if (!Takes(1)) throw new InvalidOperationException($"{table}.{probed.Name} refuses even one character: its CHECK is no limit of length");
        // The longest taken is in [low, high]: one more than it is refused.
        var (low, high) = (1, Unlimited - 1);
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Takes(middle)) low = middle;
            else high = middle - 1;
        }
        return low;
    }

    private static string KindOnSqlServer(string type) => type switch
    {
        _ when SqlServerSchema.IsText(type) => "text",
        "varbinary" or "binary" => "binary",
        "bigint" or "int" or "smallint" or "tinyint" or "bit" => "integer",
        _ => type,
    };

    private static string KindOnSqlite(string type) => type switch
    {
        "TEXT" => "text",
        "BLOB" => "binary",
        "INTEGER" => "integer",
        _ => type,
    };
}
