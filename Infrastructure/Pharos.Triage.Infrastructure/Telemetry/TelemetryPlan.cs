namespace Pharos.Triage.Infrastructure.Telemetry;

/// <summary>
/// Which signals this process exports over OTLP, decided from the standard <c>OTEL_*</c> settings alone: traces and
/// metrics each go when an OTLP endpoint is set (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, or the signal's own) or the
/// signal's exporter is named (<c>OTEL_TRACES_EXPORTER</c>, <c>OTEL_METRICS_EXPORTER</c>: <c>otlp</c> or <c>none</c>);
/// nothing goes when <c>OTEL_SDK_DISABLED</c> is true. With no such setting, no provider is registered at all.
/// </summary>
public sealed record TelemetryPlan(bool Traces, bool Metrics)
{
    public static readonly TelemetryPlan Off = new(Traces: false, Metrics: false);

    /// <summary>Whether anything is exported, so that OpenTelemetry is registered at all.</summary>
    public bool Any => Traces || Metrics;

    /// <summary>The plan <paramref name="setting"/> (a configuration lookup: environment variables are read there) describes.</summary>
    public static TelemetryPlan From(Func<string, string?> setting)
    {
        var disabled = setting("OTEL_SDK_DISABLED");
        if (bool.TryParse(disabled?.Trim(), out var off) && off) return Off;
        var endpoint = Set(setting("OTEL_EXPORTER_OTLP_ENDPOINT"));
        return new(Exports("TRACES"), Exports("METRICS"));

        bool Exports(string signal)
        {
            var key = $"OTEL_{signal}_EXPORTER";
            var named = setting(key);
            if (!Set(named)) return endpoint || Set(setting($"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"));
            var exporters = named!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(e => e.ToLowerInvariant()).ToList();
            // Only what Pharos ships: an exporter it does not have would otherwise be silently no exporter at all.
            if (exporters.FirstOrDefault(e => e is not ("otlp" or "none")) is { } unknown)
                throw new InvalidOperationException($"{key} names '{unknown}': Pharos exports over OTLP ('otlp') or not at all ('none').");
            return exporters.Contains("otlp");
        }
    }

    private static bool Set(string? value) => !string.IsNullOrWhiteSpace(value);
}
