namespace Pharos.Triage.Infrastructure.Platforms;

/// <summary>The platform directory's statements, in both dialects.</summary>
public sealed class PlatformDirectorySql
{
    public static readonly PlatformDirectorySql Sqlite = new(sqlServer: false);
    public static readonly PlatformDirectorySql SqlServer = new(sqlServer: true);

    private PlatformDirectorySql(bool sqlServer)
    {
        // A version older than the one kept changes nothing: messages may arrive out of order or twice.
        Apply = sqlServer
            ? """
              MERGE platform_directory WITH (HOLDLOCK) AS kept
              USING (SELECT @PlatformId AS platform_id) AS changed ON kept.platform_id = changed.platform_id
              WHEN MATCHED AND kept.version < @Version THEN
                  UPDATE SET version = @Version, name = @Name, record = @Record, changed_at = @ChangedAt
              WHEN NOT MATCHED THEN
                  INSERT (platform_id, version, name, record, changed_at) VALUES (@PlatformId, @Version, @Name, @Record, @ChangedAt);
              """
            : """
              INSERT INTO platform_directory (platform_id, version, name, record, changed_at)
              VALUES (@PlatformId, @Version, @Name, @Record, @ChangedAt)
              ON CONFLICT (platform_id) DO UPDATE SET version = excluded.version, name = excluded.name, record = excluded.record,
                  changed_at = excluded.changed_at
              WHERE excluded.version > platform_directory.version;
              """;
        Find = "SELECT record FROM platform_directory WHERE platform_id = @PlatformId;";
    }

    public string Apply { get; }

    public string Find { get; }
}
