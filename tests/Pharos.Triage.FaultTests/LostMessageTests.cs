namespace Pharos.Triage.FaultTests;

/// <summary>
/// Issue 13, item 4: every receive endpoint of every service silently loses the first copy of each message type it
/// gets, receipts included (<c>Pharos:Faults:LoseFirstCopyOfEachMessageType</c>), as a broker that lost its disk
/// would: among them the first <c>RequestIssued</c> on its way to PlatformLiaison and to Escalation, and the first
/// acknowledgement and outcome on their way to Intake and Escalation. Every fact must still reach every service that
/// needs it: each outbox row is sent again until each of its consumers has receipted it.
/// </summary>
public sealed class When_the_broker_loses_the_first_copy_of_every_message_type : FaultTest
{
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(20);

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Pharos__Faults__LoseFirstCopyOfEachMessageType"] = "true",
        // Copies not receipted go again within seconds, so that settling takes seconds, as for the re-drive.
        ["Pharos__Outbox__ResendAfter"] = "00:00:03",
        ["Pharos__Outbox__ResendMaxWait"] = "00:00:10",
        ["Pharos__Outbox__ResendCheckInterval"] = "00:00:01",
    };

    [Test]
    public async Task Nothing_accepted_is_lost_doubled_or_stuck()
    {
        var start = DateTime.UtcNow;
        await using var load = LoadDriver.Start(System, Ledger);
        await Until(start + Load);
        await load.StopAsync(Drain);
        Facts["load ran for (s)"] = Math.Round((DateTime.UtcNow - start).TotalSeconds, 1);

        // Every row of every outbox ends receipted by every consumer of its type, lost receipts included.
        var deadline = DateTime.UtcNow + SettleBound;
        while (System.Services.Sum(s => s.Scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL OR resend_at IS NOT NULL")) > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(500);
        var lost = System.Services.ToDictionary(s => s.Name, s => CountInLog(s.LogPath, "Fault: lost the first"));
        Facts["first copies lost, by service"] = string.Join(", ", lost.Select(l => $"{l.Key} {l.Value}"));

        var figures = await SettleAndAssertAsync("the first copy of every message type lost at every consumer");
        foreach (var service in System.Services)
            Assert.That(service.Scalar("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL OR resend_at IS NOT NULL"), Is.Zero,
                $"{service.Service}: every outbox row receipted by every consumer");
        Assert.That(lost.Values.Sum(), Is.GreaterThanOrEqualTo(15), "the fault lost messages at every service");
        Assert.That(lost.Values, Has.All.GreaterThan(0));
        Assert.That(figures.Lost, Is.Empty);
    }

    private static int CountInLog(string path, string text)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
            if (line.Contains(text, StringComparison.Ordinal)) count++;
        return count;
    }
}
