using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>
/// Degraded while the oldest message of the service's outbox still waiting to leave is older than
/// <see cref="OutboxOptions.DegradedAfter"/>: the bus has not taken it (a broker away, publishes failing). Degraded, and
/// advisory (<see cref="Hosting.Readiness.Advisory"/>), never not ready: the instance still records every request and
/// its messages durably, and they leave once the bus takes them; every instance of the service shares the outbox, so all
/// would go unready together and refuse the reports they can still keep. What makes an instance unable to serve (its
/// database away, its bus connection down) is what makes it not ready.
/// </summary>
public sealed class OutboxDelayHealthCheck(ServiceDatabase database, TimeProvider clock, TimeSpan degradedAfter) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var oldest = await Dapper.SqlMapper.ExecuteScalarAsync<long?>(connection, database.Outbox().Sql.OldestUnsent);
        if (oldest is not { } ms) return HealthCheckResult.Healthy();
        var age = clock.GetUtcNow() - Timestamps.FromUnixMs(ms);
        if (age <= degradedAfter) return HealthCheckResult.Healthy();
        return HealthCheckResult.Degraded(
            $"The {database.ServiceName} outbox's oldest message waiting to leave was written {age.TotalSeconds:0} s ago " +
            $"(more than {degradedAfter.TotalSeconds:0} s): the bus is not taking its messages",
            data: new Dictionary<string, object> { ["ageSeconds"] = (long)age.TotalSeconds });
    }
}
