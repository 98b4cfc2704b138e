using System.Globalization;
using System.Text;
using System.Text.Json;
using Pharos.Triage.Infrastructure.Api;

namespace Pharos.Triage.Benchmarks.Reporting;

/// <summary>
/// One figure of a run. <see cref="Ratio"/> compares it with a baseline measured in the same run (machines are
/// noisy; ratios travel, absolute figures do not). <see cref="Target"/> and <see cref="Met"/> say what it was held to.
/// </summary>
public sealed record Measurement(
    string Group, string Name, double Value, string Unit,
    string? Baseline = null, double? Ratio = null, string? Target = null, bool? Met = null, string? Note = null);

/// <summary>The figures of one benchmark run: printed as a table, written as JSON and CSV.</summary>
public sealed class BenchReport
{
    private static readonly JsonSerializerOptions ReportJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly List<Measurement> _rows = [];

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public IReadOnlyList<Measurement> Rows => _rows;

    public Measurement Add(Measurement row)
    {
        _rows.Add(row);
        Console.WriteLine($"  {row.Group} | {row.Name}: {Format(row.Value)} {row.Unit}" +
                          (row.Ratio is { } r ? $" ({r.ToString("0.00", CultureInfo.InvariantCulture)} × {row.Baseline})" : "") +
                          (row.Met is { } met ? met ? " [target met]" : $" [TARGET MISSED: {row.Target}]" : ""));
        return row;
    }

    /// <summary>Whether every figure held to a target met it.</summary>
    public bool AllTargetsMet => _rows.All(r => r.Met != false);

    public void Print(TextWriter output)
    {
        var headers = new[] { "group", "measure", "value", "unit", "ratio", "baseline", "target", "met" };
        var cells = _rows.Select(r => new[]
        {
            r.Group, r.Name, Format(r.Value), r.Unit,
            r.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "", r.Baseline ?? "", r.Target ?? "",
            r.Met switch { true => "yes", false => "NO", null => "" },
        }).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Select(c => c[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        output.WriteLine();
        output.WriteLine(string.Join(" | ", headers.Select((h, i) => h.PadRight(widths[i]))));
        output.WriteLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        foreach (var row in cells)
            output.WriteLine(string.Join(" | ", row.Select((c, i) => i is 2 or 4 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))));
        output.WriteLine();
    }

    /// <summary>Writes <c>benchmarks.json</c> and <c>benchmarks.csv</c> into <paramref name="directory"/>; returns their paths.</summary>
    public async Task<(string Json, string Csv)> WriteAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "benchmarks.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new
        {
            startedAt = StartedAt,
            machine = Environment.MachineName,
            cores = Environment.ProcessorCount,
            os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            measurements = _rows,
        }, ReportJson));

        var csv = Path.Combine(directory, "benchmarks.csv");
        var text = new StringBuilder("group,measure,value,unit,ratio,baseline,target,met,note\n");
        foreach (var r in _rows)
            // Text cells neutralised against spreadsheet formulas; the figures stay numbers.
            text.AppendLine(string.Join(",",
                CsvCells.Text(r.Group), CsvCells.Text(r.Name), r.Value.ToString("R", CultureInfo.InvariantCulture), CsvCells.Text(r.Unit),
                r.Ratio?.ToString("R", CultureInfo.InvariantCulture) ?? "", CsvCells.Text(r.Baseline), CsvCells.Text(r.Target),
                r.Met switch { true => "yes", false => "no", null => "" }, CsvCells.Text(r.Note)));
        await File.WriteAllTextAsync(csv, text.ToString());
        return (json, csv);
    }

    public static string Format(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "N0" : Math.Abs(value) >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture);
}
