using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Escalation.Deadlines;

namespace Pharos.Triage.Tests.Escalation;

/// <summary>Issue 13 item 1: a request closed as superseded stops its clock and is settled neither met nor missed.</summary>
public class When_a_superseded_request_stops_its_clock
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static RequestClosed Superseded(ClockRow clock, DateTimeOffset at, TimeSpan paused = default) =>
        new(clock.RequestId, clock.PlatformId, "https://x.com/a", Outcome.Superseded, null, null, at, at, at, clock.AcknowledgeBy, clock.ActBy, "system:routing", paused);

    // A TCO removal order: reminded at 30 min, overdue at 1 h, unanswered at 2 h.
    [TestCase(0, Sla.OnTime)]
    [TestCase(40, Sla.Reminded)]
    [TestCase(90, Sla.Overdue)]
    [TestCase(150, Sla.Unanswered)]
    public void Its_clock_stops_as_it_stood_and_fires_nothing_more(double minutesBefore, string sla)
    {
        var clock = When_nobody_answers_a_request.Clock(Category.Terrorism);
        When_nobody_answers_a_request.Walk(clock, TimeSpan.FromMinutes(minutesBefore));
        Assert.That(clock.Sla, Is.EqualTo(sla));

        var messages = DeadlineLadder.Supersede(clock, Superseded(clock, T0.AddMinutes(minutesBefore)));

        Assert.That(messages, Is.Empty, "no settlement: neither met nor missed");
        Assert.That(clock.Sla, Is.EqualTo(sla));
        Assert.That((clock.Outcome, clock.ClosedAt), Is.EqualTo((Outcome.Superseded, (DateTimeOffset?)T0.AddMinutes(minutesBefore))));
        Assert.That(clock.AcknowledgedAt, Is.Null, "nothing acknowledged on the platform's behalf");
        Assert.That(clock.NextDueAt, Is.Null);
        Assert.That(DeadlineLadder.Advance(clock, T0.AddDays(30)), Is.Empty);
    }

    [Test]
    public void A_paused_clock_takes_the_time_paused_in_all_from_the_platform_s_side()
    {
        var clock = When_nobody_answers_a_request.Clock(Category.Terrorism);
        DeadlineLadder.Pause(clock, 1, T0.AddMinutes(10));

        DeadlineLadder.Supersede(clock, Superseded(clock, T0.AddMinutes(40), TimeSpan.FromMinutes(30)));

        Assert.That(clock.PausedMs, Is.EqualTo(30 * 60_000));
        Assert.That(clock.PausedAt, Is.Null);
    }

    [Test]
    public void A_clock_already_closed_keeps_its_settlement()
    {
        var clock = When_nobody_answers_a_request.Clock(Category.Terrorism);
        DeadlineLadder.Close(clock, new RequestClosed(clock.RequestId, "x", "https://x.com/a", Outcome.Removed, null, null,
            T0.AddMinutes(5), T0.AddMinutes(5), T0.AddMinutes(5), clock.AcknowledgeBy, clock.ActBy, "platform:x", TimeSpan.Zero), T0.AddMinutes(5));

        Assert.That(DeadlineLadder.Supersede(clock, Superseded(clock, T0.AddMinutes(10))), Is.Empty);
        Assert.That((clock.Outcome, clock.Sla), Is.EqualTo((Outcome.Removed, Sla.Met)));
    }
}
