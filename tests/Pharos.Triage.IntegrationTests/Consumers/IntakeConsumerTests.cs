using Dapper;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Intake.Consumers;
using Pharos.Triage.Intake.Data;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Consumers;

[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_intake_projects_lifecycle_events(DatabaseProvider store)
{
    private ServiceBed<IntakeDatabase> _intake = null!;
    private static readonly DateTimeOffset T0 = PharosApp.Start;

    [SetUp]
    public async Task Start()
    {
        _intake = await ServiceBed<IntakeDatabase>.StartAsync(
            (provider, connection, synchronous) => new IntakeDatabase(provider, connection, synchronous),
            x =>
            {
                x.AddConsumer<RequestIssuedConsumer>();
                x.AddConsumer<ReportDuplicateConsumer>();
                x.AddConsumer<ReportForwardedConsumer>();
                x.AddConsumer<RequestAcknowledgedConsumer>();
                x.AddConsumer<RequestClosedConsumer>();
                x.AddConsumer<RequestDeadlineSettledConsumer>();
            }, store: store);
        await using var uow = await _intake.Database.BeginAsync();
        foreach (var id in new[] { "r1", "r2", "r3" })
            await uow.ExecuteAsync(_intake.Database.Sql.InsertReport, new ReportRow
            {
                Id = id, Url = "https://x.com/a", Category = Category.Terrorism, Description = "d", Status = ReportStatus.Received,
                ReceivedAt = T0, FiledBy = "analyst:a",
            });
        await uow.CommitAsync();
    }

    [TearDown]
    public async Task Stop() => await _intake.DisposeAsync();

    private static RequestIssued Issued(string reportId = "r1", string requestId = "q1") =>
        new(requestId, "PHR-2026-000001", reportId, "x", "X", "https://x.com/a", "https://x.com/a", Category.Terrorism,
            LegalBasis.TcoRemovalOrder, "d", null, T0, T0.AddHours(1), T0.AddHours(1), T0.AddHours(2), T0.AddMinutes(30), T0.AddMinutes(30));

    private async Task<List<string>> Timeline(string reportId)
    {
        await using var connection = await _intake.Database.OpenAsync();
        return (await connection.QueryAsync<string>("SELECT event FROM timeline WHERE report_id = @reportId ORDER BY at, id", new { reportId })).ToList();
    }

    private async Task<ReportRow> Report(string id)
    {
        await using var connection = await _intake.Database.OpenAsync();
        return await connection.QuerySingleAsync<ReportRow>(_intake.Database.Sql.SelectReport, new { Id = id });
    }

    [Test]
    public async Task An_issued_request_routes_the_report()
    {
        await _intake.Deliver(Issued());
        var report = await Report("r1");
        Assert.That((report.Status, report.PlatformId, report.RequestId, report.Reference), Is.EqualTo(("routed", "x", "q1", "PHR-2026-000001")));
        Assert.That(report.ActBy, Is.EqualTo(T0.AddHours(1)));
        Assert.That(await Timeline("r1"), Is.EqualTo(new[] { "report_routed", "request_issued" }));
    }

    [Test]
    public async Task The_same_event_twice_appends_once_even_under_new_message_ids()
    {
        await _intake.Deliver(Issued());
        await _intake.Deliver(Issued());
        var acknowledged = new RequestAcknowledged("q1", "x", T0.AddMinutes(5), "platform:x");
        await _intake.Deliver(acknowledged);
        await _intake.Deliver(acknowledged);
        Assert.That(await Timeline("r1"), Is.EqualTo(new[] { "report_routed", "request_issued", "request_acknowledged" }));
    }

    [Test]
    public async Task An_event_that_overtakes_the_issue_fails_and_changes_nothing_until_the_issue_arrives()
    {
        var acknowledged = new RequestAcknowledged("q1", "x", T0.AddMinutes(5), "platform:x");
        var messageId = Guid.NewGuid();
        await _intake.Deliver(acknowledged, messageId);
        Assert.That(_intake.Faulted<RequestAcknowledged>(), Is.True, "retried later by the bus");
        Assert.That(await _intake.Count("SELECT COUNT(*) FROM inbox"), Is.Zero, "a failed handling records nothing");

        await _intake.Deliver(Issued());
        await _intake.Deliver(acknowledged, messageId); // the bus's retry
        var report = await Report("r1");
        Assert.That((report.RequestStatus, report.AcknowledgedAt), Is.EqualTo(("acknowledged", (DateTimeOffset?)T0.AddMinutes(5))));
    }

    [Test]
    public async Task Request_events_reach_every_report_that_shares_the_request()
    {
        await _intake.Deliver(Issued());
        await _intake.Deliver(new ReportDuplicate("r2", "r1", "q1", "https://x.com/a", T0.AddMinutes(1)));
        await _intake.Deliver(new RequestClosed("q1", "x", "https://x.com/a", Outcome.Removed, null, "T-1", T0.AddMinutes(9),
            T0.AddMinutes(9), T0.AddMinutes(10), T0.AddHours(1), T0.AddHours(1), "platform:x", TimeSpan.Zero));
        await _intake.Deliver(new RequestDeadlineSettled("q1", "x", Sla.Met, T0.AddMinutes(10)));

        var duplicate = await Report("r2");
        Assert.That((duplicate.Status, duplicate.DuplicateOf, duplicate.RequestStatus, duplicate.Sla, duplicate.PlatformId),
            Is.EqualTo(("duplicate", "r1", "closed", "met", "x")));
        Assert.That(await Timeline("r2"), Is.EqualTo(new[] { "duplicate_linked", "request_closed" }));
        Assert.That(await Timeline("r1"), Is.EqualTo(new[] { "report_routed", "request_issued", "request_closed" }));
    }

    [Test]
    public async Task A_late_acknowledgement_never_reopens_a_closed_request()
    {
        await _intake.Deliver(Issued());
        await _intake.Deliver(new RequestClosed("q1", "x", "https://x.com/a", Outcome.Refused, "legal", null, T0.AddMinutes(2),
            T0.AddMinutes(3), T0.AddMinutes(3), T0.AddHours(1), T0.AddHours(1), "platform:x", TimeSpan.Zero));
        await _intake.Deliver(new RequestAcknowledged("q1", "x", T0.AddMinutes(2), "platform:x"));
        var report = await Report("r1");
        Assert.That((report.RequestStatus, report.Outcome), Is.EqualTo(("closed", "refused")));
    }

    [Test]
    public async Task A_forwarded_report_names_where_it_went()
    {
        await _intake.Deliver(new ReportForwarded("r3", "https://x.com/a", ForwardedTo.FraudService, "fraud", T0));
        var report = await Report("r3");
        Assert.That((report.Status, report.ForwardedTo), Is.EqualTo(("forwarded", "fraud_service")));
        Assert.That(await Timeline("r3"), Is.EqualTo(new[] { "report_forwarded" }));
    }
}

/// <summary>
/// A request's pauses and resumes reach Intake in any order: the request ends acknowledged (so the analyst
/// is not asked to answer a question already answered, nor kept from answering an open one) with the
/// deadlines of the last resume.
/// </summary>
[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_intake_hears_of_two_questions_in_any_order(DatabaseProvider store)
{
    [Test]
    public async Task Every_order_ends_acknowledged_with_the_last_deadlines_and_both_questions_on_the_timeline()
    {
        await using var intake = await ServiceBed<IntakeDatabase>.StartAsync(
            (provider, connection, synchronous) => new IntakeDatabase(provider, connection, synchronous),
            x =>
            {
                x.AddConsumer<RequestIssuedConsumer>();
                x.AddConsumer<ClarificationRequestedConsumer>();
                x.AddConsumer<RequestResumedConsumer>();
            }, store: store);
        var orders = TwoQuestions.EveryOrder().ToList();
        await using (var uow = await intake.Database.BeginAsync())
        {
            for (var n = 0; n < orders.Count; n++)
                await uow.ExecuteAsync(intake.Database.Sql.InsertReport, new ReportRow
                {
                    Id = $"r{n}", Url = "https://x.com/a", Category = Category.Terrorism, Description = "d", Status = ReportStatus.Received,
                    ReceivedAt = PharosApp.Start, FiledBy = "analyst:a",
                });
            await uow.CommitAsync();
        }

        for (var n = 0; n < orders.Count; n++)
        {
            var requestId = $"q{n}";
            await intake.Deliver(TwoQuestions.Issued(requestId, $"r{n}"));
            var facts = TwoQuestions.Facts(requestId);
            var untaken = await TwoQuestions.DeliverAsync(intake, orders[n].Select(i => facts[i]));
            untaken.AddRange(await TwoQuestions.DeliverAsync(intake, facts));

            var order = TwoQuestions.Describe(orders[n]);
            Assert.That(untaken, Is.Empty, order);
            await using var connection = await intake.Database.OpenAsync();
            var (status, question, actBy) = await connection.QuerySingleAsync<(string, int, long)>(
                "SELECT status, question, act_by FROM requests WHERE id = @requestId", new { requestId });
            Assert.That((status, question, actBy), Is.EqualTo((RequestStatus.Acknowledged, 2, TwoQuestions.FinalActBy.ToUnixTimeMilliseconds())), order);
            Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM timeline WHERE report_id = @reportId AND event = 'clarification_requested'",
                new { reportId = $"r{n}" }), Is.EqualTo(2), order);
        }
    }
}
