using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Deadlines;

namespace Pharos.Triage.Tests.Escalation;

public class When_settling_the_deadlines_of_a_closed_request
{
    private static readonly DateTimeOffset AcknowledgeBy = new(2026, 11, 22, 11, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ActBy = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan OneMillisecond = TimeSpan.FromMilliseconds(1);

    private static readonly TestCaseData[] Cases =
    [
        new TestCaseData(AcknowledgeBy, ActBy, Sla.Met).SetName("Met_exactly_at_both_deadlines"),
        new TestCaseData(AcknowledgeBy - TimeSpan.FromMinutes(50), ActBy - TimeSpan.FromMinutes(30), Sla.Met).SetName("Met_well_before_both_deadlines"),
        new TestCaseData(AcknowledgeBy + OneMillisecond, ActBy, Sla.Missed).SetName("Missed_one_millisecond_after_acknowledge_by"),
        new TestCaseData(AcknowledgeBy, ActBy + OneMillisecond, Sla.Missed).SetName("Missed_one_millisecond_after_act_by"),
        new TestCaseData(AcknowledgeBy + OneMillisecond, ActBy + OneMillisecond, Sla.Missed).SetName("Missed_after_both_deadlines"),
        new TestCaseData(AcknowledgeBy - OneMillisecond, ActBy - OneMillisecond, Sla.Met).SetName("Met_one_millisecond_before_both_deadlines"),
    ];

    [TestCaseSource(nameof(Cases))]
    public void Gives_the_verdict(DateTimeOffset acknowledgedAt, DateTimeOffset actedAt, string expected)
    {
        Assert.That(DeadlineVerdict.Settle(acknowledgedAt, AcknowledgeBy, actedAt, ActBy), Is.EqualTo(expected));
    }
}
