using System.Runtime.CompilerServices;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Infrastructure.Telemetry;

namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>
/// One service's outbox, kept beside its database (which knows nothing of it): who takes each message the service
/// publishes, and the signal that wakes its dispatcher when a commit wrote rows.
/// </summary>
public sealed class ServiceOutbox
{
    private static readonly ConditionalWeakTable<ServiceDatabase, ServiceOutbox> Outboxes = new();

    private ServiceOutbox(ServiceDatabase database)
    {
        Sql = database.IsSqlServer ? OutboxSql.SqlServer : OutboxSql.Sqlite;
        NotifyWritten = () => Written?.Invoke();
    }

    /// <summary>The outbox of <paramref name="database"/>.</summary>
    public static ServiceOutbox Of(ServiceDatabase database) => Outboxes.GetValue(database, d => new ServiceOutbox(d));

    /// <summary>
    /// Who consumes each message this service publishes: its outbox rows wait for their receipts. Null (a test's bare
    /// database) makes a row done once the bus took it.
    /// </summary>
    public MessageSubscriptions? Subscriptions { get; set; }

    /// <summary>The host's instruments: the facts a committed message announces are counted there. Null counts nothing.</summary>
    public PharosMetrics? Metrics { get; set; }

    /// <summary>Raised after every commit that wrote outbox rows, so the dispatcher publishes without waiting for its poll.</summary>
    public event Action? Written;

    internal OutboxSql Sql { get; }

    /// <summary>One delegate for the outbox's life, so that a unit of work that publishes many messages wakes the dispatcher once.</summary>
    internal Action NotifyWritten { get; }
}

public static class ServiceOutboxes
{
    /// <summary>The outbox of this service's database.</summary>
    public static ServiceOutbox Outbox(this ServiceDatabase database) => ServiceOutbox.Of(database);
}
