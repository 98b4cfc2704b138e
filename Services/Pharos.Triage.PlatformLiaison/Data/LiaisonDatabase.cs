using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.PlatformLiaison.Data;

public sealed class LiaisonDatabase(DatabaseProvider provider, string connectionString, string sqliteSynchronous)
    : ServiceDatabase(LiaisonService.Name, provider, connectionString, sqliteSynchronous)
{
    public LiaisonSql Sql { get; } = new(provider == DatabaseProvider.SqlServer);

    /// <summary>Raised after a commit that queued webhook deliveries, so the dispatcher sends without waiting for its poll.</summary>
    public event Action? DeliveriesQueued;

    public void NotifyDeliveriesQueued() => DeliveriesQueued?.Invoke();
}
