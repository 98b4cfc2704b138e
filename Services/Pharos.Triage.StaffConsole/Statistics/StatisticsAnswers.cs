namespace Pharos.Triage.StaffConsole.Statistics;

/// <summary>
/// What the ministry's pages read of <c>GET /api/statistics</c>: a period's figures and its unanswered requests by
/// reference, as a publication would carry them, not published.
/// </summary>
public sealed record StatisticsPreview(
    DateTimeOffset From, DateTimeOffset To, DateTimeOffset AsOf, IReadOnlyList<PlatformFigures> Platforms, IReadOnlyList<UnansweredRequest> Unanswered);

/// <summary>An unanswered request as a publication names it: by reference, never by anything a person wrote.</summary>
public sealed record UnansweredRequest(
    string Reference, string PlatformId, string Category, string LegalBasis, DateTimeOffset IssuedAt, DateTimeOffset ActBy, long OverdueSeconds);

/// <summary>One platform's figures for the period, as the API counts them.</summary>
public sealed record PlatformFigures(
    string PlatformId,
    string Name,
    int Requests,
    int Acknowledged,
    int AcknowledgedInTime,
    int Acted,
    int ActedInTime,
    int Refused,
    int NotFound,
    int Clarifications,
    int Unanswered,
    double UnansweredRate,
    long? MedianAcknowledgeSeconds,
    long? P90AcknowledgeSeconds,
    long? MedianActSeconds,
    long? P90ActSeconds)
{
    /// <summary>Removed or geo-blocked, but after act-by.</summary>
    public int ActedLate => Acted - ActedInTime;
}

/// <summary>An item of <c>GET /api/publications</c>.</summary>
public sealed record PublicationSummary(int Version, DateTimeOffset PublishedAt, string PublishedBy, DateTimeOffset PeriodFrom, DateTimeOffset PeriodTo, DateTimeOffset AsOf);

public sealed record PublicationList(IReadOnlyList<PublicationSummary> Items, string? NextCursor);

/// <summary>What the console reads of the publication <c>POST /api/publications</c> made.</summary>
public sealed record PublishedVersion(int Version, DateTimeOffset From, DateTimeOffset To);

/// <summary>Where the public reads a publication.</summary>
public static class PublicAddresses
{
    public const string Page = "/";

    public static string Json(int version) => $"/public/statistics/{version}";

    public static string Csv(int version) => $"/public/statistics/{version}.csv";
}
