using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation;
using Pharos.Triage.Escalation.Consumers;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Escalation.Sweeps;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.PlatformLiaison.Consumers;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.IntegrationTests.Consumers;

[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_platform_liaison_consumes_requests(DatabaseProvider store)
{
    private static readonly DateTimeOffset T0 = PharosApp.Start;

    [Test]
    public async Task An_issued_request_is_stored_once_and_an_answer_resumes_it()
    {
        await using var liaison = await ServiceBed<LiaisonDatabase>.StartAsync(
            (provider, connection, synchronous) => new LiaisonDatabase(provider, connection, synchronous),
            x =>
            {
                x.AddConsumer<RequestIssuedConsumer>();
                x.AddConsumer<ClarificationAnsweredConsumer>();
            },
            // No webhook configured: the issue is announced to nobody, but the consumer asks.
            services => services.AddSingleton<PlatformWebhooks>(), store: store);
        var issued = new RequestIssued("q1", "PHR-2026-000001", "r1", "x", "X", "https://x.com/a", "https://x.com/a", Category.HateSpeech,
            LegalBasis.DsaNotice, "reasons", null, T0, T0.AddHours(24), T0.AddHours(72), T0.AddHours(144), T0.AddHours(12), T0.AddHours(36));

        var answer = new ClarificationAnswered("q1", "r1", "the account", T0.AddHours(3), "analyst:a", 1);
        await liaison.Deliver(answer);
        Assert.That(liaison.Faulted<ClarificationAnswered>(), Is.True, "an answer for an unknown request waits for it");

        await liaison.Deliver(issued);
        await liaison.Deliver(issued);
        Assert.That(await liaison.Count("SELECT COUNT(*) FROM requests"), Is.EqualTo(1));

        await using (var uow = await liaison.Database.BeginAsync())
        {
            await uow.ExecuteAsync("UPDATE requests SET status = 'clarification_requested', acknowledged_at = @At, clarification_requested_at = @At, clarification_question = 'which?', question = 1",
                new { At = T0.AddHours(1) });
            await uow.CommitAsync();
        }
        // Sent by the analyst at 03:00 by Intake's clock, it reaches PlatformLiaison at 03:05 by its own: the
        // pause ends then, when the platform can see the answer.
        liaison.Clock.SetUtcNow(T0.AddHours(3).AddMinutes(5));
        await liaison.Deliver(answer);
        await liaison.DispatchOutbox();
        var resumed = (await Eventually.Until(() => Task.FromResult(liaison.Published<RequestResumed>()), l => l.Count == 1, "RequestResumed")).Single();
        Assert.That((resumed.Status, resumed.Paused, resumed.ActBy), Is.EqualTo(("acknowledged", TimeSpan.FromMinutes(125), T0.AddHours(74).AddMinutes(5))));
        // Every time still running moved by the pause, as one result the other services take.
        Assert.That((resumed.QuestionNumber, resumed.AcknowledgeBy, resumed.UnansweredAt, resumed.AcknowledgeReminderAt, resumed.ActReminderAt),
            Is.EqualTo((1, T0.AddHours(24), T0.AddHours(146).AddMinutes(5), T0.AddHours(12), T0.AddHours(38).AddMinutes(5))));

        await liaison.Deliver(answer with { AnsweredAt = T0.AddHours(4) });
        await liaison.DispatchOutbox();
        Assert.That(liaison.Published<RequestResumed>(), Has.Count.EqualTo(1), "a second answer moves nothing");
    }
}

/// <summary>
/// Routing decides every deadline at issue; Escalation takes them as they come and reads no policy, so a
/// policy changed between the issue and the clock's start (here: Escalation configured otherwise than
/// Routing was) cannot hold one request to two rules.
/// </summary>
[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_the_policy_changes_between_issue_and_clock_start(DatabaseProvider store)
{
    private static readonly DateTimeOffset T0 = PharosApp.Start;

    [Test]
    public async Task The_clock_keeps_the_deadlines_the_request_was_issued_with()
    {
        // Issued under the default TCO policy: act-by +1 h, unanswered +2 h, reminded at +30 min.
        var issued = TwoQuestions.Issued("q1");
        await using var escalation = await ServiceBed<EscalationDatabase>.StartAsync(
            (provider, connection, synchronous) => new EscalationDatabase(provider, connection, synchronous),
            x => x.AddConsumer<StartClockConsumer>(),
            settings: new()
            {
                ["Pharos:Sla:terrorism:AcknowledgeWithin"] = "00:05:00",
                ["Pharos:Sla:terrorism:ActWithin"] = "00:10:00",
                ["Pharos:Sla:terrorism:UnansweredAfter"] = "00:00:01",
            }, store: store);
        await escalation.Deliver(issued);

        await using (var connection = await escalation.Database.OpenAsync())
        {
            var row = await connection.QuerySingleAsync<ClockRow>(escalation.Database.Sql.SelectClock, new { RequestId = "q1" });
            Assert.That((row.AcknowledgeBy, row.ActBy, row.UnansweredDueAt, row.RemindAt, row.ActRemindAt),
                Is.EqualTo((issued.AcknowledgeBy, issued.ActBy, issued.UnansweredAt, issued.AcknowledgeReminderAt, issued.ActReminderAt)));
        }

        // One second past act-by: overdue, not unanswered (the changed policy would have made it so).
        var sweep = new DeadlineSweep(escalation.Database, escalation.Clock, Options.Create(new EscalationOptions()), NullLogger<DeadlineSweep>.Instance);
        escalation.Clock.SetUtcNow(T0.AddHours(1).AddSeconds(1));
        await sweep.SweepOnceAsync();
        Assert.That(await Sla(escalation), Is.EqualTo(Contracts.Sla.Overdue));
        escalation.Clock.SetUtcNow(T0.AddHours(2).AddSeconds(-1));
        await sweep.SweepOnceAsync();
        Assert.That(await Sla(escalation), Is.EqualTo(Contracts.Sla.Overdue));
        escalation.Clock.SetUtcNow(T0.AddHours(2));
        await sweep.SweepOnceAsync();
        Assert.That(await Sla(escalation), Is.EqualTo(Contracts.Sla.Unanswered));
    }

    private static async Task<string> Sla(ServiceBed<EscalationDatabase> bed)
    {
        await using var connection = await bed.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT sla FROM deadline_clocks WHERE request_id = 'q1'") ?? "";
    }
}

/// <summary>
/// The outbox publishes a batch at once and each consumer has its own queue, so a request's pauses and
/// resumes reach Escalation in any order: the clock ends as if they had come in order.
/// </summary>
[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_escalation_hears_of_two_questions_in_any_order(DatabaseProvider store)
{
    [Test]
    public async Task Every_order_ends_with_the_clock_running_and_its_deadlines_moved_by_exactly_the_paused_time()
    {
        await using var escalation = await ServiceBed<EscalationDatabase>.StartAsync(
            (provider, connection, synchronous) => new EscalationDatabase(provider, connection, synchronous),
            x =>
            {
                x.AddConsumer<StartClockConsumer>();
                x.AddConsumer<PauseClockConsumer>();
                x.AddConsumer<ResumeClockConsumer>();
            }, store: store);
        var orders = TwoQuestions.EveryOrder().ToList();
        for (var n = 0; n < orders.Count; n++)
        {
            var requestId = $"q{n}";
            await escalation.Deliver(TwoQuestions.Issued(requestId));
            var facts = TwoQuestions.Facts(requestId);
            var untaken = await TwoQuestions.DeliverAsync(escalation, orders[n].Select(i => facts[i]));
            // Late copies of every fact, under new message ids, change nothing.
            untaken.AddRange(await TwoQuestions.DeliverAsync(escalation, facts));

            var order = TwoQuestions.Describe(orders[n]);
            Assert.That(untaken, Is.Empty, order);
            await using var connection = await escalation.Database.OpenAsync();
            var row = await connection.QuerySingleAsync<ClockRow>(escalation.Database.Sql.SelectClock, new { RequestId = requestId });
            Assert.That((row.PausedAt, row.PausedMs, row.Question, row.Clarifications), Is.EqualTo(((DateTimeOffset?)null, TwoQuestions.PausedMs, 2, 2)), order);
            Assert.That((row.ActBy, row.UnansweredDueAt, row.ActRemindAt, row.NextDueAt),
                Is.EqualTo((TwoQuestions.FinalActBy, TwoQuestions.FinalUnansweredAt, TwoQuestions.FinalActReminderAt, (DateTimeOffset?)TwoQuestions.FinalActReminderAt)), order);
        }
    }
}

[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_escalation_keeps_deadline_clocks(DatabaseProvider store)
{
    private static readonly DateTimeOffset T0 = PharosApp.Start;
    private ServiceBed<EscalationDatabase> _escalation = null!;

    [SetUp]
    public async Task Start() => _escalation = await ServiceBed<EscalationDatabase>.StartAsync(
        (provider, connection, synchronous) => new EscalationDatabase(provider, connection, synchronous),
        x =>
        {
            x.AddConsumer<StartClockConsumer>();
            x.AddConsumer<AcknowledgedClockConsumer>();
            x.AddConsumer<PauseClockConsumer>();
            x.AddConsumer<ResumeClockConsumer>();
            x.AddConsumer<StopClockConsumer>();
        }, store: store);

    [TearDown]
    public async Task Stop() => await _escalation.DisposeAsync();

    private static RequestIssued Issued() => new("q1", "PHR-2026-000001", "r1", "x", "X", "https://x.com/a", "https://x.com/a",
        Category.Terrorism, LegalBasis.TcoRemovalOrder, "reasons", null, T0, T0.AddHours(1), T0.AddHours(1), T0.AddHours(2), T0.AddMinutes(30), T0.AddMinutes(30));

    private static RequestClosed Closed(DateTimeOffset actedAt) => new("q1", "x", "https://x.com/a", Outcome.Removed, null, null,
        T0.AddMinutes(10), actedAt, actedAt, T0.AddHours(1), T0.AddHours(1), "platform:x", TimeSpan.Zero);

    [TestCase(59, "met")]
    [TestCase(60, "met")]
    [TestCase(61, "missed")]
    public async Task Closing_settles_the_deadline_once(int actedAfterMinutes, string sla)
    {
        await _escalation.Deliver(Issued());
        await _escalation.Deliver(Closed(T0.AddMinutes(actedAfterMinutes)));
        await _escalation.Deliver(Closed(T0.AddMinutes(actedAfterMinutes)));
        await _escalation.DispatchOutbox();

        var settled = await Eventually.Until(() => Task.FromResult(_escalation.Published<RequestDeadlineSettled>()), l => l.Count >= 1, "settlement");
        Assert.That(settled.Single().Sla, Is.EqualTo(sla));
        await using var connection = await _escalation.Database.OpenAsync();
        Assert.That(await connection.ExecuteScalarAsync<string>("SELECT sla FROM deadline_clocks WHERE request_id = 'q1'"), Is.EqualTo(sla));
    }

    [Test]
    public async Task A_resume_that_overtakes_its_pause_waits_for_it()
    {
        await _escalation.Deliver(Issued());
        var resumed = new RequestResumed("q1", "x", 1, RequestStatus.Acknowledged, TimeSpan.FromMinutes(30), T0.AddHours(1), T0.AddMinutes(90),
            T0.AddMinutes(150), T0.AddMinutes(30), T0.AddMinutes(60), T0.AddMinutes(40));
        var id = Guid.NewGuid();
        await _escalation.Deliver(resumed, id);
        Assert.That(_escalation.Faulted<RequestResumed>(), Is.True);

        await _escalation.Deliver(new ClarificationRequested("q1", "x", "which?", T0.AddMinutes(10), "platform:x", 1));
        await _escalation.Deliver(resumed, id);
        await using var connection = await _escalation.Database.OpenAsync();
        var row = await connection.QuerySingleAsync<ClockRow>(_escalation.Database.Sql.SelectClock, new { RequestId = "q1" });
        Assert.That((row.ActBy, row.PausedMs, row.PausedAt), Is.EqualTo((T0.AddMinutes(90), 30L * 60_000, (DateTimeOffset?)null)));
    }
}
