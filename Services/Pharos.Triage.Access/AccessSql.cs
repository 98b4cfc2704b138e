namespace Pharos.Triage.Access;

/// <summary>Every statement of the access store, in both dialects where they differ.</summary>
public sealed class AccessSql(bool sqlServer)
{
    public string InsertKey { get; } = """
        INSERT INTO api_keys (id, prefix, secret_hash, name, role, platform_id, created_at, created_by)
        VALUES (@Id, @Prefix, @SecretHash, @Name, @Role, @PlatformId, @CreatedAt, @CreatedBy);
        """;

    public string SelectKeyByPrefix { get; } = """
        SELECT id AS Id, prefix AS Prefix, secret_hash AS SecretHash, name AS Name, role AS Role, platform_id AS PlatformId,
               revoked_at AS RevokedAt, last_used_at AS LastUsedAt
        FROM api_keys WHERE prefix = @Prefix;
        """;

    /// <summary>Newest first, keyset-paged on (created_at, id).</summary>
    public string ListKeys { get; } = $"""
        SELECT {(sqlServer ? "TOP (@Limit) " : "")}id AS Id, prefix AS Prefix, name AS Name, role AS Role, platform_id AS PlatformId,
               created_at AS CreatedAt, created_by AS CreatedBy, revoked_at AS RevokedAt, last_used_at AS LastUsedAt
        FROM api_keys
        WHERE (@CursorKey IS NULL OR created_at < @CursorKey OR (created_at = @CursorKey AND id < @CursorId))
        ORDER BY created_at DESC, id DESC{(sqlServer ? "" : " LIMIT @Limit")};
        """;

    public string RevokeKey { get; } = """
        UPDATE api_keys SET revoked_at = COALESCE(revoked_at, @RevokedAt), revoked_by = COALESCE(revoked_by, @RevokedBy)
        WHERE id = @Id;
        """;

    /// <summary>Records use at most once a minute per key, so that checking a key is not a write per request.</summary>
    public string TouchKey { get; } = """
        UPDATE api_keys SET last_used_at = @At WHERE id = @Id AND (last_used_at IS NULL OR last_used_at < @Before);
        """;

    public string AppendAccess { get; } = """
        INSERT INTO access_log (at, principal, role, method, route, path, status, remote)
        VALUES (@At, @Principal, @Role, @Method, @Route, @Path, @Status, @Remote);
        """;

    public string PurgeAccess { get; } = sqlServer
        ? "DELETE TOP (5000) FROM access_log WHERE at < @Before;"
        : "DELETE FROM access_log WHERE id IN (SELECT id FROM access_log WHERE at < @Before LIMIT 5000);";

    public string SelectAccess { get; } = $"""
        SELECT {(sqlServer ? "TOP (@Limit) " : "")}at AS At, principal AS Principal, role AS Role, method AS Method, route AS Route,
               path AS Path, status AS Status, remote AS Remote
        FROM access_log WHERE (@Principal IS NULL OR principal = @Principal)
        ORDER BY at DESC, id DESC{(sqlServer ? "" : " LIMIT @Limit")};
        """;

    public string InsertDataProtectionKey { get; } = """
        INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@FriendlyName, @Xml, @CreatedAt);
        """;

    public string SelectDataProtectionKeys { get; } = "SELECT xml FROM data_protection_keys ORDER BY id;";
}
