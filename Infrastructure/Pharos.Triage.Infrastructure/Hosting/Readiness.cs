using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Pharos.Triage.Infrastructure.Hosting;

/// <summary>
/// What <c>/health/ready</c> answers. A check tagged <see cref="Tag"/> that is not healthy (the database, the bus
/// reconnecting) makes the instance not ready: 503, and the load balancer sends it nothing. A check also tagged
/// <see cref="Advisory"/> (the access log cannot be written, an outbox row can never be sent) reports the instance
/// degraded but keeps it ready: taking every instance out of the load balancer for it would stop the service,
/// which is worse than what it reports.
/// </summary>
public static class Readiness
{
    public const string Tag = "ready";
    public const string Advisory = "advisory";

    /// <summary>The status code the checks decide: advisory ones never make it 503.</summary>
    public static int StatusCode(HealthReport report) =>
        report.Entries.Any(e => e.Value.Status != HealthStatus.Healthy && !e.Value.Tags.Contains(Advisory))
            ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status200OK;

    /// <summary>The overall status on the first line (what probes read), then each check that is not healthy.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.StatusCode = StatusCode(report);
        context.Response.ContentType = "text/plain; charset=utf-8";
        var text = new StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).OrderBy(e => e.Key, StringComparer.Ordinal))
            text.Append('\n').Append(name).Append(": ").Append(entry.Status).Append(": ").Append(entry.Description);
        return context.Response.WriteAsync(text.ToString());
    }

    /// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (<see cref="WriteAsync"/>), open to all.</summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        // Ready means the database and the bus answer: a degraded check (a bus reconnecting) is not ready,
        // unless it is advisory.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(Tag),
            ResponseWriter = WriteAsync,
        }).AllowAnonymous();
    }
}
