using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Intake.Data;
using Pharos.Triage.Intake.Redrive;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Messaging;

/// <summary>
/// A report Routing has not answered is filed again, but with a doubling wait and never while its last
/// copy is still in the outbox: after an outage, copies would only lengthen the backlog Routing works through.
/// </summary>
public sealed class When_a_report_waits_for_routing
{
    private static readonly TimeSpan After = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(4);

    private ServiceBed<IntakeDatabase> _intake = null!;
    private StuckReportRedrive _redrive = null!;

    [SetUp]
    public async Task Start()
    {
        _intake = await ServiceBed<IntakeDatabase>.StartAsync(
            (provider, connection, synchronous) => new IntakeDatabase(provider, connection, synchronous), _ => { });
        _redrive = new StuckReportRedrive(_intake.Database, _intake.Clock, Options.Create(new PharosOptions()), NullLogger<StuckReportRedrive>.Instance);
    }

    [TearDown]
    public async Task Stop() => await _intake.DisposeAsync();

    /// <summary>Files a report as the API does: the row and its first ReportFiled, in one transaction.</summary>
    private async Task File(string id)
    {
        var now = _intake.Clock.GetUtcNow();
        await using var uow = await _intake.Database.BeginAsync();
        await uow.ExecuteAsync(_intake.Database.Sql.InsertReport, new ReportRow
        {
            Id = id, Url = $"https://x.com/{id}", Category = Category.Terrorism, Description = "d", Status = ReportStatus.Received,
            ReceivedAt = now, FiledBy = "analyst:a",
        });
        await uow.Publish(new ReportFiled(id, $"https://x.com/{id}", Category.Terrorism, "d", null, false, now, "analyst:a"), now);
        await uow.CommitAsync();
    }

    private Task<long> Copies(string id) =>
        _intake.Count("SELECT COUNT(*) FROM outbox WHERE message_type = 'ReportFiled' AND body LIKE @Pattern", new { Pattern = $"%\"{id}\"%" });

    private Task<int> Redrive() => _redrive.RedriveOnceAsync(After, MaxWait, CancellationToken.None);

    /// <summary>Moves the clock on second by second, sending the outbox and redriving at each, as the running service would.</summary>
    private async Task RunFor(TimeSpan span)
    {
        for (var s = 0; s < span.TotalSeconds; s++)
        {
            _intake.Clock.Advance(TimeSpan.FromSeconds(1));
            await _intake.DispatchOutbox();
            await Redrive();
        }
    }

    [Test]
    public async Task Each_copy_waits_twice_as_long_as_the_one_before_up_to_the_longest_wait()
    {
        await File("r1");
        await _intake.DispatchOutbox();

        // Copies at 30 s, then 60 s later (90 s), 120 s later (210 s), 240 s later (450 s, the longest wait), 240 s later (690 s).
        var expected = new (int At, int Copies)[] { (29, 1), (30, 2), (89, 2), (90, 3), (209, 3), (210, 4), (449, 4), (450, 5), (689, 5), (690, 6) };
        var elapsed = 0;
        foreach (var (at, copies) in expected)
        {
            await RunFor(TimeSpan.FromSeconds(at - elapsed));
            elapsed = at;
            Assert.That(await Copies("r1"), Is.EqualTo(copies), $"ReportFiled copies after {at} s");
        }
    }

    [Test]
    public async Task The_wait_counts_from_when_the_copy_left_the_outbox()
    {
        await File("r1");
        _intake.Clock.Advance(TimeSpan.FromMinutes(10)); // the bus is down: the first copy never left

        Assert.That(await Redrive(), Is.Zero);
        Assert.That(await Copies("r1"), Is.EqualTo(1));

        await File("r2");
        await _intake.DispatchOutbox(); // the bus is back: both leave
        Assert.That(await Redrive(), Is.Zero, "the first copies have only just left");
        _intake.Clock.Advance(After + TimeSpan.FromSeconds(1));
        Assert.That(await Redrive(), Is.EqualTo(2), "both waited a full wait since they left");
    }

    [Test]
    public async Task A_report_routing_answered_is_never_filed_again()
    {
        await File("r1");
        await File("r2");
        await _intake.DispatchOutbox();
        await using (var uow = await _intake.Database.BeginAsync())
        {
            await uow.ExecuteAsync("UPDATE reports SET status = 'duplicate' WHERE id = 'r1';");
            await uow.CommitAsync();
        }

        await RunFor(TimeSpan.FromMinutes(2));

        Assert.That(await Copies("r1"), Is.EqualTo(1));
        Assert.That(await Copies("r2"), Is.EqualTo(3), "copies at 30 s and 90 s");
    }

    [TestCase(0, 0)]
    [TestCase(1, 30)]
    [TestCase(2, 90)]
    [TestCase(3, 210)]
    [TestCase(4, 210)]
    [TestCase(1000, 210)]
    public void The_wait_is_counted_from_later_as_copies_add_up(int redrives, int secondsLater)
    {
        var now = PharosApp.Start;
        Assert.That(StuckReportRedrive.WaitCountedFrom(now, After, MaxWait, redrives), Is.EqualTo(now.AddSeconds(secondsLater)));
    }

    [Test]
    public void A_longest_wait_shorter_than_the_first_wait_leaves_the_first_wait()
    {
        var now = PharosApp.Start;
        Assert.That(StuckReportRedrive.WaitCountedFrom(now, After, TimeSpan.FromSeconds(5), 3), Is.EqualTo(now));
    }
}
