using Microsoft.Data.Sqlite;

namespace Pharos.Triage.FaultTests;

/// <summary>
/// A service's own SQLite file, read-only beside the running service (WAL lets a reader in while it writes): what
/// its API does not show, such as its outbox.
/// </summary>
public static class ServiceDatabase
{
    public static long Scalar(this HostProcess service, string sql, string? id = null)
    {
        using var connection = service.OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (id is not null) command.Parameters.AddWithValue("@Id", id);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    public static SqliteConnection OpenDatabase(this HostProcess service)
    {
        var name = service.Service ?? throw new InvalidOperationException("The host runs every service: there is no one database of its own.");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(service.DataDirectory, name.ToLowerInvariant() + ".db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }
}
