using NUnit.Framework.Interfaces;

namespace Pharos.Triage.FaultTests;

/// <summary>
/// What every fault test shares: the system started fresh (its own vhost, its own data), the ledger
/// printed and asserted, and the evidence kept when a test fails.
/// </summary>
public abstract class FaultTest
{
    /// <summary>How long the system may take to settle after the load stops.</summary>
    protected static readonly TimeSpan SettleBound = TimeSpan.FromSeconds(90);

    /// <summary>How long the load retries the filings that failed, after it stops making new ones.</summary>
    protected static readonly TimeSpan Drain = TimeSpan.FromSeconds(20);

    protected PharosSystem System { get; private set; } = null!;

    /// <summary>More environment for every service of this test's system (a fault switched on).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    /// <summary>The services this test runs as two processes each (<see cref="PharosSystem.StartAsync"/>).</summary>
    protected virtual IReadOnlyCollection<string> Doubled { get; } = [];

    protected Ledger Ledger { get; private set; } = null!;

    /// <summary>What the test did and when (the fault's moments), printed with the ledger.</summary>
    protected SortedDictionary<string, object> Facts { get; } = new(StringComparer.Ordinal);

    [SetUp]
    public async Task StartSystem()
    {
        // NUnit runs every case of a fixture on one instance: nothing of the previous case may remain.
        Facts.Clear();
        Ledger = new Ledger(new Contents());
        System = await PharosSystem.StartAsync(Settings, Doubled);
    }

    [TearDown]
    public async Task StopSystem()
    {
        if (System is null) return;
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
        {
            System.KeepData = true;
            await TestContext.Out.WriteLineAsync($"Kept for diagnosis: {System.DataDirectory}\n{System.Logs(25)}");
        }
        await System.DisposeAsync();
    }

    /// <summary>Waits for the system to settle, checks every timeline, prints the ledger and asserts it.</summary>
    protected async Task<LedgerFigures> SettleAndAssertAsync(string title)
    {
        var figures = await LedgerCheck.SettleAsync(System, Ledger, SettleBound);
        await LedgerCheck.CheckTimelinesAsync(System, Ledger, figures);
        LedgerCheck.CheckQueues(System, figures);
        LedgerCheck.CountOutboxes(System, figures);
        await CheckMoreAsync(figures);
        foreach (var (what, value) in Facts) figures.Count($"fault: {what}", value);
        figures.Print(TestContext.Out, title);
        // dotnet test shows no output of a passing test: CI names a file, and prints the ledgers from it.
        if (Environment.GetEnvironmentVariable("PHAROS_LEDGERS") is { Length: > 0 } ledgers)
        {
            await using var file = new StreamWriter(ledgers, append: true);
            figures.Print(file, title);
        }
        Assert.Multiple(() =>
        {
            Assert.That(figures.Lost, Is.Empty, "lost");
            Assert.That(figures.Duplicated, Is.Empty, "duplicated");
            Assert.That(figures.Stuck, Is.Empty, "stuck");
            Assert.That(figures.Wrong, Is.Empty, "wrong");
        });
        return figures;
    }

    /// <summary>What this test checks beyond the ledger, into the same figures, once the system has settled.</summary>
    protected virtual Task CheckMoreAsync(LedgerFigures figures) => Task.CompletedTask;

    protected static async Task Until(DateTime at)
    {
        var wait = at - DateTime.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }
}
