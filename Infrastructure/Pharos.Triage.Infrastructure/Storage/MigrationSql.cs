namespace Pharos.Triage.Infrastructure.Storage;

/// <summary>
/// The statements of <see cref="MigrationRunner"/> on its record table, <c>schema_migrations</c>, in both dialects. The
/// runner makes the table itself (it must exist before the first script), so it also extends it: idempotently, on every
/// start, whatever version made it.
/// </summary>
public sealed class MigrationSql
{
    public static readonly MigrationSql Sqlite = new(sqlServer: false);
    public static readonly MigrationSql SqlServer = new(sqlServer: true);

    private MigrationSql(bool sqlServer)
    {
        if (sqlServer)
        {
            // The table as it was first made, then each column added since; each statement does nothing the second time.
            RecordTable =
            [
                """
                IF OBJECT_ID(N'schema_migrations', N'U') IS NULL
                    CREATE TABLE schema_migrations (id NVARCHAR(200) NOT NULL CONSTRAINT pk_schema_migrations PRIMARY KEY, applied_at BIGINT NOT NULL);
                """,
                """
                IF COL_LENGTH(N'schema_migrations', N'checksum') IS NULL
                    ALTER TABLE schema_migrations ADD checksum CHAR(64) NULL;
                """,
            ];
            HasChecksums = "SELECT CASE WHEN COL_LENGTH(N'schema_migrations', N'checksum') IS NULL THEN 0 ELSE 1 END;";
        }
        else
        {
            // SQLite cannot add a column only if it is missing: the runner asks HasChecksums first, in the same
            // write transaction (BEGIN IMMEDIATE), so that two instances never both add it.
            RecordTable =
            [
                "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL);",
            ];
            AddChecksum = ["ALTER TABLE schema_migrations ADD COLUMN checksum TEXT NULL;"];
            HasChecksums = "SELECT COUNT(*) FROM pragma_table_info('schema_migrations') WHERE name = 'checksum';";
        }
    }

    /// <summary>
    /// Makes and extends the record table. A list, not a string: the statement tests enumerate the string properties and
    /// run them on a table made already; these are checked as the schema's scripts are.
    /// </summary>
    public IReadOnlyList<string> RecordTable { get; }

    /// <summary>
    /// SQLite only: the checksum column, added when <see cref="HasChecksums"/> says it is missing (on SQL Server,
    /// <see cref="RecordTable"/> adds it). A list, as <see cref="RecordTable"/>: it prepares only where the column is missing.
    /// </summary>
    public IReadOnlyList<string> AddChecksum { get; } = [];

    /// <summary>1 when the record table has its checksum column, 0 when it (or the table) is missing.</summary>
    public string HasChecksums { get; }

    /// <summary>Every script applied, with its checksum (NULL for one applied before checksums were recorded).</summary>
    public string Applied { get; } = "SELECT id AS Id, checksum AS Checksum FROM schema_migrations;";

    public string IsApplied { get; } = "SELECT COUNT(*) FROM schema_migrations WHERE id = @Id;";

    public string Record { get; } = "INSERT INTO schema_migrations (id, applied_at, checksum) VALUES (@Id, @AppliedAt, @Checksum);";

    /// <summary>The checksum of a script applied before checksums were recorded, taken as it is now (see <see cref="MigrationCheck"/>).</summary>
    public string RecordChecksum { get; } = "UPDATE schema_migrations SET checksum = @Checksum WHERE id = @Id AND checksum IS NULL;";
}
