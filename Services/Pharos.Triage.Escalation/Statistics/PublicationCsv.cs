using System.Globalization;
using System.Text;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Api;

namespace Pharos.Triage.Escalation.Statistics;

/// <summary>
/// A publication as CSV (RFC 4180): a header, then one row per platform × category × legal basis. Refusals
/// by ground take one column per ground (<c>refusedByGround.not_illegal</c>…, in the order of
/// <see cref="RefusalGround.All"/>, zero included), so every row has the same columns. Text cells are neutralised
/// against formulas (<see cref="CsvCells"/>); figures stay numbers.
/// </summary>
public static class PublicationCsv
{
    private static readonly string[] Header =
    [
        "platformId", "platformName", "category", "legalBasis", "requests", "acknowledged", "acknowledgedInTime", "acted",
        "actedInTime", "refused", .. RefusalGround.All.Select(g => $"refusedByGround.{g}"), "notFound", "superseded", "clarifications",
        "unanswered", "unansweredRate", "medianAcknowledgeSeconds", "p90AcknowledgeSeconds", "medianActSeconds", "p90ActSeconds",
    ];

    public static string Write(IReadOnlyList<PlatformFigures> platforms)
    {
        var csv = new StringBuilder();
        Row(csv, Header);
        foreach (var platform in platforms)
        foreach (var c in platform.ByCategory)
        {
            Row(csv,
            [
                T(platform.PlatformId), T(platform.Name), T(c.Category), T(c.LegalBasis), N(c.Requests), N(c.Acknowledged), N(c.AcknowledgedInTime),
                N(c.Acted), N(c.ActedInTime), N(c.Refused), .. RefusalGround.All.Select(g => N(c.RefusedByGround.GetValueOrDefault(g))),
                N(c.NotFound), N(c.Superseded), N(c.Clarifications), N(c.Unanswered),
                c.UnansweredRate.ToString("0.####", CultureInfo.InvariantCulture), N(c.MedianAcknowledgeSeconds), N(c.P90AcknowledgeSeconds),
                N(c.MedianActSeconds), N(c.P90ActSeconds),
            ]);
        }
        return csv.ToString();
    }

    /// <summary>
    /// A figure, as a number. Counts, rates and durations are never negative (Elapsed.WholeSeconds refuses a duration
    /// that ends before it starts), and an invariant-culture number is no formula even if one were: left as it is.
    /// </summary>
    private static string N(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    /// <summary>Text: the platform's name is typed by an administrator, and ids and codes are text too.</summary>
    private static string T(string text) => CsvCells.Neutralised(text);

    private static void Row(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(CsvCells.Quote));
        csv.Append("\r\n");
    }
}
