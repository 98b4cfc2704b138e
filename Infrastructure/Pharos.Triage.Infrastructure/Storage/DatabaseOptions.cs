namespace Pharos.Triage.Infrastructure.Storage;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Bound from <c>Pharos:Database</c> (and <c>Pharos:DataDirectory</c> for SQLite files).</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// SQLite <c>synchronous</c> pragma. FULL survives power loss as well as a killed process;
    /// NORMAL (with WAL) survives a killed process only.
    /// </summary>
    public string SqliteSynchronous { get; set; } = "FULL";
}
