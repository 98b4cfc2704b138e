using System.Collections;
using System.Diagnostics;

namespace Pharos.Triage.Harness.Telemetry;

/// <summary>
/// The spans a host exported, for an in-memory exporter (<c>AddInMemoryExporter(log)</c>): safe to read while the
/// host goes on exporting. Tells what one report's trace holds, and what it still lacks.
/// </summary>
public sealed class SpanCollection : ICollection<Activity>
{
    /// <summary>The four services, as spans name them (<c>pharos.service</c>).</summary>
    public static readonly IReadOnlyList<string> Services = ["intake", "routing", "platformliaison", "escalation"];

    private readonly List<Activity> _spans = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<Activity> Spans
    {
        get { lock (_lock) return [.. _spans]; }
    }

    /// <summary>The server span of the call <c>POST <paramref name="path"/></c>, once it has ended.</summary>
    public Activity? Call(string method, string path) => Spans.FirstOrDefault(s =>
        s.Kind == ActivityKind.Server && Tag(s, "http.request.method") == method && Tag(s, "url.path") == path);

    public IReadOnlyList<Activity> Trace(ActivityTraceId id) => [.. Spans.Where(s => s.TraceId == id)];

    /// <summary>
    /// What the trace <paramref name="id"/> lacks of one report's way through the four services: a span of each, each
    /// service's outbox sends (of those that publish: Intake, Routing), consumers in the three others, and the webhook
    /// call to the platform's receiver at <paramref name="receiver"/>. Empty when it is whole.
    /// </summary>
    public IReadOnlyList<string> Missing(ActivityTraceId id, Uri receiver)
    {
        var trace = Trace(id);
        var missing = new List<string>();
        foreach (var service in Services.Where(service => !trace.Any(s => Of(s) == service)))
            missing.Add($"a span of {service}");
        foreach (var service in new[] { "intake", "routing" }.Where(service => !trace.Any(s => s.OperationName == "outbox send" && Of(s) == service)))
            missing.Add($"an outbox send of {service}");
        foreach (var service in new[] { "routing", "platformliaison", "escalation" }.Where(service => !trace.Any(s => s.Kind == ActivityKind.Consumer && Of(s) == service)))
            missing.Add($"a consumer span of {service}");
        var send = trace.FirstOrDefault(s => s.OperationName == "webhook send" && Of(s) == "platformliaison");
        if (send is null) missing.Add("a webhook send of platformliaison");
        else if (!trace.Any(s => s.Kind == ActivityKind.Client && s.ParentSpanId == send.SpanId
                     && (Tag(s, "url.full") ?? "").StartsWith(receiver.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)))
            missing.Add($"the HTTP call to {receiver} under the webhook send");
        return missing;
    }

    /// <summary>A span a line, for a failure's message: service, kind, name, trace and parent.</summary>
    public static string Describe(IEnumerable<Activity> spans) => string.Join(Environment.NewLine, spans
        .OrderBy(s => s.StartTimeUtc)
        .Select(s => $"{Of(s) ?? "-"} {s.Kind} '{s.DisplayName}' ({s.OperationName}) trace {s.TraceId} span {s.SpanId} parent {s.ParentSpanId}"));

    public static string? Of(Activity span) => Tag(span, "pharos.service");

    private static string? Tag(Activity span, string key) => span.GetTagItem(key)?.ToString();

    public void Add(Activity item)
    {
        lock (_lock) _spans.Add(item);
    }

    public void Clear()
    {
        lock (_lock) _spans.Clear();
    }

    public bool Contains(Activity item)
    {
        lock (_lock) return _spans.Contains(item);
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_lock) _spans.CopyTo(array, arrayIndex);
    }

    public bool Remove(Activity item)
    {
        lock (_lock) return _spans.Remove(item);
    }

    public int Count
    {
        get { lock (_lock) return _spans.Count; }
    }

    public bool IsReadOnly => false;

    public IEnumerator<Activity> GetEnumerator() => Spans.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
