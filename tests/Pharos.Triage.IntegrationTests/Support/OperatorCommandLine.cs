using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Pharos.Triage.Host.Commands;

namespace Pharos.Triage.IntegrationTests.Support;

/// <summary>What a command wrote and how it exited.</summary>
public sealed record CommandRun(int Exit, string Output, string Error)
{
    public override string ToString() => $"exit {Exit}\n--- stdout\n{Output}--- stderr\n{Error}";
}

/// <summary>
/// The host's operator commands in this process, as <c>Pharos.Triage.Host &lt;args&gt;</c> runs them, on the configuration
/// given (a test data directory), with what they write captured.
/// </summary>
public static class OperatorCommandLine
{
    public static async Task<CommandRun> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddInMemoryCollection(settings);
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await OperatorCommands.InvokeAsync(args, builder, output, error);
        return new CommandRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>The settings of a system whose databases are SQLite files under <paramref name="dataDirectory"/>.</summary>
    public static Dictionary<string, string?> On(string dataDirectory) => new() { ["Pharos:DataDirectory"] = dataDirectory };
}
