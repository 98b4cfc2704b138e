using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pharos.Triage.Access.AccessLog;

/// <summary>
/// Degraded while the access log cannot be written: the service still answers (until the log's buffer is
/// full, then 503 per call), so the check is advisory: it shows in readiness without taking the instance out.
/// </summary>
public sealed class AccessLogHealthCheck(AccessLogWriter writer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(writer.FailingState is { } failing
            ? HealthCheckResult.Degraded(
                $"The access log has not been written since {failing.Since:O}: {writer.Held} entries held, {writer.Refused} calls refused. Last error: {failing.LastError}")
            : HealthCheckResult.Healthy());
}
