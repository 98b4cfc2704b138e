using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Pharos.Triage.Harness.Telemetry;
using Pharos.Triage.IntegrationTests.Notifications;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Telemetry;

/// <summary>
/// Issue 18: one report is one trace. The embedded default (the four services in one process, the in-memory bus) with
/// telemetry on: the host's own OTLP exporter sends to a local receiver, and an in-memory exporter beside it keeps the
/// spans for the test to read.
/// </summary>
public sealed class When_a_report_is_filed_with_telemetry_on
{
    private OtlpReceiver _collector = null!;
    private WebhookReceiver _platform = null!;
    private PharosApp _app = null!;
    private readonly SpanCollection _spans = new();

    [SetUp]
    public async Task Start()
    {
        _collector = await OtlpReceiver.StartAsync();
        _platform = await WebhookReceiver.StartAsync();
        var settings = LiaisonBed.Settings(("x", _platform.Url));
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = _collector.Endpoint.ToString();
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        _app = new PharosApp(settings)
        {
            ConfigureServices = services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)),
        };
    }

    [TearDown]
    public async Task Stop()
    {
        await _app.DisposeAsync();
        await _platform.DisposeAsync();
        await _collector.DisposeAsync();
    }

    [Test]
    public async Task Its_spans_in_all_four_services_share_the_trace_of_the_HTTP_call_down_to_the_webhook_call()
    {
        await _app.Analyst().FileReport("https://x.com/someone/status/18");

        var call = await Eventually.Until(() => Task.FromResult(_spans.Call("POST", "/api/reports")), c => c is not null, "the server span of the filing");
        Assert.That(SpanCollection.Of(call!), Is.EqualTo("intake"), "the HTTP call is Intake's");
        // A failure names what the trace lacks.
        await Eventually.Until(() => Task.FromResult(string.Join("; ", _spans.Missing(call!.TraceId, _platform.Url))), missing => missing.Length == 0,
            "one trace from the HTTP call to the webhook call");

        // Every span of Pharos in the trace says whose it is (the platform's receiver, in this process too, is no service's).
        var receiver = _platform.Url.AbsolutePath;
        Assert.That(_spans.Trace(call!.TraceId).Where(s => SpanCollection.Of(s) is null && s.GetTagItem("url.path") as string != receiver).Select(s => s.DisplayName), Is.Empty,
            SpanCollection.Describe(_spans.Trace(call.TraceId)));
    }
}

public sealed class When_no_OTEL_variable_is_set
{
    [Test]
    public void No_tracer_or_meter_provider_is_registered()
    {
        using var app = new PharosApp();
        _ = app.Services;

        Assert.Multiple(() =>
        {
            Assert.That(app.Services.GetService<TracerProvider>(), Is.Null);
            Assert.That(app.Services.GetService<MeterProvider>(), Is.Null);
        });
    }
}
