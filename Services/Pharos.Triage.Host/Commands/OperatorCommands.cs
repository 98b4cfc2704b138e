using System.CommandLine;
using System.CommandLine.Invocation;

namespace Pharos.Triage.Host.Commands;

/// <summary>
/// The operator's commands (<c>Pharos.Triage.Host api-keys issue ...</c>): one System.CommandLine tree, which parses,
/// refuses a wrong argument with its usage, and writes each command's help. What a command does is its service's code;
/// here it is only named, read and printed. Configuration is the host's (environment, appsettings): a command works on
/// the databases and broker the host would.
/// </summary>
public static class OperatorCommands
{
    /// <summary>The exit code of a command line that does not parse: a wrong or missing argument.</summary>
    public const int Usage = 2;

    /// <summary>The exit code of a command that failed while running (a database unreachable, a key unknown).</summary>
    public const int Failed = 1;

    private static readonly string[] HelpTokens = ["--help", "-h", "-?", "/?", "/h"];

    /// <summary>
    /// Whether the arguments name a command, or ask for help; otherwise the host runs as a server. The host's own
    /// arguments are configuration (<c>--urls X</c>, <c>--Pharos:DataDirectory=X</c>, <c>key=value</c>), never a bare word.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (HelpTokens.Contains(args[0]) || (!args[0].StartsWith('-') && !args[0].StartsWith('/') && !args[0].Contains('=')));

    public static RootCommand Tree(CommandServices services)
    {
        var root = new RootCommand("Pharos.Triage: with no command, runs the services; with one, does an operator's task and exits.")
        {
            ApiKeysCommand.Create(services),
            MigrateCommand.Create(services),
            OutboxCommand.Create(services),
            MessagesCommand.Create(services),
            WebhooksCommand.Create(services),
            PlatformsCommand.Create(services),
        };
        return root;
    }

    /// <summary>Parses and runs a command line: 0 done, <see cref="Failed"/> failed, <see cref="Usage"/> a wrong command line.</summary>
    public static async Task<int> InvokeAsync(string[] args, WebApplicationBuilder builder, TextWriter? output = null, TextWriter? error = null)
    {
        await using var services = new CommandServices(builder);
        var parsed = Tree(services).Parse(args);
        var exit = await parsed.InvokeAsync(new InvocationConfiguration
        {
            Output = output ?? Console.Out,
            Error = error ?? Console.Error,
            // Each action catches its own failures (CommandAction.Run): an exception reaching here is a bug, and still no trace.
            EnableDefaultExceptionHandler = false,
        });
        return parsed.Action is ParseErrorAction ? Usage : exit;
    }
}
