using System.Diagnostics;

namespace Pharos.Triage.Infrastructure.Telemetry;

/// <summary>
/// A W3C trace context kept with a row (an outbox message, a webhook delivery) so that the work that sends the row
/// later, on another thread or after a restart, continues the trace of the work that wrote it.
/// </summary>
public readonly record struct StoredTraceContext(string? TraceParent, string? TraceState)
{
    /// <summary>W3C's limit: a longer tracestate may be dropped whole, and is.</summary>
    public const int MaxTraceStateLength = 512;

    /// <summary>The context of the current span; empty when nothing is traced (telemetry off, or no span under way).</summary>
    public static StoredTraceContext Current() => Of(Activity.Current);

    public static StoredTraceContext Of(Activity? activity)
    {
        if (activity is not { IdFormat: ActivityIdFormat.W3C, Id: { } id }) return default;
        var state = activity.TraceStateString;
        return new(id, state is { Length: > 0 and <= MaxTraceStateLength } ? state : null);
    }

    /// <summary>The stored context as a remote parent, or null when none was stored or it does not parse (never throws).</summary>
    public ActivityContext? AsParent() =>
        !string.IsNullOrEmpty(TraceParent) && ActivityContext.TryParse(TraceParent, TraceState, isRemote: true, out var context) ? context : null;
}
