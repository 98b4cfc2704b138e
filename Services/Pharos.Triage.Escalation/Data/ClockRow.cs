namespace Pharos.Triage.Escalation.Data;

/// <summary>A request's deadline clock: its deadlines, what the platform did, and which steps fired.</summary>
public sealed class ClockRow
{
    public string RequestId { get; set; } = "";
    public string Reference { get; set; } = "";
    public string PlatformId { get; set; } = "";
    public string PlatformName { get; set; } = "";
    public string Category { get; set; } = "";
    public string LegalBasis { get; set; } = "";
    public DateTimeOffset IssuedAt { get; set; }
    public DateTimeOffset AcknowledgeBy { get; set; }
    public DateTimeOffset ActBy { get; set; }

    /// <summary>The reminder while unacknowledged: half the window of the earliest pending deadline (as Routing decided it, moved by pauses).</summary>
    public DateTimeOffset RemindAt { get; set; }

    /// <summary>The reminder once acknowledged: half the act window (as Routing decided it, moved by pauses).</summary>
    public DateTimeOffset ActRemindAt { get; set; }

    /// <summary>When a request with no outcome becomes unanswered: a grace period after act-by (as Routing decided it, moved by pauses).</summary>
    public DateTimeOffset UnansweredDueAt { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }
    public DateTimeOffset? PausedAt { get; set; }
    public long PausedMs { get; set; }
    public string? Outcome { get; set; }

    /// <summary>Why the platform refused (<c>RefusalGround</c>): what statistics count. The platform's own words are not kept here.</summary>
    public string? RefusalGround { get; set; }

    /// <summary>How many questions the platform asked.</summary>
    public int Clarifications { get; set; }

    /// <summary>The number of the last question whose pause was applied (0 before any): pauses and resumes apply in its order.</summary>
    public int Question { get; set; }

    /// <summary>When the platform says it acted: kept as declared, never used to judge it.</summary>
    public DateTimeOffset? ActedAt { get; set; }

    /// <summary>When the system recorded the outcome: what decides whether the platform was in time.</summary>
    public DateTimeOffset? ClosedAt { get; set; }
    public string Sla { get; set; } = "";

    public DateTimeOffset? RemindedAt { get; set; }
    public DateTimeOffset? AcknowledgeOverdueAt { get; set; }
    public DateTimeOffset? ActOverdueAt { get; set; }
    public DateTimeOffset? UnansweredAt { get; set; }

    /// <summary>The time of the next step, for the sweep's index; null when nothing is due (closed or paused).</summary>
    public DateTimeOffset? NextDueAt { get; set; }
}
