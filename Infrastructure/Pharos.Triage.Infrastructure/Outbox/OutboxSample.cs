using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Infrastructure.Telemetry;

namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>Reads a service's outbox for <see cref="PharosMetrics.OutboxBacklog"/> and <see cref="PharosMetrics.OutboxOldestAge"/>.</summary>
public sealed class OutboxSample(ServiceDatabase database, PharosMetrics metrics) : IMetricsSample
{
    public string Name => $"the {database.ServiceName} outbox";

    public async Task SampleAsync(CancellationToken ct)
    {
        var sql = database.Outbox().Sql;
        await using var connection = await database.OpenAsync(ct);
        // Both read ix_outbox_unsent: the rows not yet sent, however many were sent before them.
        var backlog = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, sql.CountUnsent);
        var oldest = await Dapper.SqlMapper.ExecuteScalarAsync<long?>(connection, sql.OldestUnsent);
        metrics.OutboxRead(database.ServiceName, backlog, oldest is { } ms ? Timestamps.FromUnixMs(ms) : null);
    }
}
