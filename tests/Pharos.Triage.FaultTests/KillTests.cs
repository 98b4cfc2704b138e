using System.Diagnostics;

namespace Pharos.Triage.FaultTests;

/// <summary>
/// Each service in turn is killed with SIGKILL in the middle of a steady load, left down a few seconds
/// while the clients keep calling, and started again on the same data directory.
/// </summary>
public sealed class When_a_service_is_killed_under_load : FaultTest
{
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan KillAt = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(3);

    [TestCase("Intake")]
    [TestCase("Routing")]
    [TestCase("PlatformLiaison")]
    [TestCase("Escalation")]
    public async Task Nothing_accepted_is_lost_doubled_or_stuck(string service)
    {
        var start = DateTime.UtcNow;
        await using var load = LoadDriver.Start(System, Ledger);

        await Until(start + KillAt);
        // PlatformLiaison dies with notices on the wire: the receiver has them and holds their answers,
        // which PlatformLiaison never reads.
        if (service == "PlatformLiaison")
        {
            System.Receiver.HoldAnswers();
            Facts["killed with a notice in flight"] = await System.Receiver.WaitForNoticeHeldAsync(TimeSpan.FromSeconds(5));
        }
        var killedAt = DateTimeOffset.UtcNow;
        System[service].Kill();
        var cut = service == "PlatformLiaison" ? System.Receiver.Held() : [];
        System.Receiver.ReleaseAnswers();
        await Task.Delay(Down);
        var restart = Stopwatch.StartNew();
        await System[service].StartAsync(PharosSystem.StartTimeout);
        var restartedAt = DateTimeOffset.UtcNow;
        Facts["killed (kill -9) at load second"] = Math.Round((killedAt.UtcDateTime - start).TotalSeconds, 1);
        Facts["down, then ready again after (s)"] = Math.Round((restartedAt - killedAt).TotalSeconds, 1);
        Facts["restart took (s)"] = Math.Round(restart.Elapsed.TotalSeconds, 1);

        await Until(start + Load);
        await load.StopAsync(Drain);
        Facts["load ran for (s)"] = Math.Round((DateTime.UtcNow - start).TotalSeconds, 1);
        Facts["reports accepted before the kill"] = Ledger.AcceptedBefore(killedAt);
        Facts["reports accepted after the restart"] = Ledger.AcceptedAfter(restartedAt);

        if (cut.Count > 0)
        {
            // A notice whose answer PlatformLiaison never read is sent again, under the same delivery id,
            // once its lease ends (a minute and the attempts' timeouts): at least once, never lost. The wait
            // allows for a restart slowed by other test projects running beside this one.
            var repeated = await System.Receiver.WaitForRepeatsAsync(cut, killedAt.UtcDateTime + TimeSpan.FromSeconds(180));
            Facts["notices cut by the kill / sent again"] = $"{cut.Count} / {repeated.Count}, {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:0} s after the kill";
            Assert.That(repeated, Is.EquivalentTo(cut), "every notice cut by the kill is sent again");
        }

        await SettleAndAssertAsync($"kill -9 of {service} under load");
        Assert.That(Ledger.AcceptedBefore(killedAt), Is.GreaterThan(0), "the kill must land while reports are being filed");
        Assert.That(Ledger.AcceptedAfter(restartedAt), Is.GreaterThan(0), "and reports must be filed after the restart");
    }
}
