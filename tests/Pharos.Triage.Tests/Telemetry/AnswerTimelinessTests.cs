using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Deadlines;
using Pharos.Triage.Infrastructure.Telemetry;

namespace Pharos.Triage.Tests.Telemetry;

/// <summary>
/// The answers counter's <c>timeliness</c> is judged where the answer is published (PlatformLiaison), on the times its
/// RequestClosed carries: it must agree with Escalation's verdict on the same times.
/// </summary>
public sealed class When_an_answer_is_counted
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static RequestClosed Closed(double acknowledgedAfterHours, double closedAfterHours) =>
        new("q1", "x", "https://x.com/1", Outcome.Removed, null, null, Issued.AddHours(acknowledgedAfterHours), Issued.AddHours(closedAfterHours),
            Issued.AddHours(closedAfterHours), Issued.AddHours(1), Issued.AddHours(24), "platform:x", TimeSpan.Zero);

    [TestCase(0.5, 2, "in_time", TestName = "Acknowledged and closed in time")]
    [TestCase(1, 24, "in_time", TestName = "Both on the deadline itself")]
    [TestCase(1.5, 2, "late", TestName = "Acknowledged late, closed in time")]
    [TestCase(0.5, 25, "late", TestName = "Acknowledged in time, closed late")]
    public void It_is_in_time_exactly_when_the_deadline_verdict_says_met(double acknowledged, double closed, string expected)
    {
        var answer = Closed(acknowledged, closed);

        Assert.That(PharosMetrics.Timeliness(answer), Is.EqualTo(expected));
        Assert.That(DeadlineVerdict.Settle(answer.AcknowledgedAt, answer.AcknowledgeBy, answer.ClosedAt, answer.ActBy),
            Is.EqualTo(expected == "in_time" ? Sla.Met : Sla.Missed), "Escalation's verdict on the same times");
    }
}
