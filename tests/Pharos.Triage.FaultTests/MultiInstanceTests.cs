using System.Globalization;

namespace Pharos.Triage.FaultTests;

/// <summary>
/// Routing, PlatformLiaison and Escalation each run as two processes, started at once on one data directory
/// (one SQLite file per service, migrated side by side) and competing for the same queues; the platform client
/// polls both PlatformLiaisons in turn. Under a steady load, the second process of each is killed with SIGKILL,
/// one after another, and never restarted: the first carries on alone, and takes over what the dead one held
/// (unacknowledged messages, claimed outbox rows, leased webhook deliveries, a sweep's open transaction).
/// Acknowledgement deadlines of two seconds keep both Escalations' sweeps busy with due steps, so that two sweeps
/// meet on the same rows.
/// </summary>
public sealed class When_two_instances_of_each_service_compete_and_one_of_each_is_killed : FaultTest
{
    private static readonly TimeSpan Load = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan FirstKillAt = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan BetweenKills = TimeSpan.FromSeconds(4);

    /// <summary>How long the survivors carry the load alone, at least.</summary>
    private static readonly TimeSpan Alone = TimeSpan.FromSeconds(20);

    /// <summary>How long a kill waits for its victim to have taken messages: a loaded machine can hold the pipeline back for seconds.</summary>
    private static readonly TimeSpan VictimBusyWithin = TimeSpan.FromSeconds(60);

    private static readonly string[] Pairs = ["Routing", "PlatformLiaison", "Escalation"];

    /// <summary>The ladder's steps, as Escalation's outbox holds them: each must be taken once per request (and deadline).</summary>
    private static readonly string[] LadderSteps = ["ReminderDue", "RequestOverdue", "RequestEscalated", "RequestUnanswered"];

    protected override IReadOnlyCollection<string> Doubled { get; } = Pairs;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        // A request not acknowledged within two seconds is reminded after one and overdue (escalated) after two: the
        // sweeps have steps to take all along. Act-by stays at its hour, so no request is overdue twice.
        ["Pharos__Sla__terrorism__AcknowledgeWithin"] = "00:00:02",
        ["Pharos__Sla__hate_speech__AcknowledgeWithin"] = "00:00:02",
        // MassTransit logs each message a consumer took ("RECEIVE ..."), here one line each stamped with the time it was
        // taken: what each instance consumed before and after a kill, counted from its log.
        ["Logging__LogLevel__MassTransit.Messages"] = "Debug",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
        ["Logging__Console__FormatterOptions__TimestampFormat"] = Stamp + " ",
    };

    private const string Stamp = "yyyy-MM-ddTHH:mm:ss.fff";

    [Test]
    public async Task The_survivors_carry_on_and_nothing_accepted_is_lost_doubled_or_stuck()
    {
        var start = _start = DateTime.UtcNow;
        await using var load = LoadDriver.Start(System, Ledger);

        var kills = _kills = [];
        foreach (var service in Pairs)
        {
            await Until(kills.Count == 0 ? start + FirstKillAt : kills[^1].At + BetweenKills);
            var victim = System.Instances(service)[1];
            // The kill lands on an instance at work: one that has taken messages (as far as its log has caught up).
            var busyBy = DateTime.UtcNow + VictimBusyWithin;
            while (Consumed(victim).Count == 0 && DateTime.UtcNow < busyBy) await Task.Delay(250);
            var killedAt = DateTime.UtcNow;
            victim.Kill();
            kills.Add(new Kill(service, killedAt));
        }
        var lastKill = kills[^1].At;

        await Until(new[] { start + Load, lastKill + Alone }.Max());
        await load.StopAsync(Drain);
        Facts["load ran for (s)"] = Math.Round((DateTime.UtcNow - start).TotalSeconds, 1);
        Facts["reports accepted before the first kill / after the last"] = $"{Ledger.AcceptedBefore(kills[0].At)} / {Ledger.AcceptedAfter(lastKill)}";

        var figures = await SettleAndAssertAsync("two instances of Routing, PlatformLiaison and Escalation; one of each killed under load");

        foreach (var kill in kills)
        {
            var (survivor, victim) = (System.Instances(kill.Service)[0], System.Instances(kill.Service)[1]);
            Assert.That(survivor.IsRunning, Is.True, $"{survivor.Name} still runs");
            Assert.That(Consumed(victim), Is.Not.Empty, $"{victim.Name} consumed messages before its kill (within {VictimBusyWithin.TotalSeconds} s): the two competed");
            Assert.That(Consumed(survivor).Count(at => at > kill.At), Is.GreaterThan(0), $"{survivor.Name} consumed messages after the kill");
        }
        Assert.That(Ledger.AcceptedBefore(kills[0].At), Is.GreaterThan(0), "the kills land while reports are being filed");
        Assert.That(Ledger.AcceptedAfter(lastKill), Is.GreaterThan(0), "and reports are filed after the last");
        Assert.That(_stepsTaken["RequestOverdue"], Is.GreaterThan(0), "the sweeps had due steps to take");
    }

    private sealed record Kill(string Service, DateTime At);

    private DateTime _start;
    private List<Kill> _kills = [];
    private Dictionary<string, int> _stepsTaken = [];

    protected override Task CheckMoreAsync(LedgerFigures figures)
    {
        // Each instance's share of the messages, before and after the kill of #2.
        foreach (var kill in _kills)
        {
            var (survivor, victim) = (System.Instances(kill.Service)[0], System.Instances(kill.Service)[1]);
            figures.Count($"{kill.Service}: #2 killed (kill -9) at load second", Math.Round((kill.At - _start).TotalSeconds, 1));
            var byFirst = Consumed(survivor);
            figures.Count($"{kill.Service}: consumed by #1 / #2 till the kill; #1 after",
                $"{byFirst.Count(at => at <= kill.At)} / {Consumed(victim).Count}; {byFirst.Count(at => at > kill.At)}");
        }
        var logs = System.Processes.Select(p => p.LogPath).ToList();
        figures.Count("logged: SQLITE_BUSY (database is locked)", logs.Sum(log => CountInLog(log, "database is locked")));
        figures.Count("logged: consumer faults after every retry (R-FAULT)", logs.Sum(log => CountInLog(log, "R-FAULT")));

        // Two sweeps over the same clocks: a step taken twice would be two rows in Escalation's outbox.
        using var escalation = System.Escalation.OpenDatabase();
        using var steps = escalation.CreateCommand();
        steps.CommandText = $"""
            SELECT message_type, json_extract(body, '$.requestId'), COALESCE(json_extract(body, '$.deadline'), ''), COUNT(*)
            FROM outbox WHERE message_type IN ({string.Join(", ", LadderSteps.Select(s => $"'{s}'"))})
            GROUP BY 1, 2, 3;
            """;
        var taken = _stepsTaken = LadderSteps.ToDictionary(s => s, _ => 0);
        using (var reader = steps.ExecuteReader())
        {
            while (reader.Read())
            {
                var (type, request, deadline, count) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3));
                taken[type] += count;
                if (count > 1) figures.Duplicated.Add($"Escalation took {type} {deadline} of request {request} {count} times");
            }
        }
        figures.Count("ladder steps: reminder / overdue / escalated / unanswered", string.Join(" / ", LadderSteps.Select(s => taken[s])));

        // Two webhook dispatchers on one table: a delivery leased to both would be sent, and its attempt recorded, twice
        // under one dispatch number. (The receiver's repeats of a delivery are allowed: a quick retry, a lease run out.)
        using var liaison = System.Liaison.OpenDatabase();
        using var attempts = liaison.CreateCommand();
        attempts.CommandText = "SELECT delivery_id, dispatch, attempt, COUNT(*) FROM webhook_attempts GROUP BY 1, 2, 3 HAVING COUNT(*) > 1;";
        using (var reader = attempts.ExecuteReader())
        {
            while (reader.Read())
                figures.Duplicated.Add($"webhook delivery {reader.GetString(0)}: attempt {reader.GetInt64(2)} of dispatch {reader.GetInt64(1)} made {reader.GetInt64(3)} times");
        }
        figures.Count("webhook attempts recorded / dispatches after the first",
            $"{System.Liaison.Scalar("SELECT COUNT(*) FROM webhook_attempts")} / {System.Liaison.Scalar("SELECT COUNT(*) FROM webhook_attempts WHERE dispatch > 1 AND attempt = 1")}");

        // And PlatformLiaison's notices of them: one delivery each, whichever instance queued or sent it.
        var ladderNotices = System.Receiver.Received.Where(n => n.Event is "reminder_due" or "request_escalated").ToList();
        figures.Count("notices reminder_due + request_escalated (distinct)", ladderNotices.Select(n => n.DeliveryId).Distinct().Count());
        foreach (var twice in ladderNotices.GroupBy(n => (n.Event, n.RequestId)).Where(g => g.Select(n => n.DeliveryId).Distinct().Count() > 1))
            figures.Duplicated.Add($"request {twice.Key.RequestId}: {twice.Select(n => n.DeliveryId).Distinct().Count()} distinct {twice.Key.Event} deliveries");
        return Task.CompletedTask;
    }

    /// <summary>
    /// When a process took each message from its queues over its life, receipts aside, as MassTransit logged it. The
    /// console logger writes behind the work: a process killed takes the lines it had not written yet with it.
    /// </summary>
    private static List<DateTime> Consumed(HostProcess process)
    {
        using var stream = new FileStream(process.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var taken = new List<DateTime>();
        while (reader.ReadLine() is { } line)
        {
            if (!line.Contains(" RECEIVE ", StringComparison.Ordinal) || line.Contains("-messages-taken ", StringComparison.Ordinal)) continue;
            taken.Add(DateTime.ParseExact(line[..Stamp.Length], Stamp, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
        }
        return taken;
    }

    private static int CountInLog(string path, string text, Func<string, bool>? also = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
            if (line.Contains(text, StringComparison.Ordinal) && (also is null || also(line))) count++;
        return count;
    }
}
