using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Api;

/// <summary>
/// A request as its platform sees it: the content and the law, never the reporter, the case reference
/// or the analyst.
/// </summary>
public sealed record PlatformRequestView(
    string Id,
    string Reference,
    string Url,
    string Category,
    string LegalBasis,
    string Reasons,
    string? EvidenceSha256,
    DateTimeOffset IssuedAt,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset ActBy,
    string Status,
    DateTimeOffset? AcknowledgedAt,
    string? Outcome,
    string? ClarificationQuestion,
    string? ClarificationAnswer)
{
    public static PlatformRequestView From(RequestRow r) => new(
        r.Id, r.Reference, r.Url, r.Category, r.LegalBasis, r.Reasons, r.EvidenceSha256, r.IssuedAt, r.AcknowledgeBy,
        r.ActBy, r.Status, r.AcknowledgedAt, r.Outcome, r.ClarificationQuestion, r.ClarificationAnswer);
}

/// <summary>
/// The body of <c>POST /api/platform/requests/{id}/outcome</c>. <see cref="RefusalGround"/> goes with a refusal
/// and only with one; <see cref="Reason"/> is the platform's own words, kept with the request, never published.
/// </summary>
public sealed record OutcomeReport(string? Outcome, string? Reason, string? PlatformTicket, DateTimeOffset? ActedAt, string? RefusalGround = null);
