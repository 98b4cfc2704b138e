namespace Pharos.Triage.StaffConsole.Reports;

// What the analysts' pages read from the API (GET /api/reports, GET /api/reports/{id}): only the fields they show.

/// <summary>A report as <c>GET /api/reports/{id}</c> gives it; lists leave the timeline out.</summary>
public sealed record ReportView(
    string Id,
    string Url,
    string? NormalizedUrl,
    string Category,
    string Description,
    DateTimeOffset? ObservedAt,
    string? EvidenceSha256,
    string? CaseReference,
    bool Urgent,
    string Status,
    DateTimeOffset ReceivedAt,
    string? DuplicateOf,
    string? ForwardedTo,
    PlatformView? Platform,
    RequestView? Request,
    IReadOnlyList<TimelineEntry>? Timeline)
{
    /// <summary>
    /// The platform's question still waiting for an answer: the request says a question is open, and the timeline's last
    /// question came after its last answer (an answer resumes the request a moment after it is recorded).
    /// </summary>
    public TimelineEntry? OpenQuestion
    {
        get
        {
            if (Request?.Status != Contracts.RequestStatus.ClarificationRequested || Timeline is null) return null;
            var last = Timeline.LastOrDefault(e => e.Event is Contracts.TimelineEvent.ClarificationRequested or Contracts.TimelineEvent.ClarificationAnswered);
            return last?.Event == Contracts.TimelineEvent.ClarificationRequested ? last : null;
        }
    }

    /// <summary>An answer was sent, and the platform's request has not resumed yet.</summary>
    public bool AnswerOnItsWay => Request?.Status == Contracts.RequestStatus.ClarificationRequested && OpenQuestion is null;
}

public sealed record PlatformView(string Id, string Name, ContactView? Contact, ContactView? EscalationContact);

public sealed record ContactView(string Name, string? Email, string? Phone);

public sealed record RequestView(
    string Id,
    string Reference,
    string LegalBasis,
    string Status,
    string Sla,
    DateTimeOffset IssuedAt,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset ActBy,
    DateTimeOffset? AcknowledgedAt,
    string? Outcome,
    DateTimeOffset? ClosedAt)
{
    public bool Closed => Status == Contracts.RequestStatus.Closed;

    /// <summary>The clock stops while the platform waits for the analyst's answer (TCO art. 3(7)-(8)).</summary>
    public bool Paused => Status == Contracts.RequestStatus.ClarificationRequested;
}

public sealed record TimelineEntry(DateTimeOffset At, string Event, string Actor, string? Detail);

/// <summary>One page of <c>GET /api/reports</c>.</summary>
public sealed record ReportList(IReadOnlyList<ReportView> Items, string? NextCursor);
