using System.Text.Json.Serialization;
using Pharos.Triage.Contracts;

namespace Pharos.Triage.Escalation.Statistics;

/// <summary>
/// One request as statistics see it. Every time is one the system recorded: <see cref="AcknowledgedAt"/> and
/// <see cref="ClosedAt"/> are when the answers were recorded (the API calls), so a platform cannot make itself
/// look punctual by declaring an earlier <c>actedAt</c>, which statistics never see.
/// </summary>
public readonly record struct RequestFact(
    string PlatformId,
    string Category,
    string LegalBasis,
    DateTimeOffset IssuedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset? ClosedAt,
    DateTimeOffset ActBy,
    string? Outcome,
    string? RefusalGround,
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

    /// <summary>Refusals by <c>RefusalGround</c> (a ground with no refusal is left out): never the platform's words.</summary>
    public IReadOnlyDictionary<string, int> RefusedByGround { get; set; } = new SortedDictionary<string, int>(StringComparer.Ordinal);
    public int NotFound { get; set; }

    /// <summary>Closed by the system because a stricter request replaced them: neither answered nor unanswered.</summary>
    public int Superseded { get; set; }
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

/// <summary>
/// The ministry's preview: figures for requests issued in [from, to), as of a moment, and who to call at each platform
/// of it (DOMAIN.md). The contacts are people, not figures: a publication never carries them.
/// </summary>
public sealed record StatisticsView(
    DateTimeOffset From, DateTimeOffset To, DateTimeOffset AsOf, IReadOnlyList<PlatformFigures> Platforms,
    IReadOnlyList<UnansweredRequest> Unanswered, IReadOnlyList<PlatformContactsView> Contacts);

/// <summary>A platform's contact persons as Routing last announced them; null while it has none.</summary>
public sealed record PlatformContactsView(string PlatformId, ContactPerson? Contact, ContactPerson? EscalationContact);

/// <summary>
/// A request that went unanswered ("lettre morte"), as a publication names it: never by URL, description,
/// reporter or any free text. <see cref="OverdueSeconds"/> runs from act-by to when the answer was recorded,
/// or to asOf while there is none.
/// </summary>
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
