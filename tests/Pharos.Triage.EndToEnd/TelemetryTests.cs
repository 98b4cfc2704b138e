using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Pharos.Triage.Harness.Webhooks;

namespace Pharos.Triage.EndToEnd;

/// <summary>
/// Issue 18's "done when": the host, started as an operator starts it with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> and
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>, sends traces and metrics to a local OTLP receiver within seconds of
/// a report being filed.
/// </summary>
public sealed class When_the_host_is_started_with_an_OTLP_endpoint
{
    [Test]
    public async Task It_sends_the_report_s_traces_and_its_metrics_to_the_receiver_within_seconds()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var data = Path.Combine(Path.GetTempPath(), "pharos-e2e", Guid.NewGuid().ToString("N"));
        using var host = new HostProcess(data, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment.name=e2e-telemetry",
        });
        await host.StartAsync(TimeSpan.FromSeconds(60));
        using var analyst = Api.Client(host.BaseAddress, "demo-analyst");

        await analyst.File("https://x.com/someone/status/1818");

        // Within seconds: the batch goes every 200 ms, the metrics every 500 ms. What each signal must carry: the resource
        // (the embedded default's name, and what OTEL_RESOURCE_ATTRIBUTES adds); for traces, a span of each kind the report
        // makes (the HTTP call, the outbox, the bus, a consumer's queue) and whose they are; for metrics, ASP.NET Core's.
        var within = TimeSpan.FromSeconds(10);
        string[] resource = ["pharos-triage", "e2e-telemetry"];
        var traces = await Until(collector, "/v1/traces",
            [.. resource, "POST /api/reports", "outbox send", "urn:message:Pharos.Triage.Contracts:ReportFiled send", "routing-report-filed", "pharos.service"], within);
        var metrics = await Until(collector, "/v1/metrics", [.. resource, "http.server.request.duration"], within);

        Assert.That(traces.Concat(metrics).Select(e => e.ContentType).Distinct(), Is.EqualTo(new[] { "application/x-protobuf" }));
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    /// <summary>The exports at <paramref name="path"/> once, together, they carry every one of <paramref name="texts"/>.</summary>
    private static Task<List<OtlpReceiver.Export>> Until(OtlpReceiver collector, string path, string[] texts, TimeSpan within) =>
        Api.Eventually(() => Task.FromResult(collector.Received.Where(e => e.Path == path).ToList()),
            exports => texts.All(text => exports.Any(e => e.Carries(text))),
            $"exports at {path} carrying {string.Join(", ", texts)}", within);
}

/// <summary>
/// Issue 18: one report is one trace over RabbitMQ too. The four services in one process (the embedded default) with
/// <c>Pharos:Transport=RabbitMq</c> against the local broker: MassTransit carries the context in the messages' headers.
/// </summary>
public sealed class When_a_report_is_filed_over_RabbitMQ_with_telemetry_on
{
    private RabbitMqVirtualHost? _vhost;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "pharos-e2e", Guid.NewGuid().ToString("N"));

    // Fails rather than skips where CI=true: CI starts the broker.
    [SetUp]
    public void CreateVirtualHost() => _vhost = RabbitMqBroker.CreateVirtualHost("e2e-trace", IfBrokerAbsent.Skip);

    [TearDown]
    public void Stop()
    {
        _vhost?.Dispose();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    [Test]
    public async Task Its_spans_in_all_four_services_share_the_trace_of_the_HTTP_call_down_to_the_webhook_call()
    {
        const string secret = "x-webhook-secret-0123456789-abcdef";
        await using var platform = await WebhookReceiver.StartAsync(new Dictionary<string, string> { ["x"] = secret }, TimeSpan.Zero);
        await using var collector = await OtlpReceiver.StartAsync();
        var spans = new SpanCollection();
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Pharos:Transport", "RabbitMq");
            builder.UseSetting("ConnectionStrings:RabbitMq", _vhost!.AmqpUri);
            builder.UseSetting("Pharos:DataDirectory", _data);
            builder.UseSetting("Pharos:DemoPrincipals", "true");
            builder.UseSetting("Pharos:PlatformContacts:x:WebhookUrl", platform.UrlFor("x"));
            builder.UseSetting("Pharos:PlatformContacts:x:WebhookSecret", secret);
            builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Endpoint.ToString());
            builder.UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
            // The test server gives no caller address; demo tokens want loopback.
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, LoopbackCaller>());
        });
        factory.StartServer();
        var analyst = Api.Authorize(factory.CreateClient(), "demo-analyst");

        await analyst.File("https://x.com/someone/status/1819");

        var timeout = TimeSpan.FromSeconds(60);
        var call = await Api.Eventually(() => Task.FromResult(spans.Call("POST", "/api/reports")), c => c is not null, "the server span of the filing", timeout);
        // A failure names what the trace lacks.
        await Api.Eventually(() => Task.FromResult(string.Join("; ", spans.Missing(call!.TraceId, new Uri(platform.UrlFor("x"))))), missing => missing.Length == 0,
            "one trace from the HTTP call to the webhook call", timeout);
        Assert.That(spans.Trace(call!.TraceId).Where(s => s.Kind == System.Diagnostics.ActivityKind.Consumer).SelectMany(s => s.TagObjects).Select(t => t.Value?.ToString()),
            Has.Some.StartsWith("rabbitmq://"), "over the broker, not in memory");
    }
}
