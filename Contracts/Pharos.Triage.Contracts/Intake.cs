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

/// <summary>
/// An analyst answered question <see cref="QuestionNumber"/> a platform asked about the request behind a
/// report; an answer to an older question never answers a newer one.
/// </summary>
public record ClarificationAnswered(
    string RequestId,
    string ReportId,
    string Answer,
    DateTimeOffset AnsweredAt,
    string Actor,
    int QuestionNumber);
