namespace Pharos.Triage.Infrastructure.Storage;

/// <summary>
/// SQL Server: one instance migrates at a time, holding an application lock on its session. SQLite needs none: the
/// runner's write transaction (BEGIN IMMEDIATE) serialises instances on one file.
/// </summary>
public static class MigrationLock
{
    /// <summary>Waits up to a minute for the lock; <c>@Granted</c> (an output parameter) receives sp_getapplock's result.</summary>
    public const string Take = """
        EXEC @Granted = sp_getapplock @Resource = N'pharos_schema_migrations', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 60000;
        """;

    public const string Release = "EXEC sp_releaseapplock @Resource = N'pharos_schema_migrations', @LockOwner = 'Session';";

    /// <summary>
    /// Why the service must not migrate, given sp_getapplock's result; null when the lock is held (0: granted at once,
    /// 1: granted after waiting). Going on without it would let two instances apply the same script at once.
    /// </summary>
    public static string? Refusal(int result, string service) => result switch
    {
        >= 0 => null,
        -1 => $"{service}: the migration lock was not granted within 60 s (another instance is migrating, or holds it); nothing was migrated. Start again once it is done.",
        -2 => $"{service}: the request for the migration lock was cancelled; nothing was migrated.",
        -3 => $"{service}: the request for the migration lock was chosen as a deadlock victim; nothing was migrated. Start again.",
        _ => $"{service}: the migration lock was refused (sp_getapplock returned {result}); nothing was migrated.",
    };
}
