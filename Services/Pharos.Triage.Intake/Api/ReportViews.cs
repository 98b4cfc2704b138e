using System.Text.Json.Serialization;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Platforms;
using Pharos.Triage.Intake.Data;

namespace Pharos.Triage.Intake.Api;

/// <summary>The body of <c>POST /api/reports</c>. Everything nullable: the validator says what is missing.</summary>
public sealed record FileReport(
    string? Url,
    string? Category,
    string? Description,
    DateTimeOffset? ObservedAt,
    string? EvidenceSha256,
    string? CaseReference,
    bool? Urgent);

public sealed record AnswerClarification(string? Answer);

/// <summary>
/// The platform a report went to, and who to call there (DOMAIN.md): its contact persons as Routing last announced
/// them, null while it has none (or before the announcement arrives).
/// </summary>
public sealed record PlatformView(string Id, string Name, ContactPerson? Contact, ContactPerson? EscalationContact);

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
    DateTimeOffset? ClosedAt);

public sealed record TimelineEntry(DateTimeOffset At, string Event, string Actor, string? Detail);

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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TimelineEntry>? Timeline)
{
    /// <summary>The view of a stored report; lists leave the timeline out.</summary>
    public static ReportView From(ReportRow row, KnownPlatform? platform, IEnumerable<TimelineRow>? timeline) => new(
        row.Id, row.Url, row.NormalizedUrl, row.Category, row.Description, row.ObservedAt, row.EvidenceSha256,
        row.CaseReference, row.Urgent, row.Status, row.ReceivedAt, row.DuplicateOf, row.ForwardedTo,
        row.PlatformId is null ? null : new PlatformView(row.PlatformId, row.PlatformName ?? row.PlatformId, platform?.Contact, platform?.EscalationContact),
        row.ProjectedRequestId is null ? null : new RequestView(row.ProjectedRequestId, row.Reference!, row.LegalBasis!,
            row.RequestStatus!, row.Sla!, row.IssuedAt!.Value, row.AcknowledgeBy!.Value, row.ActBy!.Value,
            row.AcknowledgedAt, row.Outcome, row.ClosedAt),
        timeline?.Select(t => new TimelineEntry(t.At, t.Event, t.Actor, t.Detail)).ToList());
}
