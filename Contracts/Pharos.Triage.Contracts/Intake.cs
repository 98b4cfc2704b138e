namespace Pharos.Triage.Contracts;

/// <summary>An analyst filed a report; Intake stored it as <c>received</c>.</summary>
public record ReportFiled(
    string ReportId,
    string Url,
    string Category,
    string Description,
    string? EvidenceSha256,
    bool Urgent,
    DateTimeOffset ReceivedAt,
    string FiledBy);

/// <summary>An analyst answered the question a platform asked about the request behind a report.</summary>
public record ClarificationAnswered(
    string RequestId,
    string ReportId,
    string Answer,
    DateTimeOffset AnsweredAt,
    string Actor);
