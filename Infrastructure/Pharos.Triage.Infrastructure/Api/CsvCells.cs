namespace Pharos.Triage.Infrastructure.Api;

/// <summary>
/// Cells of the CSV files the system writes (RFC 4180). Such files are opened in spreadsheets, which run a cell that
/// starts with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c> (or a tab or carriage return before one) as a formula: text
/// someone typed (a platform's name) is neutralised with a leading apostrophe, the spreadsheets' mark for "this is
/// text". Figures the system formats itself are left as they are, so that they stay numbers.
/// </summary>
public static class CsvCells
{
    /// <summary>A cell of text: neutralised, then quoted as needed.</summary>
    public static string Text(string? text) => Quote(Neutralised(text ?? ""));

    /// <summary>The text, with an apostrophe before it if a spreadsheet would read it as a formula.</summary>
    public static string Neutralised(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>Quotes a field holding a comma, a quote or a line break, doubling its quotes.</summary>
    public static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : $"\"{field.Replace("\"", "\"\"")}\"";
}
