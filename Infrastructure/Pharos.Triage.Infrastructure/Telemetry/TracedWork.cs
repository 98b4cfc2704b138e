using System.Diagnostics;

namespace Pharos.Triage.Infrastructure.Telemetry;

/// <summary>The project's own spans around work done later for some earlier call: an outbox row sent, a notice delivered.</summary>
public static class TracedWork
{
    /// <summary>
    /// Starts a span of <paramref name="service"/> under the context stored with the row, or a trace of its own when none
    /// was stored: never under whatever span happens to be current, which belongs to other work. Null when nobody listens.
    /// </summary>
    public static Activity? Start(string name, ActivityKind kind, StoredTraceContext stored, string service)
    {
        Activity.Current = null;
        var activity = stored.AsParent() is { } parent
            ? PharosTelemetry.Spans.StartActivity(name, kind, parent)
            : PharosTelemetry.Spans.StartActivity(name, kind);
        activity?.SetTag(ServiceNames.Attribute, ServiceNames.Tag(service));
        return activity;
    }
}
