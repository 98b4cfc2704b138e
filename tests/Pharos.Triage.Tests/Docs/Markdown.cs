using System.Text;
using System.Text.RegularExpressions;

namespace Pharos.Triage.Tests.Docs;

/// <summary>
/// Just enough of GitHub's markdown for the documents' tests: where code is (so that what it shows is not read as a
/// link), the links, the anchors headings make, and tables.
/// </summary>
internal static partial class Markdown
{
    public sealed record Link(string Document, int Line, string Target);

    /// <summary>The document's lines with fenced code blocks blanked, so that line numbers still hold.</summary>
    public static string[] Prose(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            var marker = trimmed.StartsWith("```", StringComparison.Ordinal) ? "```" : trimmed.StartsWith("~~~", StringComparison.Ordinal) ? "~~~" : null;
            if (fence is null && marker is not null) { fence = marker; lines[i] = ""; continue; }
            if (fence is not null)
            {
                if (marker == fence) fence = null;
                lines[i] = "";
            }
        }
        return lines;
    }

    public static string WithoutCodeSpans(string line) => CodeSpan().Replace(line, "");

    /// <summary>Every link target of a document outside code: inline links and images, reference definitions, autolinks, bare URLs.</summary>
    public static IEnumerable<Link> Links(string document, string text)
    {
        var lines = Prose(text);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = WithoutCodeSpans(lines[i]);
            foreach (Match m in InlineLink().Matches(line)) yield return new(document, i + 1, m.Groups["target"].Value.Trim('<', '>'));
            foreach (Match m in ReferenceDefinition().Matches(line)) yield return new(document, i + 1, m.Groups["target"].Value.Trim('<', '>'));
            foreach (Match m in AutoLink().Matches(line)) yield return new(document, i + 1, m.Groups["target"].Value);
            // GitHub makes a link of a bare URL too; one already seen inside a link above is reported once more, which is fine.
            foreach (Match m in BareUrl().Matches(InlineLink().Replace(AutoLink().Replace(line, ""), ""))) yield return new(document, i + 1, m.Value);
        }
    }

    /// <summary>The anchors GitHub gives a document: one per heading (a repeated one numbered), and explicit HTML anchors.</summary>
    public static IReadOnlySet<string> Anchors(string text)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in Prose(text))
        {
            var heading = Heading().Match(line);
            if (heading.Success)
            {
                var slug = Slug(heading.Groups["text"].Value);
                var count = seen.GetValueOrDefault(slug);
                anchors.Add(count == 0 ? slug : $"{slug}-{count}");
                seen[slug] = count + 1;
            }
            foreach (Match a in HtmlAnchor().Matches(line)) anchors.Add(a.Groups["id"].Value);
        }
        return anchors;
    }

    /// <summary>GitHub's slug of a heading: lower case, punctuation dropped, spaces made hyphens.</summary>
    public static string Slug(string heading)
    {
        var text = InlineLink().Replace(heading, m => m.Groups["text"].Value).Replace("`", "");
        var slug = new StringBuilder();
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_') slug.Append(c);
            else if (c == ' ') slug.Append('-');
        }
        return slug.ToString();
    }

    /// <summary>The rows of every table whose header's first cell is <paramref name="firstHeader"/>: cells, and the row's line.</summary>
    public static IEnumerable<(string[] Cells, int Line)> TableRows(string text, string firstHeader)
    {
        var lines = Prose(text);
        var inTable = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith('|')) { inTable = false; continue; }
            var cells = Cells(line);
            if (!inTable)
            {
                // A header, then its delimiter row.
                inTable = cells.Length > 0 && cells[0] == firstHeader && i + 1 < lines.Length && lines[i + 1].Trim().StartsWith("|-", StringComparison.Ordinal);
                if (inTable) i++;
                continue;
            }
            yield return (cells, i + 1);
        }
    }

    private static string[] Cells(string row) =>
        // A pipe inside code (`a|b`) is escaped as \| in a table.
        row.Trim().Trim('|').Replace(@"\|", "\u0001").Split('|').Select(c => c.Replace('\u0001', '|').Trim()).ToArray();

    /// <summary>The first `code` of a cell, or null.</summary>
    public static string? FirstCode(string cell)
    {
        var m = CodeSpan().Match(cell);
        return m.Success ? m.Groups["code"].Value.Trim() : null;
    }

    [GeneratedRegex(@"(?<ticks>`+)(?<code>.+?)\k<ticks>")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\((?<target><[^>]*>|[^)\s]*)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*(?<target>\S+)")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"<(?<target>[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")]
    private static partial Regex AutoLink();

    [GeneratedRegex(@"\b(?:https?://|www\.)[^\s)>\]]+")]
    private static partial Regex BareUrl();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"<a\s+(?:id|name)=""(?<id>[^""]+)""")]
    private static partial Regex HtmlAnchor();
}
