using Pharos.Triage.Infrastructure.Deadlines;

namespace Pharos.Triage.Tests.Deadlines;

/// <summary>The one place a pause moves a request's deadlines (TCO art. 3(7)-(8)): what moves, by how much.</summary>
public class When_a_pause_moves_a_request_s_deadlines
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    // A DSA notice issued at T0: acknowledge-by +24 h, act-by +72 h, unanswered +144 h, reminders +12 h and +36 h.
    private static readonly RequestDeadlines Dsa = new(T0.AddHours(24), T0.AddHours(72), T0.AddHours(144), T0.AddHours(12), T0.AddHours(36));

    // paused (h), acknowledged -> acknowledge-by, act-by, unanswered, reminder unacknowledged, reminder acknowledged (h after T0)
    [TestCase(2, true, 24, 74, 146, 12, 38, TestName = "Acknowledged, paused 2 h: the act side moves by 2 h, the acknowledge side stays")]
    [TestCase(2, false, 26, 74, 146, 14, 38, TestName = "Unacknowledged, paused 2 h: every deadline moves by 2 h")]
    [TestCase(0, true, 24, 72, 144, 12, 36, TestName = "Not paused: nothing moves")]
    [TestCase(-1, false, 24, 72, 144, 12, 36, TestName = "A negative pause (clocks apart) moves nothing")]
    public void Only_the_deadlines_still_running_move_by_exactly_the_pause(
        double pausedHours, bool acknowledged, double acknowledgeBy, double actBy, double unansweredAt, double acknowledgeReminderAt, double actReminderAt)
    {
        var moved = Dsa.AfterPause(TimeSpan.FromHours(pausedHours), acknowledged);

        Assert.That(moved, Is.EqualTo(new RequestDeadlines(T0.AddHours(acknowledgeBy), T0.AddHours(actBy), T0.AddHours(unansweredAt),
            T0.AddHours(acknowledgeReminderAt), T0.AddHours(actReminderAt))));
    }
}

/// <summary>Messages published before Routing decided every time: still held to the rules they were issued under.</summary>
public class When_a_message_carries_only_acknowledge_by_and_act_by
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void An_older_issue_gets_the_default_rules_from_its_own_windows()
    {
        var issued = new Contracts.RequestIssued("q1", "PHR-2026-000001", "r1", "x", "X", "https://x.com/a", "https://x.com/a", Contracts.Category.HateSpeech,
            Contracts.LegalBasis.DsaNotice, "reasons", null, T0, T0.AddHours(24), T0.AddHours(72), default, default, default);

        Assert.That(RequestDeadlines.Of(issued), Is.EqualTo(new RequestDeadlines(T0.AddHours(24), T0.AddHours(72), T0.AddHours(144), T0.AddHours(12), T0.AddHours(36))));
    }

    [Test]
    public void An_older_resume_moves_the_other_deadlines_by_its_pause()
    {
        var current = new RequestDeadlines(T0.AddHours(24), T0.AddHours(72), T0.AddHours(144), T0.AddHours(12), T0.AddHours(36));
        var resumed = new Contracts.RequestResumed("q1", "x", 0, Contracts.RequestStatus.Acknowledged, TimeSpan.FromHours(2), T0.AddHours(24), T0.AddHours(74),
            default, default, default, T0.AddHours(5));

        Assert.That(RequestDeadlines.Of(resumed, current, acknowledged: true),
            Is.EqualTo(new RequestDeadlines(T0.AddHours(24), T0.AddHours(74), T0.AddHours(146), T0.AddHours(12), T0.AddHours(38))));
    }
}
