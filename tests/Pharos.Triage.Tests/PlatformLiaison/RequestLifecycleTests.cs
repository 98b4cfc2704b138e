using RequestStatus = Pharos.Triage.Contracts.RequestStatus;
using Pharos.Triage.PlatformLiaison.Lifecycle;
using static Pharos.Triage.Contracts.RequestStatus;

namespace Pharos.Triage.Tests.PlatformLiaison;

public class When_a_trigger_meets_a_request
{
    private const string Refused = "(refused)";

    // Written out from DOMAIN.md and API.md, not read from RequestLifecycle.Transitions.
    private static readonly (string From, RequestTrigger Trigger, string To)[] Table =
    [
        (Pending, RequestTrigger.Acknowledge, Acknowledged),
        (Acknowledged, RequestTrigger.Acknowledge, Acknowledged),
        (ClarificationRequested, RequestTrigger.Acknowledge, ClarificationRequested),
        (Closed, RequestTrigger.Acknowledge, Closed),

        (Pending, RequestTrigger.Close, Closed),
        (Acknowledged, RequestTrigger.Close, Closed),
        (ClarificationRequested, RequestTrigger.Close, Closed),
        (Closed, RequestTrigger.Close, Refused),

        (Pending, RequestTrigger.AskClarification, ClarificationRequested),
        (Acknowledged, RequestTrigger.AskClarification, ClarificationRequested),
        (ClarificationRequested, RequestTrigger.AskClarification, Refused),
        (Closed, RequestTrigger.AskClarification, Refused),

        (Pending, RequestTrigger.AnswerClarification, Refused),
        (Acknowledged, RequestTrigger.AnswerClarification, Refused),
        (ClarificationRequested, RequestTrigger.AnswerClarification, Acknowledged),
        (Closed, RequestTrigger.AnswerClarification, Refused),

        // DOMAIN.md: a stricter request replaces an open one, which the system closes as superseded.
        (Pending, RequestTrigger.Supersede, Closed),
        (Acknowledged, RequestTrigger.Supersede, Closed),
        (ClarificationRequested, RequestTrigger.Supersede, Closed),
        (Closed, RequestTrigger.Supersede, Refused),
    ];

    private static IEnumerable<TestCaseData> Transitions() =>
        Table.Select(t => new TestCaseData(t.From, t.Trigger, t.To).SetArgDisplayNames(t.From, t.Trigger.ToString(), t.To));

    [TestCaseSource(nameof(Transitions))]
    public void Moves_to_the_status_of_the_table(string from, RequestTrigger trigger, string expected)
    {
        var applied = RequestLifecycle.TryApply(from, trigger, out var to);

        Assert.That(applied ? to : Refused, Is.EqualTo(expected));
    }

    [Test]
    public void The_table_covers_every_status_and_trigger_once()
    {
        var everyPair = RequestStatus.All.SelectMany(s => Enum.GetValues<RequestTrigger>().Select(t => (s, t)));
        var tablePairs = Table.Select(t => (t.From, t.Trigger)).ToList();

        Assert.That(tablePairs, Is.Unique);
        Assert.That(tablePairs, Is.EquivalentTo(everyPair));
    }

    [Test]
    public void Refuses_a_status_it_does_not_know()
    {
        foreach (var trigger in Enum.GetValues<RequestTrigger>())
            Assert.That(RequestLifecycle.TryApply("archived", trigger, out _), Is.False, trigger.ToString());
    }
}
