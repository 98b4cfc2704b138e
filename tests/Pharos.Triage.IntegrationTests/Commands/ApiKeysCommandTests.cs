using System.Text.Json;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Commands;

public sealed class When_an_operator_manages_api_keys_from_the_command_line : CommandLineTest
{
    [Test]
    public async Task A_key_issued_is_listed_then_revoked()
    {
        var settings = OperatorCommandLine.On(DataPath);

        var issued = await OperatorCommandLine.RunAsync(settings, "api-keys", "issue", "--role", "platform", "--platform", "x", "--name", "X's integration", "--json");
        Assert.That(issued.Exit, Is.Zero, issued.ToString());
        var key = JsonDocument.Parse(issued.Output).RootElement;
        var id = key.GetProperty("id").GetString()!;
        Assert.That(key.GetProperty("token").GetString(), Is.Not.Empty);

        var listed = await OperatorCommandLine.RunAsync(settings, "api-keys", "list");
        Assert.That(listed.Exit, Is.Zero, listed.ToString());
        var line = listed.Output.Split('\n').Single(l => l.StartsWith(id, StringComparison.Ordinal));
        Assert.That(line, Does.Contain("platform").And.Contains("x").And.Contains("X's integration").And.EndsWith("active"));
        Assert.That(listed.Output, Does.Not.Contain(key.GetProperty("token").GetString()!), "a list never shows a secret");

        var revoked = await OperatorCommandLine.RunAsync(settings, "api-keys", "revoke", id);
        Assert.That(revoked.Exit, Is.Zero, revoked.ToString());
        Assert.That(revoked.Output, Does.Contain($"Revoked key {id}"));

        var after = await OperatorCommandLine.RunAsync(settings, "api-keys", "list", "--json");
        var listedKey = JsonDocument.Parse(after.Output).RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.That(listedKey.GetProperty("revokedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
    }

    [Test]
    public async Task Revoking_an_unknown_key_is_one_line_and_exit_1()
    {
        var run = await OperatorCommandLine.RunAsync(OperatorCommandLine.On(DataPath), "api-keys", "revoke", "no-such-key");

        Assert.That(run.Exit, Is.EqualTo(1), run.ToString());
        Assert.That(run.Error.TrimEnd(), Is.EqualTo("api-keys revoke: no API key has the id no-such-key."));
    }
}
