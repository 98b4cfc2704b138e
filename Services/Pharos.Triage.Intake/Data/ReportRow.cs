using Pharos.Triage.Contracts;

namespace Pharos.Triage.Intake.Data;

/// <summary>A report as stored, joined with the projection of its request.</summary>
public sealed class ReportRow
{
    public string Id { get; set; } = "";
    public string Url { get; set; } = "";
    public string? NormalizedUrl { get; set; }
    public string Category { get; set; } = "";
    public string Description { get; set; } = "";
    public DateTimeOffset? ObservedAt { get; set; }
    public string? EvidenceSha256 { get; set; }
    public string? CaseReference { get; set; }
    public bool Urgent { get; set; }
    public string Status { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; set; }
    public string FiledBy { get; set; } = "";
    public string? DuplicateOf { get; set; }
    public string? ForwardedTo { get; set; }
    public string? PlatformId { get; set; }
    public string? PlatformName { get; set; }
    public string? RequestId { get; set; }

    /// <summary>How many times the report was filed again because nothing came back.</summary>
    public int Redrives { get; set; }

    public string? ProjectedRequestId { get; set; }
    public string? Reference { get; set; }
    public string? LegalBasis { get; set; }
    public string? RequestStatus { get; set; }
    public string? Sla { get; set; }
    public DateTimeOffset? IssuedAt { get; set; }
    public DateTimeOffset? AcknowledgeBy { get; set; }
    public DateTimeOffset? ActBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? Outcome { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>What files the report with Routing: the same message when it is filed and each time it is filed again.</summary>
    public ReportFiled Filed() => new(Id, Url, Category, Description, EvidenceSha256, Urgent, ReceivedAt, FiledBy);
}

public sealed class TimelineRow
{
    public DateTimeOffset At { get; set; }
    public string Event { get; set; } = "";
    public string Actor { get; set; } = "";
    public string? Detail { get; set; }
}

public sealed class RequestOfReport
{
    public string RequestId { get; set; } = "";
    public string Status { get; set; } = "";

    /// <summary>The number of the platform's last question, which an answer given now answers.</summary>
    public int Question { get; set; }
}

/// <summary>Where a request's questions stand: its status and the number of its last question (0 before any).</summary>
public sealed class RequestQuestionState
{
    public string Status { get; set; } = "";
    public int Question { get; set; }
}

/// <summary>The first answer to an Idempotency-Key: what a retry with the same body gets again.</summary>
public sealed class IdempotencyKeyRow
{
    public string RequestHash { get; set; } = "";
    public string ReportId { get; set; } = "";
    public string ResponseBody { get; set; } = "";
}
