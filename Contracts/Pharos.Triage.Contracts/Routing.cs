namespace Pharos.Triage.Contracts;

/// <summary>
/// Routing issued a removal request to a platform for a report, with every time it is held to, decided
/// at issue from the policy then in force: the other services take these and never read a policy.
/// The reminder comes at <see cref="AcknowledgeReminderAt"/> while the request is unacknowledged,
/// at <see cref="ActReminderAt"/> once it is acknowledged (half the window of the earliest pending deadline).
/// </summary>
public record RequestIssued(
    string RequestId,
    string Reference,
    string ReportId,
    string PlatformId,
    string PlatformName,
    string Url,
    string NormalizedUrl,
    string Category,
    string LegalBasis,
    string Reasons,
    string? EvidenceSha256,
    DateTimeOffset IssuedAt,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset ActBy,
    DateTimeOffset UnansweredAt,
    DateTimeOffset AcknowledgeReminderAt,
    DateTimeOffset ActReminderAt);

/// <summary>The report's URL already has an open request: the report is linked to the report that carries it.</summary>
public record ReportDuplicate(
    string ReportId,
    string DuplicateOf,
    string RequestId,
    string NormalizedUrl,
    DateTimeOffset DecidedAt);

/// <summary>No platform takes the report (fraud, or a host outside the catalogue): it goes elsewhere.</summary>
public record ReportForwarded(
    string ReportId,
    string NormalizedUrl,
    string ForwardedTo,
    string Reason,
    DateTimeOffset DecidedAt);

/// <summary>
/// A report warranted a stricter legal basis than the open request of its content: Routing issued
/// <see cref="SupersededBy"/> under <see cref="LegalBasis"/> and the request <see cref="RequestId"/> is
/// closed by the system as <c>superseded</c>. Its reports now follow the new request.
/// </summary>
public record RequestSuperseded(
    string RequestId,
    string PlatformId,
    string SupersededBy,
    string SupersededByReference,
    string LegalBasis,
    DateTimeOffset At);

/// <summary>
/// A platform's record as Routing, its owner, holds it after a change (an admin's, or the seeding migration's).
/// <see cref="Version"/> counts the platform's changes from 1: each version replaces every one before it, so
/// a service keeps the highest it has seen and ignores an older one delivered late.
/// </summary>
public record PlatformChanged(
    string PlatformId,
    long Version,
    string Name,
    IReadOnlyList<string> Domains,
    ContactPerson? Contact,
    ContactPerson? EscalationContact,
    IReadOnlyList<string> Languages,
    DateTimeOffset ChangedAt,
    string ChangedBy);

/// <summary>A person the ministry can reach at a platform.</summary>
public record ContactPerson(string Name, string? Email, string? Phone);
