using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Api.OpenApi;
using Pharos.Triage.Infrastructure.Security;
using Scalar.AspNetCore;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Infrastructure.Hosting;

/// <summary>What every Pharos host has, whichever services it runs.</summary>
public static class PlatformRegistration
{
    /// <summary>
    /// Registers the platform, and returns its options as configured: which services and which transport are wiring
    /// decisions, taken before the container exists. The same section is bound, and checked, with the others.
    /// </summary>
    public static PharosOptions AddPharosPlatform(this WebApplicationBuilder builder)
    {
        Timestamps.RegisterWithDapper();
        var services = builder.Services;
        services.AddPharosOptions();
        services.TryAddSingleton(TimeProvider.System);
        // On SIGTERM the bus gets 30 s to finish what it holds (unfinished messages go back to the
        // broker); the host waits a little longer than that before it gives up.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(45));
        // First hosted service: every database is migrated before any dispatcher, sweep or consumer starts.
        services.AddHostedService<DatabaseMigrator>();
        services.AddPharosApi();
        services.AddPharosSecurity();
        // Every form of every page carries a token of its own; a post without it is refused.
        services.AddAntiforgery();
        services.AddHealthChecks();
        services.AddPharosMetrics();
        return builder.Configuration.GetSection(PharosOptions.Section).Get<PharosOptions>() ?? new PharosOptions();
    }

    public static void UsePharosPlatform(this WebApplication app)
    {
        // Outermost, so that every answer is recorded as it was sent: a 413 of the body limit, a 400 or
        // 500 written by the exception handler.
        // First of all: the client's address, where a known gateway names it, is what the rest reads.
        app.UsePharosGateway();
        app.UseAccessRecording();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseBodyLimit(app.Services.GetRequiredService<LimitOptions>().MaxBodyBytes);
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.UseAuthorization();
        app.UseAntiforgery();

        // The embedded default (all four services) generates the whole document; a host running only some would
        // generate only theirs, so it serves the whole one, checked in (WholeApiDocument).
        if (app.Services.GetRequiredService<IOptions<PharosOptions>>().Value.Services.Length == 0)
            app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        else
            app.MapWholeApiDocument().AllowAnonymous();
        // The reference for integrators, beside the document it reads: its script is served from the assembly, and
        // nothing is fetched from elsewhere (no CDN fonts, no telemetry, no AI agent).
        app.MapScalarApiReference("/docs", docs => docs
                .WithTitle("Pharos.Triage API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent())
            .AllowAnonymous();
        app.MapHealthEndpoints();
    }
}
