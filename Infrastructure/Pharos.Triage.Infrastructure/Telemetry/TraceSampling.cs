using System.Globalization;
using OpenTelemetry.Trace;

namespace Pharos.Triage.Infrastructure.Telemetry;

/// <summary>
/// The sampler <c>OTEL_TRACES_SAMPLER</c> and <c>OTEL_TRACES_SAMPLER_ARG</c> name, as the OpenTelemetry specification
/// defines them. The default, <c>parentbased_always_on</c>, keeps every report's trace whole: each span follows the
/// decision taken for the HTTP call that began it, the outbox and the bus carrying that decision on.
/// </summary>
public static class TraceSampling
{
    public const string SamplerKey = "OTEL_TRACES_SAMPLER";
    public const string ArgumentKey = "OTEL_TRACES_SAMPLER_ARG";

    public static Sampler From(string? sampler, string? argument) =>
        (sampler?.Trim().ToLowerInvariant()) switch
        {
            null or "" or "parentbased_always_on" => new ParentBasedSampler(new AlwaysOnSampler()),
            "parentbased_always_off" => new ParentBasedSampler(new AlwaysOffSampler()),
            "parentbased_traceidratio" => new ParentBasedSampler(new TraceIdRatioBasedSampler(Ratio(argument))),
            "always_on" => new AlwaysOnSampler(),
            "always_off" => new AlwaysOffSampler(),
            "traceidratio" => new TraceIdRatioBasedSampler(Ratio(argument)),
            // Refused rather than replaced by the default: an operator who asked for 1 % must not get 100 % unawares.
            var other => throw new InvalidOperationException(
                $"{SamplerKey} is '{other}'; it is one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio."),
        };

    private static double Ratio(string? argument)
    {
        if (string.IsNullOrWhiteSpace(argument)) return 1.0;
        if (double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) && ratio is >= 0 and <= 1) return ratio;
        throw new InvalidOperationException($"{ArgumentKey} is '{argument}'; a ratio is a number from 0 to 1, such as 0.25.");
    }
}
