namespace Pharos.Triage.Infrastructure.Storage;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>What a service does with its migrations at start-up.</summary>
public enum MigrationMode
{
    /// <summary>Applies those not yet applied (the default: one process, or instances that may migrate themselves).</summary>
    Apply,

    /// <summary>Applies nothing, and refuses to start unless every one is applied: deployed services migrated by a Job.</summary>
    Verify,
}

/// <summary>Bound from <c>Pharos:Database</c> (and <c>Pharos:DataDirectory</c> for SQLite files).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Pharos:Database";

    /// <summary>The values SQLite's <c>synchronous</c> pragma takes by name.</summary>
    public static readonly IReadOnlyList<string> SqliteSynchronousValues = ["OFF", "NORMAL", "FULL", "EXTRA"];

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply (the default) or Verify: see <see cref="MigrationMode"/>. The <c>migrate</c> command applies either way.</summary>
    public MigrationMode Migrations { get; set; } = MigrationMode.Apply;

    /// <summary>
    /// SQLite <c>synchronous</c> pragma, one of <see cref="SqliteSynchronousValues"/>. FULL survives power loss as well
    /// as a killed process; NORMAL (with WAL) survives a killed process only.
    /// </summary>
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>
    /// Whether <paramref name="value"/> is a <c>synchronous</c> level. It goes into the pragma as text (a pragma takes no
    /// parameters), so anything else must never reach it.
    /// </summary>
    public static bool IsSqliteSynchronous(string? value) =>
        value is not null && SqliteSynchronousValues.Contains(value, StringComparer.OrdinalIgnoreCase);
}
