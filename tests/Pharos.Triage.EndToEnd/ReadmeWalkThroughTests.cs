using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Pharos.Triage.EndToEnd;

/// <summary>
/// The README's walk-through, run as written (its shell blocks, in order, with bash and curl) against the embedded default
/// in a process of its own: the X journey, then a platform added by an admin, given a key and a webhook, whose receiver
/// (docs/examples, built by <c>dotnet run</c>) verifies every notice with the StandardWebhooks library. Only the two
/// addresses change: the host's and the receiver's ports are free ones.
/// </summary>
public sealed class When_the_readme_walk_through_is_followed
{
    [Test]
    public async Task Every_step_answers_and_the_platforms_receiver_verifies_each_notice()
    {
        var root = Root();
        var readme = await File.ReadAllTextAsync(Path.Combine(root, "README.md"));
        var walkThrough = readme[readme.IndexOf("## Walk-through", StringComparison.Ordinal)..readme.IndexOf("## How it works", StringComparison.Ordinal)];
        var blocks = Regex.Matches(walkThrough, @"```sh\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.That(blocks, Has.Count.EqualTo(2), "the X journey and the new platform");

        var data = Path.Combine(Path.GetTempPath(), "pharos-e2e", Guid.NewGuid().ToString("N"));
        using var host = new HostProcess(data);
        await host.StartAsync(TimeSpan.FromSeconds(60));
        var receiver = $"127.0.0.1:{FreePort.Find()}";
        var script = "set -e\n" + string.Join("\n", blocks).Replace("127.0.0.1:5099", receiver, StringComparison.Ordinal);
        Assert.That(script, Does.Contain(receiver), "the receiver's address is the README's");

        var (exit, output) = await RunAsync(root, script, host.BaseAddress.ToString().TrimEnd('/'), TimeSpan.FromMinutes(4));
        TestContext.Out.WriteLine(output);

        Assert.That(exit, Is.Zero, "every command of the walk-through succeeds");
        Assert.That(output, Does.Contain("\"outcome\":\"removed\""), "X's journey ends with the content removed");
        Assert.That(output, Does.Contain("\"id\":\"rumble\",\"name\":\"Rumble\""), "the platform added, and its profile");
        Assert.That(output, Does.Not.Contain("REFUSED"), "no notice fails verification");
        // Not anchored to a line: the receiver prints while curl's answers, which end with no newline, are being written.
        var verified = Regex.Matches(output, "verified [0-9a-f-]{36}: \\{\"deliveryId\":\"[0-9a-f-]{36}\",\"event\":\"(\\w+)\"").Select(m => m.Groups[1].Value);
        Assert.That(verified, Is.EquivalentTo(new[] { "request_issued", "ping" }), "both notices verified by the library");
    }

    /// <summary>Runs <paramref name="script"/> with bash from the repository root, in its own process group, which is killed after.</summary>
    private static async Task<(int Exit, string Output)> RunAsync(string root, string script, string api, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("setsid", ["bash", "-c", script])
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["API"] = api;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        finally
        {
            // The receiver, if the script stopped before killing it: setsid made the script's pid its group's id.
            using var kill = Process.Start("kill", ["--", $"-{process.Id}"]);
            await kill.WaitForExitAsync(CancellationToken.None);
        }
        return (process.ExitCode, await output + await errors);
    }

    private static string Root()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Pharos.Triage.sln"))) root = root.Parent;
        return root?.FullName ?? throw new DirectoryNotFoundException("Pharos.Triage.sln not found above the tests.");
    }
}
