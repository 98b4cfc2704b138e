using Pharos.Triage.Host.Commands;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Commands;

/// <summary>Issue 18: every command explains itself, and a wrong command line is one message, its usage and exit 2.</summary>
public sealed class When_an_operator_asks_for_help_or_gets_a_command_wrong : CommandLineTest
{
    private static readonly string[][] Commands =
    [
        [], ["api-keys"], ["api-keys", "list"], ["api-keys", "issue"], ["api-keys", "revoke"], ["migrate"], ["outbox"], ["outbox", "status"],
        ["messages"], ["messages", "requeue"], ["webhooks"], ["webhooks", "redeliver"], ["platforms"], ["platforms", "list"],
    ];

    private static IEnumerable<TestCaseData> EveryCommand() =>
        Commands.Select(c => new TestCaseData((object)c).SetArgDisplayNames(c.Length == 0 ? "(root)" : string.Join(' ', c)));

    private static IEnumerable<TestCaseData> WrongCommandLines()
    {
        yield return Case("an unknown command", "rebuild", "rebuild");
        yield return Case("an unknown option", "--everything", "migrate", "--everything");
        yield return Case("no subcommand", "Required command", "api-keys");
        yield return Case("a role that is none", "root", "api-keys", "issue", "--role", "root", "--name", "n");
        yield return Case("a missing required option", "--name", "api-keys", "issue", "--role", "admin");
        yield return Case("a platform key without its platform", "platformId", "api-keys", "issue", "--role", "platform", "--name", "n");
        yield return Case("a missing argument", "id", "api-keys", "revoke");
        yield return Case("a queue that is no _error queue, with no --to", "--to", "messages", "requeue", "--queue", "routing-report-filed");
        yield return Case("a limit that is no number", "zero", "messages", "requeue", "--queue", "a_error", "--limit", "zero");
        yield return Case("a limit below one", "--limit", "messages", "requeue", "--queue", "a_error", "--limit", "0");
        yield return Case("neither delivery nor platform", "--delivery", "webhooks", "redeliver");
        yield return Case("both delivery and platform", "--platform", "webhooks", "redeliver", "--delivery", "d", "--platform", "x");
    }

    private static TestCaseData Case(string name, string named, params string[] args) => new TestCaseData(args, named).SetArgDisplayNames(name);

    [TestCaseSource(nameof(EveryCommand))]
    public async Task Help_describes_the_command_and_exits_zero(string[] command)
    {
        var run = await OperatorCommandLine.RunAsync(OperatorCommandLine.On(DataPath), [.. command, "--help"]);

        Assert.That(run.Exit, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("Usage:").And.Contains("Description:"), run.ToString());
        Assert.That(run.Output, Does.Contain(command.Length == 0 ? "api-keys" : command[^1]));
        Assert.That(run.Error, Is.Empty);
        Assert.That(Directory.Exists(DataPath), Is.False, "help touches no database");
    }

    [TestCaseSource(nameof(WrongCommandLines))]
    public async Task A_wrong_command_line_says_what_is_wrong_with_the_usage_and_exits_2(string[] args, string named)
    {
        var run = await OperatorCommandLine.RunAsync(OperatorCommandLine.On(DataPath), args);

        Assert.That(run.Exit, Is.EqualTo(OperatorCommands.Usage), run.ToString());
        Assert.That(run.Error, Does.Contain(named), run.ToString());
        Assert.That(run.Output, Does.Contain("Usage:"), run.ToString());
        Assert.That(run.Output + run.Error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Directory.Exists(DataPath), Is.False, "a refused command line touches no database");
    }

    [TestCase("migrate", true)]
    [TestCase("api-keys", true)]
    [TestCase("--help", true)]
    [TestCase("rebuild", true)]
    [TestCase("--urls", false)]
    [TestCase("--environment=Development", false)]
    [TestCase("--Pharos:DataDirectory=/tmp/x", false)]
    [TestCase("urls=http://127.0.0.1:5080", false)]
    [TestCase("/urls", false)]
    public void Only_a_word_or_help_is_a_command_and_the_host_s_own_arguments_still_run_it(string first, bool command) =>
        Assert.That(OperatorCommands.IsCommand([first, "x"]), Is.EqualTo(command));

    [Test]
    public void No_argument_runs_the_host() => Assert.That(OperatorCommands.IsCommand([]), Is.False);
}
