using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Intake.Data;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.Routing.Data;

namespace Pharos.Triage.IntegrationTests.Messaging;

/// <summary>
/// Issue 13, item 10: the purges keep up with the pipeline's maximum rate. Today one purge every ten minutes deleted
/// at most 5,000 rows of each table, fewer than the pipeline writes in that time.
/// </summary>
[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_the_outbox_and_inbox_are_purged(DatabaseProvider store)
{
    private ServiceBed<RoutingDatabase> _bed = null!;

    [SetUp]
    public async Task Start() => _bed = await ServiceBed<RoutingDatabase>.StartAsync(
        (provider, connection, synchronous) => new RoutingDatabase(provider, connection, synchronous), _ => { }, store: store);

    [TearDown]
    public async Task Stop() => await _bed.DisposeAsync();

    [Test]
    public async Task A_backlog_larger_than_five_thousand_rows_goes_in_one_pass_and_rows_still_awaited_stay()
    {
        var old = PharosApp.Start.AddDays(-8).ToUnixTimeMilliseconds();
        var recent = PharosApp.Start.ToUnixTimeMilliseconds();
        await using (var connection = await _bed.Database.OpenAsync())
        {
            await connection.ExecuteAsync(store == DatabaseProvider.SqlServer
                ? """
                  WITH n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
                  INSERT INTO outbox (message_id, message_type, body, created_at, sent_at, awaiting)
                  SELECT CONCAT('old-', i), 'ReportForwarded', '{}', @Old, @Old, '|' FROM n OPTION (MAXRECURSION 0);
                  WITH n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
                  INSERT INTO inbox (message_id, consumer, handled_at) SELECT CONCAT('old-', i), 'routing-report-filed', @Old FROM n OPTION (MAXRECURSION 0);
                  """
                : """
                  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
                  INSERT INTO outbox (message_id, message_type, body, created_at, sent_at, awaiting)
                  SELECT 'old-' || i, 'ReportForwarded', '{}', @Old, @Old, '|' FROM n;
                  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
                  INSERT INTO inbox (message_id, consumer, handled_at) SELECT 'old-' || i, 'routing-report-filed', @Old FROM n;
                  """, new { Old = old });
            await connection.ExecuteAsync("""
                INSERT INTO outbox (message_id, message_type, body, created_at, sent_at, awaiting, resend_at)
                VALUES ('awaited', 'ReportForwarded', '{}', @Old, @Old, '|intake-report-forwarded|', @Recent);
                INSERT INTO outbox (message_id, message_type, body, created_at, sent_at) VALUES ('recent', 'ReportForwarded', '{}', @Recent, @Recent);
                INSERT INTO inbox (message_id, consumer, handled_at) VALUES ('recent', 'routing-report-filed', @Recent);
                """, new { Old = old, Recent = recent });
        }
        var dispatcher = _bed.Provider.GetRequiredService<OutboxDispatcher<RoutingDatabase>>();

        Assert.That(await dispatcher.PurgeAsync(CancellationToken.None), Is.EqualTo(24000));

        Assert.That(await _bed.Count("SELECT COUNT(*) FROM outbox"), Is.EqualTo(2), "the row a consumer has not taken, and the recent one");
        Assert.That(await _bed.Count("SELECT COUNT(*) FROM outbox WHERE message_id IN ('awaited', 'recent')"), Is.EqualTo(2));
        Assert.That(await _bed.Count("SELECT COUNT(*) FROM inbox"), Is.EqualTo(1));
    }
}

/// <summary>
/// Issue 13, item 10: an outbox row that can never be sent shows, and holds nothing back. Today Intake's re-drive
/// waited for every unsent row to leave, so one poisoned row stopped the re-drive of every report for good.
/// </summary>
public sealed class When_an_outbox_row_can_never_be_sent
{
    [TestCase("NoSuchMessage", "{}")]
    [TestCase("ReportFiled", "not json")]
    public async Task Readiness_degrades_naming_its_age_and_the_other_rows_leave(string messageType, string body)
    {
        using var app = new PharosApp();
        app.CreateClient();
        var intake = app.Services.GetRequiredService<IntakeDatabase>();
        await using (var uow = await intake.BeginAsync())
        {
            await uow.PublishStored(messageType, body, app.Clock.GetUtcNow());
            await uow.CommitAsync();
        }
        var analyst = app.Analyst();
        var report = await analyst.FileReport("https://x.com/someone/status/3");
        await Eventually.ReportStatus(analyst, report, "routed");
        await Eventually.Until(() => app.CountInIntake("SELECT COUNT(*) FROM outbox WHERE unsendable = 1"), n => n == 1, "the row to be found unsendable");

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var health = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"));
        var outbox = health.Entries["intake-outbox"];
        Assert.That(outbox.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(outbox.Description, Does.Contain(messageType).And.Contain("written 120 s ago"));
        // Advisory: the instance stays ready (one bad row must not take every instance out of the load
        // balancer), and readiness says it is degraded and why.
        var ready = await app.CreateClient().GetAsync("/health/ready");
        Assert.That((int)ready.StatusCode, Is.EqualTo(200));
        Assert.That(await ready.Content.ReadAsStringAsync(), Does.StartWith("Degraded").And.Contain("intake-outbox: Degraded").And.Contain(messageType));
    }

    [Test]
    public async Task It_holds_back_no_report_s_re_drive()
    {
        await using var intake = await ServiceBed<IntakeDatabase>.StartAsync(
            (provider, connection, synchronous) => new IntakeDatabase(provider, connection, synchronous), _ => { });
        var redrive = new Intake.Redrive.StuckReportRedrive(intake.Database, intake.Clock,
            Options.Create(new Infrastructure.Hosting.PharosOptions()), NullLogger<Intake.Redrive.StuckReportRedrive>.Instance);
        var now = intake.Clock.GetUtcNow();
        await using (var uow = await intake.Database.BeginAsync())
        {
            await uow.PublishStored("NoSuchMessage", "{}", now);
            await uow.ExecuteAsync(intake.Database.Sql.InsertReport, new ReportRow
            {
                Id = "r1", Url = "https://x.com/r1", Category = Contracts.Category.Terrorism, Description = "d",
                Status = Contracts.ReportStatus.Received, ReceivedAt = now, FiledBy = "analyst:a",
            });
            await uow.Publish(new Contracts.ReportFiled("r1", "https://x.com/r1", Contracts.Category.Terrorism, "d", null, false, now, "analyst:a"), now);
            await uow.CommitAsync();
        }
        await intake.DispatchOutbox();

        intake.Clock.Advance(TimeSpan.FromSeconds(31));
        await intake.DispatchOutbox();
        Assert.That(await redrive.RedriveOnceAsync(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), CancellationToken.None), Is.EqualTo(1),
            "the report Routing has not answered is filed again");
    }
}
