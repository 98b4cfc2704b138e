using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>
/// Degraded while the service's outbox holds a row that cannot be made into a message (an unknown type, a body that
/// does not deserialise): it will not leave by itself, so an operator must see it, with its age and error.
/// </summary>
public sealed class UnsendableOutboxHealthCheck(ServiceDatabase database, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var row = await OldestUnsendableAsync(cancellationToken);
        if (row is null) return HealthCheckResult.Healthy();
        var age = clock.GetUtcNow() - row.CreatedAt;
        return HealthCheckResult.Degraded(
            $"The {database.ServiceName} outbox holds a message that cannot be sent: row {row.Id} ({row.MessageType}), " +
            $"written {age.TotalSeconds:0} s ago: {row.LastError}",
            data: new Dictionary<string, object> { ["outboxId"] = row.Id, ["messageType"] = row.MessageType, ["ageSeconds"] = (long)age.TotalSeconds });
    }

    /// <summary>The oldest outbox row that cannot be made into a message, if any.</summary>
    private async Task<UnsendableRow?> OldestUnsendableAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await Dapper.SqlMapper.QuerySingleOrDefaultAsync<UnsendableRow>(connection, database.Outbox().Sql.OldestUnsendable);
    }

    private sealed class UnsendableRow
    {
        public long Id { get; set; }
        public string MessageType { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public string? LastError { get; set; }
    }
}
