using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Infrastructure.Telemetry;

namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>Reads a service's outbox for <see cref="PharosMetrics.OutboxBacklog"/> and <see cref="PharosMetrics.OutboxOldestAge"/>.</summary>
public sealed class OutboxSample(ServiceDatabase database, PharosMetrics metrics) : IMetricsSample
{
    public string Name => $"the {database.ServiceName} outbox";

    public async Task SampleAsync(CancellationToken ct)
    {
        var status = await OutboxStatus.ReadAsync(database, ct);
        // The backlog is every row the bus has not taken, the unsendable included; the age only of those that can leave.
        metrics.OutboxRead(database.ServiceName, status.Unsent + status.Unsendable, status.OldestUnsentAt);
    }
}
