namespace Pharos.Triage.EndToEnd;

/// <summary>
/// Settings a deployment must not run with stop the start: the operator reads which key and why, in one line, and the
/// process exits 1 (not an unhandled exception, a core dump and a page of stack frames).
/// </summary>
public sealed class When_the_settings_refuse_the_start
{
    [Test]
    public void A_jwt_authority_without_an_audience_is_one_line_naming_the_key_and_exit_1()
    {
        var data = Path.Combine(Path.GetTempPath(), "pharos-e2e", Guid.NewGuid().ToString("N"));
        using var host = new HostProcess(data, new Dictionary<string, string>
        {
            ["Pharos__Authentication__Jwt__Authority"] = "https://id.example.org/realms/pharos",
        });

        var refused = Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TimeSpan.FromSeconds(60)));

        Assert.That(refused!.Message, Does.StartWith("host exited with 1:"), host.Output);
        Assert.That(host.Output, Does.Contain("Not started: Pharos:Authentication:Jwt:Audience (Pharos__Authentication__Jwt__Audience) must be set"));
        Assert.That(host.Output, Does.Not.Contain("   at "), "no stack frame");
        Assert.That(host.Output, Does.Not.Contain("Unhandled exception"));
    }
}
