using System.Diagnostics.CodeAnalysis;

namespace Pharos.Triage.Infrastructure.Api;

/// <summary>
/// What text from callers may hold. It travels on to timelines, notices to platforms and court files,
/// where a control character hides or rewrites text in terminals and viewers (ESC, DEL), cuts it
/// short in C-based tools (NUL), or forges a new line in a one-line field (CR, LF); and where a
/// bidirectional override makes text read differently from what it is ("Trojan Source"). And how such text is
/// cut to fit the column that keeps it.
/// </summary>
public static class FreeText
{
    /// <summary>Text over several lines: tab, CR and LF are the only control characters allowed.</summary>
    public static bool IsMultiLine(string? text) =>
        text is null || text.All(c => (!char.IsControl(c) || c is '\t' or '\r' or '\n') && !IsBidiControl(c));

    /// <summary>One line, such as an identifier: no control character at all.</summary>
    public static bool IsOneLine(string? text) => HasNoControl(text);

    /// <summary>No control character at all.</summary>
    public static bool HasNoControl(string? text) =>
        text is null || !text.Any(c => char.IsControl(c) || IsBidiControl(c));

    /// <summary>Neither whitespace nor a control character: a URL, where a space would be read as two things.</summary>
    public static bool HasNoWhitespaceOrControl(string? text) =>
        text is null || !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || IsBidiControl(c));

    /// <summary>Ends text that was cut to fit its column.</summary>
    public const string CutMarker = "…";

    /// <summary>
    /// The text, or its first characters and <see cref="CutMarker"/>, in at most <paramref name="limit"/> UTF-16 units: a
    /// value longer than its column is kept, cut, rather than make its whole record fail.
    /// </summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Cut(string? text, int limit)
    {
        if (text is null || text.Length <= limit) return text;
        var keep = limit - CutMarker.Length;
        if (char.IsHighSurrogate(text[keep - 1])) keep--; // never half a character
        return string.Concat(text.AsSpan(0, keep), CutMarker);
    }

    /// <summary>The embeddings, overrides and isolates of Unicode's bidirectional algorithm.</summary>
    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
