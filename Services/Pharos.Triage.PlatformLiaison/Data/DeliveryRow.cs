namespace Pharos.Triage.PlatformLiaison.Data;

/// <summary>A webhook delivery as the dispatcher claims it.</summary>
public sealed class DeliveryRow
{
    public string Id { get; set; } = "";
    /// <summary>Null for a ping, which is about no request.</summary>
    public string? RequestId { get; set; }
    public string PlatformId { get; set; } = "";
    public string Event { get; set; } = "";
    public string Body { get; set; } = "";

    /// <summary>Dispatches completed before this one.</summary>
    public int Dispatches { get; set; }

    /// <summary>Dispatches completed before the last redelivery: the retry budget counts from there.</summary>
    public int DispatchesAtRedelivery { get; set; }

    /// <summary>The trace context of the work that queued the notice (W3C traceparent, tracestate), or null.</summary>
    public string? TraceParent { get; set; }

    public string? TraceState { get; set; }
}
