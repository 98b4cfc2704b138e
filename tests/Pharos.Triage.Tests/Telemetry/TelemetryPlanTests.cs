using OpenTelemetry.Trace;
using Pharos.Triage.Infrastructure.Telemetry;

namespace Pharos.Triage.Tests.Telemetry;

public sealed class When_telemetry_is_decided_from_the_OTEL_variables
{
    private static TelemetryPlan Plan(params (string Key, string Value)[] settings) =>
        TelemetryPlan.From(key => settings.FirstOrDefault(s => s.Key == key).Value);

    [Test]
    public void Nothing_is_exported_when_no_exporter_setting_is_present()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Plan(), Is.EqualTo(TelemetryPlan.Off));
            Assert.That(Plan().Any, Is.False);
            // Settings that tune an exporter do not ask for one.
            Assert.That(Plan(("OTEL_SERVICE_NAME", "pharos"), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"), ("OTEL_METRIC_EXPORT_INTERVAL", "1000")),
                Is.EqualTo(TelemetryPlan.Off));
            Assert.That(Plan(("OTEL_EXPORTER_OTLP_ENDPOINT", "  ")), Is.EqualTo(TelemetryPlan.Off), "blank is unset");
        });
    }

    [Test]
    public void An_OTLP_endpoint_exports_traces_and_metrics()
    {
        Assert.That(Plan(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")), Is.EqualTo(new TelemetryPlan(Traces: true, Metrics: true)));
    }

    [Test]
    public void A_signal_s_own_endpoint_or_exporter_exports_that_signal_alone()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Plan(("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces")), Is.EqualTo(new TelemetryPlan(Traces: true, Metrics: false)));
            Assert.That(Plan(("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://collector:4318/v1/metrics")), Is.EqualTo(new TelemetryPlan(Traces: false, Metrics: true)));
            Assert.That(Plan(("OTEL_METRICS_EXPORTER", "otlp")), Is.EqualTo(new TelemetryPlan(Traces: false, Metrics: true)));
        });
    }

    [Test]
    public void An_exporter_named_none_turns_its_signal_off()
    {
        Assert.That(Plan(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"), ("OTEL_METRICS_EXPORTER", "none")),
            Is.EqualTo(new TelemetryPlan(Traces: true, Metrics: false)));
    }

    [TestCase("true")]
    [TestCase("TRUE")]
    public void The_SDK_disabled_turns_everything_off(string disabled)
    {
        Assert.That(Plan(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"), ("OTEL_SDK_DISABLED", disabled)), Is.EqualTo(TelemetryPlan.Off));
    }

    [Test]
    public void An_exporter_Pharos_does_not_ship_is_refused_naming_the_variable()
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => Plan(("OTEL_TRACES_EXPORTER", "zipkin")));
        Assert.That(refusal!.Message, Does.Contain("OTEL_TRACES_EXPORTER").And.Contain("zipkin"));
    }
}

public sealed class When_the_trace_sampler_is_read
{
    [TestCase(null, null, "ParentBased{AlwaysOnSampler}")]
    [TestCase("parentbased_always_on", null, "ParentBased{AlwaysOnSampler}")]
    [TestCase("always_off", null, "AlwaysOffSampler")]
    [TestCase("always_on", null, "AlwaysOnSampler")]
    [TestCase("traceidratio", "0.25", "TraceIdRatioBasedSampler{0.250000}")]
    [TestCase("parentbased_traceidratio", "0.5", "ParentBased{TraceIdRatioBasedSampler{0.500000}}")]
    [TestCase("parentbased_traceidratio", null, "ParentBased{TraceIdRatioBasedSampler{1.000000}}")]
    [TestCase("ParentBased_Always_Off", null, "ParentBased{AlwaysOffSampler}")]
    public void The_sampler_is_the_one_the_specification_names(string? sampler, string? argument, string expected)
    {
        Assert.That(TraceSampling.From(sampler, argument).Description, Is.EqualTo(expected));
    }

    [TestCase("sometimes", null, "OTEL_TRACES_SAMPLER")]
    [TestCase("traceidratio", "1.5", "OTEL_TRACES_SAMPLER_ARG")]
    [TestCase("traceidratio", "half", "OTEL_TRACES_SAMPLER_ARG")]
    public void A_wrong_value_is_refused_naming_its_variable(string sampler, string? argument, string key)
    {
        var refusal = Assert.Throws<InvalidOperationException>(() => TraceSampling.From(sampler, argument));
        Assert.That(refusal!.Message, Does.StartWith(key));
    }
}
