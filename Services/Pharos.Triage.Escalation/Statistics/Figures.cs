using System.Text.Json.Serialization;

namespace Pharos.Triage.Escalation.Statistics;

/// <summary>One request as statistics see it.</summary>
public readonly record struct RequestFact(
    string PlatformId,
    string Category,
    string LegalBasis,
    DateTimeOffset IssuedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset? ActedAt,
    DateTimeOffset ActBy,
    string? Outcome,
    long PausedMs,
    int Clarifications,
    DateTimeOffset? UnansweredAt);

/// <summary>The counters of API.md, for a platform or for one category and legal basis of it.</summary>
public class Figures
{
    public int Requests { get; set; }
    public int Acknowledged { get; set; }
    public int AcknowledgedInTime { get; set; }
    public int Acted { get; set; }
    public int ActedInTime { get; set; }
    public int Refused { get; set; }
    public IReadOnlyDictionary<string, int> RefusedReasons { get; set; } = new SortedDictionary<string, int>(StringComparer.Ordinal);
    public int NotFound { get; set; }
    public int Clarifications { get; set; }
    public int Unanswered { get; set; }
    public double UnansweredRate { get; set; }
    public long? MedianAcknowledgeSeconds { get; set; }
    public long? P90AcknowledgeSeconds { get; set; }
    public long? MedianActSeconds { get; set; }
    public long? P90ActSeconds { get; set; }
}

public sealed class CategoryFigures : Figures
{
    [JsonPropertyOrder(-2)] public string Category { get; init; } = "";
    [JsonPropertyOrder(-1)] public string LegalBasis { get; init; } = "";
}

public sealed class PlatformFigures : Figures
{
    [JsonPropertyOrder(-2)] public string PlatformId { get; init; } = "";
    [JsonPropertyOrder(-1)] public string Name { get; init; } = "";
    [JsonPropertyOrder(1)] public IReadOnlyList<CategoryFigures> ByCategory { get; init; } = [];
}

/// <summary>The ministry's preview: figures for requests issued in [from, to), as of a moment.</summary>
public sealed record StatisticsView(DateTimeOffset From, DateTimeOffset To, DateTimeOffset AsOf, IReadOnlyList<PlatformFigures> Platforms);

/// <summary>A request that went unanswered ("lettre morte"), as a publication names it: never by URL, description or reporter.</summary>
public sealed record UnansweredRequest(
    string Reference, string PlatformId, string Category, string LegalBasis, DateTimeOffset IssuedAt, DateTimeOffset ActBy, long OverdueSeconds);

/// <summary>An immutable, numbered publication of the figures.</summary>
public sealed record Publication(
    int Version,
    DateTimeOffset PublishedAt,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset AsOf,
    IReadOnlyList<PlatformFigures> Platforms,
    IReadOnlyList<UnansweredRequest> Unanswered,
    string Methodology);
