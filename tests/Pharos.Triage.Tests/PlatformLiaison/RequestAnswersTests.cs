using System.Reflection;
using Pharos.Triage.Contracts;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Lifecycle;

namespace Pharos.Triage.Tests.PlatformLiaison;

internal static class Requests
{
    public static readonly DateTimeOffset IssuedAt = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    public static RequestRow Pending() => new()
    {
        Id = "request-1",
        Reference = "PHR-2026-000123",
        ReportId = "report-1",
        PlatformId = "x",
        Url = "https://x.com/someone/status/1?utm_source=share",
        NormalizedUrl = "https://x.com/someone/status/1",
        Category = Category.Terrorism,
        LegalBasis = LegalBasis.TcoRemovalOrder,
        Reasons = "terrorist propaganda",
        IssuedAt = IssuedAt,
        AcknowledgeBy = IssuedAt.AddHours(1),
        ActBy = IssuedAt.AddHours(1),
        UnansweredAt = IssuedAt.AddHours(2),
        AcknowledgeReminderAt = IssuedAt.AddMinutes(30),
        ActReminderAt = IssuedAt.AddMinutes(30),
        Status = RequestStatus.Pending,
    };

    /// <summary>Every property's value, to show that a refused answer changed nothing.</summary>
    public static Dictionary<string, object?> Snapshot(RequestRow row) =>
        typeof(RequestRow).GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(p => p.Name, p => p.GetValue(row));
}

public class When_a_platform_acknowledges_a_request
{
    private const string Actor = "platform:x";

    [Test]
    public void The_first_acknowledgement_is_recorded_and_announced()
    {
        var request = Requests.Pending();
        var at = Requests.IssuedAt.AddMinutes(20);

        var messages = RequestAnswers.Acknowledge(request, at, Actor);

        Assert.That(messages, Is.EqualTo(new object[] { new RequestAcknowledged("request-1", "x", at, Actor) }));
        Assert.That(request.AcknowledgedAt, Is.EqualTo(at));
        Assert.That(request.Status, Is.EqualTo(RequestStatus.Acknowledged));
    }

    [Test]
    public void A_second_acknowledgement_announces_nothing_and_keeps_the_first_time()
    {
        var request = Requests.Pending();
        var first = Requests.IssuedAt.AddMinutes(20);
        RequestAnswers.Acknowledge(request, first, Actor);

        var messages = RequestAnswers.Acknowledge(request, first.AddMinutes(5), Actor);

        Assert.That(messages, Is.Not.Null.And.Empty);
        Assert.That(request.AcknowledgedAt, Is.EqualTo(first));
        Assert.That(request.Status, Is.EqualTo(RequestStatus.Acknowledged));
    }

    [Test]
    public void Acknowledging_a_closed_request_announces_nothing_and_changes_nothing()
    {
        var request = Requests.Pending();
        RequestAnswers.RecordOutcome(request, Outcome.Removed, null, null, Requests.IssuedAt.AddMinutes(30), Requests.IssuedAt.AddMinutes(30), Actor);
        var before = Requests.Snapshot(request);

        var messages = RequestAnswers.Acknowledge(request, Requests.IssuedAt.AddHours(2), Actor);

        Assert.That(messages, Is.Not.Null.And.Empty);
        Assert.That(Requests.Snapshot(request), Is.EqualTo(before));
    }
}

public class When_a_platform_reports_an_outcome
{
    private const string Actor = "platform:x";
    private static readonly DateTimeOffset ActedAt = Requests.IssuedAt.AddMinutes(40);
    private static readonly DateTimeOffset Now = Requests.IssuedAt.AddMinutes(45);

    [TestCase(Outcome.Removed, null)]
    [TestCase(Outcome.GeoBlocked, null)]
    [TestCase(Outcome.NotFound, null)]
    [TestCase(Outcome.Refused, "not illegal in our terms")]
    public void An_outcome_on_a_pending_request_acknowledges_then_closes_it(string outcome, string? reason)
    {
        var request = Requests.Pending();

        var messages = RequestAnswers.RecordOutcome(request, outcome, reason, "TKT-42", ActedAt, Now, Actor);

        Assert.That(messages, Is.EqualTo(new object[]
        {
            new RequestAcknowledged("request-1", "x", Now, Actor),
            new RequestClosed("request-1", "x", "https://x.com/someone/status/1", outcome, reason, "TKT-42",
                AcknowledgedAt: Now, ActedAt: ActedAt, ClosedAt: Now,
                AcknowledgeBy: Requests.IssuedAt.AddHours(1), ActBy: Requests.IssuedAt.AddHours(1), Actor, Paused: TimeSpan.Zero),
        }));
        Assert.That(request.Status, Is.EqualTo(RequestStatus.Closed));
        Assert.That(request.AcknowledgedAt, Is.EqualTo(Now));
        Assert.That(request.Outcome, Is.EqualTo(outcome));
        Assert.That(request.OutcomeReason, Is.EqualTo(reason));
        Assert.That(request.PlatformTicket, Is.EqualTo("TKT-42"));
        Assert.That(request.ActedAt, Is.EqualTo(ActedAt));
        Assert.That(request.ClosedAt, Is.EqualTo(Now));
    }

    [Test]
    public void An_outcome_on_an_acknowledged_request_keeps_the_acknowledgement()
    {
        var request = Requests.Pending();
        var acknowledgedAt = Requests.IssuedAt.AddMinutes(5);
        RequestAnswers.Acknowledge(request, acknowledgedAt, Actor);

        var messages = RequestAnswers.RecordOutcome(request, Outcome.Removed, null, null, ActedAt, Now, Actor);

        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.That(messages![0], Is.InstanceOf<RequestClosed>().With.Property(nameof(RequestClosed.AcknowledgedAt)).EqualTo(acknowledgedAt));
        Assert.That(request.AcknowledgedAt, Is.EqualTo(acknowledgedAt));
    }

    [TestCase(Outcome.Removed)]
    [TestCase(Outcome.Refused)]
    [TestCase(Outcome.ClarificationRequested)]
    public void An_outcome_on_a_closed_request_is_refused_and_changes_nothing(string outcome)
    {
        var request = Requests.Pending();
        RequestAnswers.RecordOutcome(request, Outcome.Removed, null, "TKT-1", ActedAt, Now, Actor);
        var before = Requests.Snapshot(request);

        var messages = RequestAnswers.RecordOutcome(request, outcome, "again", "TKT-2", Now.AddHours(1), Now.AddHours(1), Actor);

        Assert.That(messages, Is.Null);
        Assert.That(Requests.Snapshot(request), Is.EqualTo(before));
    }

    [Test]
    public void A_question_on_a_pending_request_acknowledges_it_and_pauses_it()
    {
        var request = Requests.Pending();

        var messages = RequestAnswers.RecordOutcome(request, Outcome.ClarificationRequested, "Which video of the thread?", null, ActedAt, Now, Actor);

        Assert.That(messages, Is.EqualTo(new object[]
        {
            new RequestAcknowledged("request-1", "x", Now, Actor),
            new ClarificationRequested("request-1", "x", "Which video of the thread?", Now, Actor, 1),
        }));
        Assert.That(request.Status, Is.EqualTo(RequestStatus.ClarificationRequested));
        Assert.That(request.ClarificationQuestion, Is.EqualTo("Which video of the thread?"));
        Assert.That(request.ClarificationRequestedAt, Is.EqualTo(Now));
        Assert.That(request.ClosedAt, Is.Null);
        Assert.That(request.Outcome, Is.Null);
    }
}

public class When_the_analyst_answers_a_clarification
{
    private const string Actor = "platform:x";
    private static readonly DateTimeOffset AskedAt = Requests.IssuedAt.AddMinutes(10);

    private static RequestRow Asked()
    {
        var request = Requests.Pending();
        RequestAnswers.RecordOutcome(request, Outcome.ClarificationRequested, "Which video of the thread?", null, AskedAt, AskedAt, Actor);
        return request;
    }

    [Test]
    public void Two_hours_later_the_deadline_moves_by_exactly_two_hours()
    {
        var request = Asked();
        var acknowledgeBy = request.AcknowledgeBy;
        var answeredAt = AskedAt.AddHours(2);

        var messages = RequestAnswers.AnswerClarification(request, "The second one, at 00:42.", answeredAt, 1);

        Assert.That(request.ActBy, Is.EqualTo(Requests.IssuedAt.AddHours(1).AddHours(2)));
        Assert.That(request.PausedMs, Is.EqualTo(7_200_000));
        Assert.That(request.Status, Is.EqualTo(RequestStatus.Acknowledged));
        Assert.That(request.ClarificationAnswer, Is.EqualTo("The second one, at 00:42."));
        // Asking acknowledged the request, so acknowledge-by is past its use and does not move.
        Assert.That(request.AcknowledgeBy, Is.EqualTo(acknowledgeBy));
        Assert.That(messages, Is.EqualTo(new object[]
        {
            new RequestResumed("request-1", "x", 1, RequestStatus.Acknowledged, TimeSpan.FromHours(2),
                acknowledgeBy, Requests.IssuedAt.AddHours(3), Requests.IssuedAt.AddHours(4), Requests.IssuedAt.AddMinutes(30),
                Requests.IssuedAt.AddMinutes(150), answeredAt),
        }));
    }

    [Test]
    public void Closing_while_the_question_waits_ends_the_pause_and_moves_the_deadline()
    {
        // Asked at 10:10, no answer, removed at 12:00: 1 h 50 paused, so act-by moves from 11:00 to 12:50.
        var request = Asked();
        var closedAt = Requests.IssuedAt.AddHours(2);

        var messages = RequestAnswers.RecordOutcome(request, Outcome.Removed, null, null, closedAt, closedAt, Actor);

        Assert.That(request.ActBy, Is.EqualTo(Requests.IssuedAt.AddHours(2).AddMinutes(50)));
        Assert.That(request.PausedMs, Is.EqualTo(110 * 60_000));
        var closed = messages!.OfType<RequestClosed>().Single();
        Assert.That(closed.ActBy, Is.EqualTo(request.ActBy), "Escalation settles against the moved deadline");
        Assert.That(closed.Paused, Is.EqualTo(TimeSpan.FromMinutes(110)), "and takes the time paused in all");
        Assert.That(closed.ActedAt, Is.LessThanOrEqualTo(closed.ActBy));
    }

    [Test]
    public void A_second_pause_adds_to_the_first()
    {
        var request = Asked();
        RequestAnswers.AnswerClarification(request, "The second one.", AskedAt.AddHours(2), 1);
        var askedAgainAt = AskedAt.AddHours(2).AddMinutes(5);
        var asked = RequestAnswers.RecordOutcome(request, Outcome.ClarificationRequested, "Which account?", null, askedAgainAt, askedAgainAt, Actor);

        var resumed = RequestAnswers.AnswerClarification(request, "@someone", askedAgainAt.AddMinutes(30), 2);

        Assert.That(asked!.OfType<ClarificationRequested>().Single().QuestionNumber, Is.EqualTo(2));
        Assert.That(resumed!.OfType<RequestResumed>().Single().QuestionNumber, Is.EqualTo(2));
        Assert.That(request.PausedMs, Is.EqualTo(7_200_000 + 1_800_000));
        Assert.That(request.ActBy, Is.EqualTo(Requests.IssuedAt.AddHours(1).AddHours(2).AddMinutes(30)));
        Assert.That(request.UnansweredAt, Is.EqualTo(Requests.IssuedAt.AddHours(2).AddHours(2).AddMinutes(30)));
    }

    [Test]
    public void An_answer_to_the_first_question_never_answers_the_second()
    {
        // The analyst's answer to question 1 sent twice: the copy that arrives after question 2 was asked moves nothing.
        var request = Asked();
        RequestAnswers.AnswerClarification(request, "The second one.", AskedAt.AddHours(2), 1);
        var askedAgainAt = AskedAt.AddHours(2).AddMinutes(5);
        RequestAnswers.RecordOutcome(request, Outcome.ClarificationRequested, "Which account?", null, askedAgainAt, askedAgainAt, Actor);
        var before = Requests.Snapshot(request);

        var messages = RequestAnswers.AnswerClarification(request, "The second one.", askedAgainAt.AddMinutes(1), 1);

        Assert.That(messages, Is.Null);
        Assert.That(Requests.Snapshot(request), Is.EqualTo(before));
        Assert.That(request.Status, Is.EqualTo(RequestStatus.ClarificationRequested));
    }

    [TestCase(RequestStatus.Pending)]
    [TestCase(RequestStatus.Acknowledged)]
    [TestCase(RequestStatus.Closed)]
    public void An_answer_to_no_question_is_refused_and_changes_nothing(string status)
    {
        var request = Requests.Pending();
        request.Status = status;
        var before = Requests.Snapshot(request);

        var messages = RequestAnswers.AnswerClarification(request, "an answer", AskedAt.AddHours(2), 1);

        Assert.That(messages, Is.Null);
        Assert.That(Requests.Snapshot(request), Is.EqualTo(before));
    }
}

public class When_a_stricter_request_supersedes_a_request
{
    private static readonly DateTimeOffset At = Requests.IssuedAt.AddMinutes(40);

    private static RequestSuperseded Superseded() =>
        new("request-1", "x", "request-2", "PHR-2026-00000124", LegalBasis.TcoRemovalOrder, At);

    [TestCase(RequestStatus.Pending)]
    [TestCase(RequestStatus.Acknowledged)]
    public void The_system_closes_it_as_superseded_and_says_so(string status)
    {
        var request = Requests.Pending();
        request.Status = status;
        if (status == RequestStatus.Acknowledged) request.AcknowledgedAt = Requests.IssuedAt.AddMinutes(5);

        var messages = RequestAnswers.Supersede(request, Superseded());

        Assert.That((request.Status, request.Outcome, request.ClosedAt), Is.EqualTo((RequestStatus.Closed, Outcome.Superseded, (DateTimeOffset?)At)));
        Assert.That(request.ActedAt, Is.Null, "nothing was acted on the platform's behalf");
        Assert.That(request.OutcomeReason, Is.Null);
        var closed = (RequestClosed)messages!.Single();
        Assert.That((closed.RequestId, closed.Outcome, closed.ClosedAt, closed.Actor),
            Is.EqualTo(("request-1", Outcome.Superseded, At, RequestAnswers.SupersedingActor)));
        Assert.That(closed.AcknowledgedAt, Is.EqualTo(request.AcknowledgedAt ?? At));
    }

    [Test]
    public void A_request_waiting_for_an_answer_ends_its_pause()
    {
        var request = Requests.Pending();
        RequestAnswers.RecordOutcome(request, Outcome.ClarificationRequested, "Which post?", null, Requests.IssuedAt.AddMinutes(10),
            Requests.IssuedAt.AddMinutes(10), "platform:x");

        var messages = RequestAnswers.Supersede(request, Superseded());

        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.That(request.Status, Is.EqualTo(RequestStatus.Closed));
        Assert.That(request.PausedMs, Is.EqualTo(30 * 60_000));
    }

    [Test]
    public void A_closed_request_stays_as_it_closed()
    {
        var request = Requests.Pending();
        RequestAnswers.RecordOutcome(request, Outcome.Removed, null, "T-1", Requests.IssuedAt.AddMinutes(20), Requests.IssuedAt.AddMinutes(20), "platform:x");
        var before = Requests.Snapshot(request);

        Assert.That(RequestAnswers.Supersede(request, Superseded()), Is.Null);
        Assert.That(Requests.Snapshot(request), Is.EqualTo(before));
    }
}
