using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pharos.Triage.Infrastructure.Storage;

/// <summary>Ready only while the service's database answers.</summary>
public sealed class DatabaseHealthCheck(ServiceDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"The {database.ServiceName} database does not answer.", ex);
        }
    }
}
