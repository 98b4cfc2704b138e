using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Deadlines;

namespace Pharos.Triage.Tests.Escalation;

public class When_the_deadline_state_meets_an_event
{
    // Written out by hand, independently of the implementation's table: null means refused.
    private static readonly Dictionary<(string, SlaEvent), string?> Expected = new()
    {
        [(Sla.OnTime, SlaEvent.ReminderDue)] = Sla.Reminded,
        [(Sla.OnTime, SlaEvent.DeadlinePassed)] = Sla.Overdue,
        [(Sla.OnTime, SlaEvent.GraceExpired)] = null,
        [(Sla.OnTime, SlaEvent.ClosedInTime)] = Sla.Met,
        [(Sla.OnTime, SlaEvent.ClosedLate)] = Sla.Missed,

        [(Sla.Reminded, SlaEvent.ReminderDue)] = null,
        [(Sla.Reminded, SlaEvent.DeadlinePassed)] = Sla.Overdue,
        [(Sla.Reminded, SlaEvent.GraceExpired)] = null,
        [(Sla.Reminded, SlaEvent.ClosedInTime)] = Sla.Met,
        [(Sla.Reminded, SlaEvent.ClosedLate)] = Sla.Missed,

        [(Sla.Overdue, SlaEvent.ReminderDue)] = null,
        [(Sla.Overdue, SlaEvent.DeadlinePassed)] = Sla.Overdue,
        [(Sla.Overdue, SlaEvent.GraceExpired)] = Sla.Unanswered,
        // An answer recorded in time beats a sweep that worked on an older copy of the clock (DOMAIN.md).
        [(Sla.Overdue, SlaEvent.ClosedInTime)] = Sla.Met,
        [(Sla.Overdue, SlaEvent.ClosedLate)] = Sla.Missed,

        [(Sla.Unanswered, SlaEvent.ReminderDue)] = null,
        [(Sla.Unanswered, SlaEvent.DeadlinePassed)] = null,
        [(Sla.Unanswered, SlaEvent.GraceExpired)] = null,
        [(Sla.Unanswered, SlaEvent.ClosedInTime)] = Sla.Met,
        [(Sla.Unanswered, SlaEvent.ClosedLate)] = Sla.Missed,

        [(Sla.Met, SlaEvent.ReminderDue)] = null,
        [(Sla.Met, SlaEvent.DeadlinePassed)] = null,
        [(Sla.Met, SlaEvent.GraceExpired)] = null,
        [(Sla.Met, SlaEvent.ClosedInTime)] = null,
        [(Sla.Met, SlaEvent.ClosedLate)] = null,

        [(Sla.Missed, SlaEvent.ReminderDue)] = null,
        [(Sla.Missed, SlaEvent.DeadlinePassed)] = null,
        [(Sla.Missed, SlaEvent.GraceExpired)] = null,
        [(Sla.Missed, SlaEvent.ClosedInTime)] = null,
        [(Sla.Missed, SlaEvent.ClosedLate)] = null,
    };

    private static IEnumerable<TestCaseData> EveryStateAndEvent() =>
        from state in Sla.All
        from @event in Enum.GetValues<SlaEvent>()
        select new TestCaseData(state, @event).SetName($"{state} + {@event}");

    [TestCaseSource(nameof(EveryStateAndEvent))]
    public void Moves_as_the_table_says_or_refuses(string state, SlaEvent @event)
    {
        var expected = Expected[(state, @event)];
        var allowed = SlaLifecycle.TryApply(state, @event, out var to);
        Assert.That(allowed ? to : null, Is.EqualTo(expected));
    }

    [Test]
    public void The_expected_table_covers_every_state_and_event()
    {
        Assert.That(Expected.Keys, Is.EquivalentTo(EveryStateAndEvent().Select(c => ((string)c.Arguments[0]!, (SlaEvent)c.Arguments[1]!))));
    }
}
