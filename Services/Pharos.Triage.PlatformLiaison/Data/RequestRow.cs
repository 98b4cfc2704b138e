namespace Pharos.Triage.PlatformLiaison.Data;

/// <summary>A request as PlatformLiaison stores it.</summary>
public sealed class RequestRow
{
    public string Id { get; set; } = "";
    public string Reference { get; set; } = "";
    public string ReportId { get; set; } = "";
    public string PlatformId { get; set; } = "";
    public string Url { get; set; } = "";
    public string NormalizedUrl { get; set; } = "";
    public string Category { get; set; } = "";
    public string LegalBasis { get; set; } = "";
    public string Reasons { get; set; } = "";
    public string? EvidenceSha256 { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset AcknowledgeBy { get; set; }
    public DateTimeOffset ActBy { get; set; }

    /// <summary>When the request becomes unanswered, as Routing decided it at issue and pauses moved it.</summary>
    public DateTimeOffset UnansweredAt { get; set; }

    /// <summary>The reminder while unacknowledged, as Routing decided it at issue and pauses moved it.</summary>
    public DateTimeOffset AcknowledgeReminderAt { get; set; }

    /// <summary>The reminder once acknowledged, as Routing decided it at issue and pauses moved it.</summary>
    public DateTimeOffset ActReminderAt { get; set; }
    public string Status { get; set; } = "";
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? Outcome { get; set; }
    public string? OutcomeReason { get; set; }

    /// <summary>Why the platform refused (one of <c>RefusalGround.All</c>); what publications count.</summary>
    public string? RefusalGround { get; set; }
    public string? PlatformTicket { get; set; }
    public DateTimeOffset? ActedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClarificationQuestion { get; set; }
    public DateTimeOffset? ClarificationRequestedAt { get; set; }
    public string? ClarificationAnswer { get; set; }

    /// <summary>The number of the last question asked (1 for the first), carried by its pause, answer and resume.</summary>
    public int Question { get; set; }
    public long PausedMs { get; set; }
}
