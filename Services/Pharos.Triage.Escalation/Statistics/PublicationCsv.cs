using System.Globalization;
using System.Text;
using Pharos.Triage.Contracts;

namespace Pharos.Triage.Escalation.Statistics;

/// <summary>
/// A publication as CSV (RFC 4180): a header, then one row per platform × category × legal basis. Refusals
/// by ground take one column per ground (<c>refusedByGround.not_illegal</c>…, in the order of
/// <see cref="RefusalGround.All"/>, zero included), so every row has the same columns.
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
                platform.PlatformId, platform.Name, c.Category, c.LegalBasis, N(c.Requests), N(c.Acknowledged), N(c.AcknowledgedInTime),
                N(c.Acted), N(c.ActedInTime), N(c.Refused), .. RefusalGround.All.Select(g => N(c.RefusedByGround.GetValueOrDefault(g))),
                N(c.NotFound), N(c.Superseded), N(c.Clarifications), N(c.Unanswered),
                c.UnansweredRate.ToString("0.####", CultureInfo.InvariantCulture), N(c.MedianAcknowledgeSeconds), N(c.P90AcknowledgeSeconds),
                N(c.MedianActSeconds), N(c.P90ActSeconds),
            ]);
        }
        return csv.ToString();
    }

    private static string N(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static void Row(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Quote));
        csv.Append("\r\n");
    }

    /// <summary>Quotes a field holding a comma, a quote or a line break, doubling its quotes.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"")}\"";
}
