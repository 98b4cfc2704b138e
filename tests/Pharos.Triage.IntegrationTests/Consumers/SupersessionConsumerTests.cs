using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Intake.Data;
using Pharos.Triage.IntegrationTests.Notifications;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Webhooks;
using EscalationConsumers = Pharos.Triage.Escalation.Consumers;
using IntakeConsumers = Pharos.Triage.Intake.Consumers;
using LiaisonConsumers = Pharos.Triage.PlatformLiaison.Consumers;

namespace Pharos.Triage.IntegrationTests.Consumers;

// Issue 13 item 1: a stricter request supersedes the open request of the same content. Routing's side is in
// RoutingConsumerTests; here, how PlatformLiaison, Escalation and Intake take a RequestSuperseded.

internal static class Supersession
{
    public static readonly DateTimeOffset T0 = PharosApp.Start;
    public static readonly DateTimeOffset At = T0.AddMinutes(10);

    public static RequestIssued Dsa(string reportId = "r1") =>
        new("q-dsa", "PHR-2026-00000001", reportId, "x", "X", "https://x.com/a", "https://x.com/a", Category.HateSpeech,
            LegalBasis.DsaNotice, "hateful", null, T0, T0.AddHours(24), T0.AddHours(72), T0.AddHours(144), T0.AddHours(12), T0.AddHours(36));

    public static RequestIssued Tco(string reportId = "r2") =>
        new("q-tco", "PHR-2026-00000002", reportId, "x", "X", "https://x.com/a?s=1", "https://x.com/a", Category.Terrorism,
            LegalBasis.TcoRemovalOrder, "terrorist", null, At, At.AddHours(1), At.AddHours(1), At.AddHours(2), At.AddMinutes(30), At.AddMinutes(30));

    public static RequestSuperseded Superseded() => new("q-dsa", "x", "q-tco", "PHR-2026-00000002", LegalBasis.TcoRemovalOrder, At);
}

[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_platform_liaison_hears_a_request_is_superseded(DatabaseProvider store)
{
    private ServiceBed<LiaisonDatabase> _liaison = null!;

    [SetUp]
    public async Task Start() => _liaison = await ServiceBed<LiaisonDatabase>.StartAsync(
        (provider, connection, synchronous) => new LiaisonDatabase(provider, connection, synchronous),
        x =>
        {
            x.AddConsumer<LiaisonConsumers.RequestIssuedConsumer>();
            x.AddConsumer<LiaisonConsumers.RequestSupersededConsumer>();
        },
        services =>
        {
            services.AddPlatformNotifications();
            services.RemoveAll<IHostedService>();
        },
        LiaisonBed.Settings(("x", new Uri("http://127.0.0.1:9/hook"))), store: store);

    [TearDown]
    public async Task Stop() => await _liaison.DisposeAsync();

    private async Task<RequestRow> Request(string id)
    {
        await using var connection = await _liaison.Database.OpenAsync();
        return await connection.QuerySingleAsync<RequestRow>(_liaison.Database.Sql.SelectById, new { Id = id });
    }

    [Test]
    public async Task The_request_closes_as_superseded_and_the_platform_is_told_which_request_replaces_it()
    {
        await _liaison.Deliver(Supersession.Superseded());
        Assert.That(_liaison.Faulted<RequestSuperseded>(), Is.True, "waits for the request to be known");

        await _liaison.Deliver(Supersession.Dsa());
        await _liaison.Deliver(Supersession.Tco());
        await _liaison.Deliver(Supersession.Superseded());
        await _liaison.Deliver(Supersession.Superseded()); // re-driven under a new id: nothing more
        await _liaison.DispatchOutbox();

        var old = await Request("q-dsa");
        Assert.That((old.Status, old.Outcome, old.ClosedAt), Is.EqualTo((RequestStatus.Closed, Outcome.Superseded, (DateTimeOffset?)Supersession.At)));
        Assert.That(old.AcknowledgedAt, Is.Null);
        Assert.That((await Request("q-tco")).Status, Is.EqualTo(RequestStatus.Pending));

        var closed = (await Eventually.Until(() => Task.FromResult(_liaison.Published<RequestClosed>()), l => l.Count == 1, "RequestClosed")).Single();
        Assert.That((closed.RequestId, closed.Outcome, closed.ClosedAt), Is.EqualTo(("q-dsa", Outcome.Superseded, Supersession.At)));

        var notice = (await _liaison.Deliveries()).Single(d => d.Event == WebhookEvent.RequestSuperseded);
        Assert.That(notice.RequestId, Is.EqualTo("q-dsa"));
        using var body = JsonDocument.Parse(notice.Body);
        Assert.That(body.RootElement.GetProperty("event").GetString(), Is.EqualTo("request_superseded"));
        Assert.That(body.RootElement.GetProperty("request").GetProperty("status").GetString(), Is.EqualTo("closed"));
        var by = body.RootElement.GetProperty("supersededBy");
        Assert.That((by.GetProperty("id").GetString(), by.GetProperty("reference").GetString(), by.GetProperty("legalBasis").GetString()),
            Is.EqualTo(("q-tco", "PHR-2026-00000002", LegalBasis.TcoRemovalOrder)));
    }

    [Test]
    public async Task A_request_the_platform_closed_first_keeps_its_outcome()
    {
        await _liaison.Deliver(Supersession.Dsa());
        await _liaison.Deliver(Supersession.Tco());
        await using (var uow = await _liaison.Database.BeginAsync())
        {
            await uow.ExecuteAsync("UPDATE requests SET status = 'closed', outcome = 'removed', closed_at = @At WHERE id = 'q-dsa'", new { At = Supersession.T0.AddMinutes(5) });
            await uow.CommitAsync();
        }

        await _liaison.Deliver(Supersession.Superseded());
        await _liaison.DispatchOutbox();

        Assert.That((await Request("q-dsa")).Outcome, Is.EqualTo(Outcome.Removed));
        Assert.That(_liaison.Published<RequestClosed>(), Is.Empty);
        Assert.That((await _liaison.Deliveries()).Where(d => d.Event == WebhookEvent.RequestSuperseded), Is.Empty);
    }
}

[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_escalation_hears_a_request_is_superseded(DatabaseProvider store)
{
    [Test]
    public async Task Its_clock_stops_fires_nothing_more_and_is_neither_met_nor_missed()
    {
        await using var escalation = await ServiceBed<EscalationDatabase>.StartAsync(
            (provider, connection, synchronous) => new EscalationDatabase(provider, connection, synchronous),
            x =>
            {
                x.AddConsumer<EscalationConsumers.StartClockConsumer>();
                x.AddConsumer<EscalationConsumers.StopClockConsumer>();
            }, store: store);
        var dsa = Supersession.Dsa();
        await escalation.Deliver(dsa);

        await escalation.Deliver(new RequestClosed(dsa.RequestId, "x", dsa.NormalizedUrl, Outcome.Superseded, null, null,
            Supersession.At, Supersession.At, Supersession.At, dsa.AcknowledgeBy, dsa.ActBy, "system:routing", TimeSpan.Zero));
        await escalation.DispatchOutbox();

        await using var connection = await escalation.Database.OpenAsync();
        var clock = await connection.QuerySingleAsync<(string Sla, string Outcome, long? NextDueAt, long? AcknowledgedAt)>(
            "SELECT sla, outcome, next_due_at, acknowledged_at FROM deadline_clocks WHERE request_id = @RequestId", new { dsa.RequestId });
        Assert.That(clock, Is.EqualTo((Sla.OnTime, Outcome.Superseded, (long?)null, (long?)null)));
        Assert.That(escalation.Published<RequestDeadlineSettled>(), Is.Empty, "neither met nor missed");
    }
}

[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_intake_hears_a_request_is_superseded(DatabaseProvider store)
{
    private ServiceBed<IntakeDatabase> _intake = null!;

    [SetUp]
    public async Task Start()
    {
        _intake = await ServiceBed<IntakeDatabase>.StartAsync(
            (provider, connection, synchronous) => new IntakeDatabase(provider, connection, synchronous),
            x =>
            {
                x.AddConsumer<IntakeConsumers.RequestIssuedConsumer>();
                x.AddConsumer<IntakeConsumers.ReportDuplicateConsumer>();
                x.AddConsumer<IntakeConsumers.RequestSupersededConsumer>();
                x.AddConsumer<IntakeConsumers.RequestClosedConsumer>();
            }, store: store);
        await using var uow = await _intake.Database.BeginAsync();
        foreach (var (id, category) in new[] { ("r1", Category.HateSpeech), ("r2", Category.Terrorism), ("r3", Category.Other), ("r4", Category.Other) })
            await uow.ExecuteAsync(_intake.Database.Sql.InsertReport, new ReportRow
            {
                Id = id, Url = "https://x.com/a", Category = category, Description = "d", Status = ReportStatus.Received,
                ReceivedAt = Supersession.T0, FiledBy = "analyst:a",
            });
        await uow.CommitAsync();
    }

    [TearDown]
    public async Task Stop() => await _intake.DisposeAsync();

    private async Task<ReportRow> Report(string id)
    {
        await using var connection = await _intake.Database.OpenAsync();
        return await connection.QuerySingleAsync<ReportRow>(_intake.Database.Sql.SelectReport, new { Id = id });
    }

    private async Task<List<(string Event, string? Detail)>> Timeline(string reportId)
    {
        await using var connection = await _intake.Database.OpenAsync();
        return (await connection.QueryAsync<(string, string?)>("SELECT event, detail FROM timeline WHERE report_id = @reportId ORDER BY at, id", new { reportId })).ToList();
    }

    [Test]
    public async Task Every_report_of_the_old_request_shows_the_new_one_and_its_timeline_says_so()
    {
        await _intake.Deliver(Supersession.Dsa("r1"));
        await _intake.Deliver(new ReportDuplicate("r3", "r1", "q-dsa", "https://x.com/a", Supersession.T0.AddMinutes(1)));
        await _intake.Deliver(Supersession.Superseded());
        Assert.That(_intake.Faulted<RequestSuperseded>(), Is.True, "waits for the new request");

        await _intake.Deliver(Supersession.Tco("r2"));
        await _intake.Deliver(Supersession.Superseded());
        // PlatformLiaison's closing of the old request adds nothing: Intake had it from Routing.
        await _intake.Deliver(new RequestClosed("q-dsa", "x", "https://x.com/a", Outcome.Superseded, null, null,
            Supersession.At, Supersession.At, Supersession.At, Supersession.T0.AddHours(24), Supersession.T0.AddHours(72), "system:routing", TimeSpan.Zero));

        foreach (var id in new[] { "r1", "r2", "r3" })
        {
            var report = await Report(id);
            Assert.That((report.ProjectedRequestId, report.Reference, report.LegalBasis, report.RequestStatus),
                Is.EqualTo(("q-tco", "PHR-2026-00000002", LegalBasis.TcoRemovalOrder, RequestStatus.Pending)), id);
        }
        Assert.That((await Report("r3")).Status, Is.EqualTo(ReportStatus.Duplicate));
        foreach (var id in new[] { "r1", "r3" })
        {
            var timeline = await Timeline(id);
            Assert.That(timeline, Does.Contain((TimelineEvent.RequestClosed,
                (string?)"superseded by PHR-2026-00000002 (tco_removal_order), a stricter request for the same content")), id);
            Assert.That(timeline, Does.Contain((TimelineEvent.RequestIssued, (string?)"PHR-2026-00000002 (tco_removal_order) replaces PHR-2026-00000001")), id);
            Assert.That(timeline.Count(e => e.Event == TimelineEvent.RequestClosed), Is.EqualTo(1), id);
        }
        Assert.That((await Timeline("r2")).Select(e => e.Event), Is.EqualTo(new[] { "report_routed", "request_issued" }));

        await using var connection = await _intake.Database.OpenAsync();
        var old = await connection.QuerySingleAsync<(string Status, string Outcome, long ClosedAt, string SupersededBy)>(
            "SELECT status, outcome, closed_at, superseded_by FROM requests WHERE id = 'q-dsa'");
        Assert.That(old, Is.EqualTo((RequestStatus.Closed, Outcome.Superseded, Supersession.At.ToUnixTimeMilliseconds(), "q-tco")));
        Assert.That(await connection.ExecuteScalarAsync<string?>("SELECT acknowledged_at FROM requests WHERE id = 'q-dsa'"), Is.Null);
    }

    [Test]
    public async Task A_duplicate_of_the_old_request_projected_after_the_supersession_shows_the_new_one()
    {
        await _intake.Deliver(Supersession.Dsa("r1"));
        await _intake.Deliver(Supersession.Tco("r2"));
        await _intake.Deliver(Supersession.Superseded());

        // Decided before the supersession, arrived after it.
        await _intake.Deliver(new ReportDuplicate("r4", "r1", "q-dsa", "https://x.com/a", Supersession.T0.AddMinutes(5)));

        var report = await Report("r4");
        Assert.That((report.Status, report.DuplicateOf, report.ProjectedRequestId), Is.EqualTo((ReportStatus.Duplicate, "r1", "q-tco")));
    }
}
