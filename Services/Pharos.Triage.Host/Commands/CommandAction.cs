using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pharos.Triage.Host.Commands;

/// <summary>What every command shares: a failure is one line and exit 1, never a stack trace; output for people or JSON.</summary>
public static class CommandAction
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "Writes JSON (for a script) instead of text." };

    /// <summary>Sets <paramref name="command"/>'s action: <paramref name="run"/> writes to the output given, and any failure becomes one line.</summary>
    public static void SetRun(this Command command, Func<ParseResult, TextWriter, CancellationToken, Task<int>> run) =>
        command.SetAction(async (parsed, ct) =>
        {
            var output = parsed.InvocationConfiguration.Output;
            try
            {
                return await run(parsed, output, ct);
            }
            catch (Exception e)
            {
                await parsed.InvocationConfiguration.Error.WriteLineAsync($"{CommandPath(parsed)}: {OneLine(e)}");
                return OperatorCommands.Failed;
            }
        });

    public static Task WriteJsonAsync<T>(this TextWriter output, T value) => output.WriteLineAsync(JsonSerializer.Serialize(value, Json));

    /// <summary>Rows as columns padded to their widest cell, for a person to read.</summary>
    public static async Task WriteTableAsync(this TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.Prepend(headers).ToList();
        var widths = headers.Select((_, i) => all.Max(r => r[i].Length)).ToList();
        foreach (var row in all)
            await output.WriteLineAsync(string.Join("  ", row.Select((cell, i) => i == row.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
    }

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
            names.Insert(0, result.Command.Name);
        return names.Count == 0 ? "error" : string.Join(' ', names);
    }

    /// <summary>The message, and its cause's when it says more (a SqlException inside a wrapper): one line, no trace.</summary>
    private static string OneLine(Exception e)
    {
        var message = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0].Message : e.Message;
        if (e.InnerException is { } inner && !message.Contains(inner.Message, StringComparison.Ordinal)) message += $" ({inner.Message})";
        return string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
