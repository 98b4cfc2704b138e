using System.Data.Common;
using System.Text.Json;
using Dapper;
using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Infrastructure.Platforms;

/// <summary>A platform as this service last heard of it from Routing, which owns the records.</summary>
public sealed record KnownPlatform(
    string Id,
    long Version,
    string Name,
    IReadOnlyList<string> Domains,
    ContactPerson? Contact,
    ContactPerson? EscalationContact,
    IReadOnlyList<string> Languages)
{
    public static KnownPlatform From(PlatformChanged m) =>
        new(m.PlatformId, m.Version, m.Name, m.Domains, m.Contact, m.EscalationContact, m.Languages);
}

/// <summary>
/// A service's copy of the platform records (issue 16): Routing announces each change as
/// <see cref="PlatformChanged"/>, and a service that shows or uses a platform's name or contacts keeps the
/// highest version it received, in its own database, in the transaction of the message's inbox record.
/// </summary>
public static class PlatformDirectory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static PlatformDirectorySql Sql(this ServiceDatabase database) =>
        database.IsSqlServer ? PlatformDirectorySql.SqlServer : PlatformDirectorySql.Sqlite;

    /// <summary>The platform as last announced; null for one this service has not heard of.</summary>
    public static async Task<KnownPlatform?> FindAsync(UnitOfWork uow, string platformId) =>
        Read(await uow.ExecuteScalarAsync<string>(uow.Database.Sql().Find, new { PlatformId = platformId }));

    /// <summary>The same, outside a transaction: for what an API reads.</summary>
    public static async Task<KnownPlatform?> FindAsync(ServiceDatabase database, DbConnection connection, string platformId) =>
        Read(await connection.ExecuteScalarAsync<string>(database.Sql().Find, new { PlatformId = platformId }));

    /// <summary>Each of <paramref name="platformIds"/> this service has heard of, by id: a page of a list names few platforms.</summary>
    public static async Task<IReadOnlyDictionary<string, KnownPlatform>> FindAllAsync(
        ServiceDatabase database, DbConnection connection, IEnumerable<string> platformIds)
    {
        var found = new Dictionary<string, KnownPlatform>(StringComparer.Ordinal);
        foreach (var id in platformIds.Distinct(StringComparer.Ordinal))
            if (await FindAsync(database, connection, id) is { } platform) found[id] = platform;
        return found;
    }

    private static KnownPlatform? Read(string? record) => record is null ? null : JsonSerializer.Deserialize<KnownPlatform>(record, Json);

    /// <summary>Keeps <paramref name="change"/> unless a later version is already kept.</summary>
    public static Task ApplyAsync(UnitOfWork uow, PlatformChanged change) =>
        uow.ExecuteAsync(uow.Database.Sql().Apply, new
        {
            change.PlatformId, change.Version, change.Name, change.ChangedAt,
            Record = JsonSerializer.Serialize(KnownPlatform.From(change), Json),
        });
}

/// <summary>
/// Keeps a service's copy of the platform records. Each service that keeps one declares its own subclass, so that
/// its queue is its own (<c>AddServiceConsumer</c>).
/// </summary>
public abstract class PlatformChangedConsumer(ServiceDatabase database, TimeProvider clock) : IConsumer<PlatformChanged>
{
    public Task Consume(ConsumeContext<PlatformChanged> context) =>
        database.HandleOnceAsync(context, GetType().Name, clock, (uow, _) => PlatformDirectory.ApplyAsync(uow, context.Message));
}
