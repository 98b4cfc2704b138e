using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Pharos.Triage.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry for a host, configured by the standard <c>OTEL_*</c> variables (<see cref="TelemetryPlan"/>) and
/// exported over OTLP; nothing at all is registered when none asks for it. Traces: the project's spans, MassTransit's
/// (which carry the context over the bus, in memory and over RabbitMQ), ASP.NET Core's and HttpClient's. Metrics: the
/// project's meter, MassTransit's, Polly's, ASP.NET Core's, HttpClient's and the runtime's.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>MassTransit's activity source and meter (its DiagnosticHeaders.DefaultListenerName).</summary>
    public const string MassTransit = "MassTransit";

    /// <summary>Polly's meter: the HTTP clients' resilience pipelines report their retries and timeouts there.</summary>
    public const string Polly = "Polly";

    /// <summary>Registers OpenTelemetry for the <paramref name="services"/> (module names) this host runs; returns the plan.</summary>
    public static TelemetryPlan AddPharosTelemetry(this WebApplicationBuilder builder, IReadOnlyCollection<string> services)
    {
        var configuration = builder.Configuration;
        var plan = TelemetryPlan.From(key => configuration[key]);
        if (!plan.Any) return plan;

        var tags = services.Select(ServiceNames.Tag).ToList();
        var tagging = new ServiceTagging(tags);
        var sampler = TraceSampling.From(configuration[TraceSampling.SamplerKey], configuration[TraceSampling.ArgumentKey]);
        var otel = builder.Services.AddOpenTelemetry()
            // OTEL_RESOURCE_ATTRIBUTES is read by the SDK's own detectors; the name is set here so that it has a default.
            .ConfigureResource(resource => resource
                .AddService(ServiceNames.OfProcess(configuration["OTEL_SERVICE_NAME"], services))
                .AddAttributes([new("pharos.services", string.Join(",", tags))]));
        if (plan.Traces)
            otel.WithTracing(tracing =>
            {
                tracing.SetSampler(sampler)
                    .AddSource(PharosTelemetry.Name, MassTransit)
                    .AddAspNetCoreInstrumentation(o =>
                    {
                        // Probes every few seconds would drown the reports' traces.
                        o.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
                        o.EnrichWithHttpResponse = tagging.TagHttpServer;
                    })
                    .AddHttpClientInstrumentation()
                    // Before the exporter: a span is tagged before it is exported.
                    .AddProcessor(tagging)
                    .AddOtlpExporter();
            });
        if (plan.Metrics)
            otel.WithMetrics(metrics => metrics
                .AddMeter(PharosTelemetry.Name, MassTransit, Polly)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter());
        return plan;
    }
}
