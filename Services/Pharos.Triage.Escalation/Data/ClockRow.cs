namespace Pharos.Triage.Escalation.Data;

public sealed class ClockRow
{
    public string RequestId { get; set; } = "";
    public string PlatformId { get; set; } = "";
    public DateTimeOffset AcknowledgeBy { get; set; }
    public DateTimeOffset ActBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public DateTimeOffset? PausedAt { get; set; }
    public long PausedMs { get; set; }
    public DateTimeOffset? ActedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string Sla { get; set; } = "";
}
