namespace Pharos.Triage.Infrastructure.Api;

/// <summary>
/// What text from callers may hold. It travels on to timelines, notices to platforms and court files,
/// where a control character hides or rewrites text in terminals and viewers (ESC, DEL), cuts it
/// short in C-based tools (NUL), or forges a new line in a one-line field (CR, LF); and where a
/// bidirectional override makes text read differently from what it is ("Trojan Source").
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

    /// <summary>The embeddings, overrides and isolates of Unicode's bidirectional algorithm.</summary>
    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
