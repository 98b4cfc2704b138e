using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Statistics;

namespace Pharos.Triage.Escalation.Api;

/// <summary>The figures in the OpenAPI document's examples: November 2026 for X, previewed then published as version 3.</summary>
public static class StatisticsExamples
{
    private static readonly DateTimeOffset From = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AsOf = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    public static readonly PublishStatistics Publish = new(From, To);

    private static readonly PlatformFigures X = new()
    {
        PlatformId = "x", Name = "X",
        Requests = 10, Acknowledged = 8, AcknowledgedInTime = 6, Acted = 7, ActedInTime = 5, Refused = 1,
        RefusedByGround = new SortedDictionary<string, int>(StringComparer.Ordinal) { [RefusalGround.NotIllegal] = 1 },
        Clarifications = 1, Unanswered = 2, UnansweredRate = 0.2,
        MedianAcknowledgeSeconds = 1800, P90AcknowledgeSeconds = 5400, MedianActSeconds = 3600, P90ActSeconds = 7200,
        ByCategory =
        [
            new CategoryFigures
            {
                Category = Category.Terrorism, LegalBasis = LegalBasis.TcoRemovalOrder,
                Requests = 4, Acknowledged = 4, AcknowledgedInTime = 3, Acted = 4, ActedInTime = 3,
                MedianAcknowledgeSeconds = 900, P90AcknowledgeSeconds = 2700, MedianActSeconds = 2400, P90ActSeconds = 3300,
            },
        ],
    };

    private static readonly UnansweredRequest UnansweredExample = new("PHR-2026-000117", "x", Category.HateSpeech, LegalBasis.Lcen61,
        new DateTimeOffset(2026, 11, 18, 15, 20, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 19, 15, 20, 0, TimeSpan.Zero), 1_183_200);

    public static readonly StatisticsView Preview = new(From, To, AsOf, [X], [UnansweredExample],
        [new PlatformContactsView("x", new ContactPerson("Trust & Safety", "legal-fr@x.example", "+33 1 23 45 67 89"), null)]);

    public static readonly Publication Published = new(3, AsOf, From, To, AsOf, [X], [UnansweredExample], Methodology.Text);

    public static readonly PublicationSummary Summary = new()
    {
        Version = 3, PublishedAt = AsOf, PublishedBy = "ministry:demo-ministry", PeriodFrom = From, PeriodTo = To, AsOf = AsOf,
    };
}
