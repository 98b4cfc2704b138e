using Microsoft.Extensions.Configuration;
using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Escalation.Deadlines;
using Pharos.Triage.Infrastructure.Deadlines;

namespace Pharos.Triage.Tests.Escalation;

/// <summary>Every path of the ladder for each legal basis, with the default policies of DOMAIN.md.</summary>
public class When_nobody_answers_a_request
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly DeadlinePolicies Policies = new(new ConfigurationBuilder().Build());

    internal static ClockRow Clock(string category, string platform = "x")
    {
        var policy = Policies.For(category, platform)!;
        return Clocks.Start(new RequestIssued("q1", "PHR-2026-000001", "r1", platform, "X", "https://x.com/a", "https://x.com/a",
            category, policy.LegalBasis, "reasons", null, T0, T0 + policy.AcknowledgeWithin, T0 + policy.ActWithin), Policies);
    }

    /// <summary>Walks the clock to each due time in turn; returns what fired, when.</summary>
    internal static List<(TimeSpan After, string Step)> Walk(ClockRow clock, TimeSpan until)
    {
        var fired = new List<(TimeSpan, string)>();
        while (clock.NextDueAt is { } due && due - T0 <= until)
        {
            foreach (var message in DeadlineLadder.Advance(clock, due))
                fired.Add((due - T0, message switch
                {
                    ReminderDue => "reminder",
                    RequestOverdue o => $"overdue {o.Deadline}",
                    RequestEscalated e => $"escalated {e.Deadline}",
                    RequestUnanswered => "unanswered",
                    _ => message.GetType().Name,
                }));
        }
        return fired;
    }

    private static TimeSpan H(double hours) => TimeSpan.FromHours(hours);

    [Test]
    public void A_TCO_removal_order_is_reminded_at_30_minutes_overdue_at_1_hour_unanswered_at_2_hours()
    {
        var clock = Clock(Category.Terrorism);
        Assert.That(Walk(clock, H(10)), Is.EqualTo(new[]
        {
            (H(0.5), "reminder"),
            (H(1), "overdue acknowledge_by"), (H(1), "escalated acknowledge_by"),
            (H(1), "overdue act_by"), (H(1), "escalated act_by"),
            (H(2), "unanswered"),
        }));
        Assert.That((clock.Sla, clock.UnansweredAt, clock.NextDueAt), Is.EqualTo((Sla.Unanswered, (DateTimeOffset?)T0.AddHours(2), (DateTimeOffset?)null)));
    }

    [TestCase(Category.ChildSexualAbuse)]
    [TestCase(Category.IllicitTrade)]
    public void An_LCEN_6_1_request_is_reminded_at_12_hours_overdue_at_24_unanswered_at_48(string category)
    {
        var clock = Clock(category);
        Assert.That(clock.LegalBasis, Is.EqualTo(LegalBasis.Lcen61));
        Assert.That(Walk(clock, H(100)), Is.EqualTo(new[]
        {
            (H(12), "reminder"),
            (H(24), "overdue acknowledge_by"), (H(24), "escalated acknowledge_by"),
            (H(24), "overdue act_by"), (H(24), "escalated act_by"),
            (H(48), "unanswered"),
        }));
    }

    [TestCase(Category.HateSpeech)]
    [TestCase(Category.ThreatsViolence)]
    [TestCase(Category.Other)]
    public void A_DSA_notice_is_overdue_at_24_hours_before_any_reminder_then_at_72_unanswered_at_144(string category)
    {
        // Half the 72 h act window (36 h) comes after the 24 h acknowledge-by: the reminder is moot.
        var clock = Clock(category);
        Assert.That(clock.LegalBasis, Is.EqualTo(LegalBasis.DsaNotice));
        Assert.That(Walk(clock, H(200)), Is.EqualTo(new[]
        {
            (H(24), "overdue acknowledge_by"), (H(24), "escalated acknowledge_by"),
            (H(72), "overdue act_by"), (H(72), "escalated act_by"),
            (H(144), "unanswered"),
        }));
        Assert.That(clock.RemindedAt, Is.Null);
    }

    [Test]
    public void An_acknowledgement_in_time_cancels_the_reminder_and_the_acknowledge_by_escalation()
    {
        var clock = Clock(Category.Terrorism);
        DeadlineLadder.Acknowledge(clock, T0.AddMinutes(5));
        Assert.That(Walk(clock, H(10)), Is.EqualTo(new[] { (H(1), "overdue act_by"), (H(1), "escalated act_by"), (H(2), "unanswered") }));
    }

    [Test]
    public void A_sweep_that_runs_late_fires_every_missed_step_in_order_once()
    {
        var clock = Clock(Category.Terrorism);
        var messages = DeadlineLadder.Advance(clock, T0.AddHours(5));
        Assert.That(messages.Select(m => m.GetType().Name), Is.EqualTo(new[]
        {
            nameof(ReminderDue), nameof(RequestOverdue), nameof(RequestEscalated), nameof(RequestOverdue), nameof(RequestEscalated), nameof(RequestUnanswered),
        }));
        Assert.That(DeadlineLadder.Advance(clock, T0.AddHours(6)), Is.Empty, "a second sweep fires nothing");
    }

    [Test]
    public void A_sweep_before_anything_is_due_fires_nothing_and_keeps_the_next_due_time()
    {
        var clock = Clock(Category.Terrorism);
        Assert.That(DeadlineLadder.Advance(clock, T0.AddMinutes(29).AddSeconds(59)), Is.Empty);
        Assert.That(clock.NextDueAt, Is.EqualTo(T0.AddMinutes(30)));
    }
}

public class When_a_request_is_answered_late_or_paused
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static RequestClosed Closed(ClockRow clock, DateTimeOffset at) =>
        new(clock.RequestId, clock.PlatformId, "https://x.com/a", Outcome.Removed, null, null, at, at, at, clock.AcknowledgeBy, clock.ActBy, "platform:x");

    [Test]
    public void An_answer_in_time_is_met()
    {
        var clock = When_nobody_answers_a_request.Clock(Category.Terrorism);
        var settled = DeadlineLadder.Close(clock, Closed(clock, T0.AddMinutes(59)), T0.AddMinutes(59));
        Assert.That((settled.Sla, clock.NextDueAt), Is.EqualTo((Sla.Met, (DateTimeOffset?)null)));
    }

    [Test]
    public void An_answer_after_a_deadline_is_recorded_with_its_real_time_and_missed()
    {
        var clock = When_nobody_answers_a_request.Clock(Category.Terrorism);
        DeadlineLadder.Advance(clock, T0.AddMinutes(70));
        var settled = DeadlineLadder.Close(clock, Closed(clock, T0.AddMinutes(80)), T0.AddMinutes(80));
        Assert.That((settled.Sla, clock.ActedAt, clock.ActOverdueAt), Is.EqualTo((Sla.Missed, (DateTimeOffset?)T0.AddMinutes(80), (DateTimeOffset?)T0.AddMinutes(70))));
    }

    [Test]
    public void An_answer_after_unanswered_closes_the_request_and_keeps_the_history()
    {
        var clock = When_nobody_answers_a_request.Clock(Category.Terrorism);
        DeadlineLadder.Advance(clock, T0.AddHours(3));
        Assert.That(clock.Sla, Is.EqualTo(Sla.Unanswered));
        var settled = DeadlineLadder.Close(clock, Closed(clock, T0.AddHours(4)), T0.AddHours(4));
        Assert.That((settled.Sla, clock.UnansweredAt, clock.ClosedAt), Is.EqualTo((Sla.Missed, (DateTimeOffset?)T0.AddHours(3), (DateTimeOffset?)T0.AddHours(4))));
        Assert.That(DeadlineLadder.Advance(clock, T0.AddHours(10)), Is.Empty);
    }

    [Test]
    public void A_clarification_pauses_every_step_and_the_answer_moves_them_by_the_pause()
    {
        var clock = When_nobody_answers_a_request.Clock(Category.Terrorism);
        DeadlineLadder.Pause(clock, T0.AddMinutes(10));
        Assert.That(clock.NextDueAt, Is.Null);
        Assert.That(DeadlineLadder.Advance(clock, T0.AddHours(5)), Is.Empty, "nothing fires while the platform waits for the analyst");

        // Answered 2 h later: PlatformLiaison moved act-by by 2 h.
        var pause = TimeSpan.FromHours(2);
        DeadlineLadder.Resume(clock, new RequestResumed("q1", "x", RequestStatus.Acknowledged, pause, T0.AddHours(1), T0.AddHours(3), T0.AddMinutes(130)));
        Assert.That(clock.PausedMs, Is.EqualTo((long)pause.TotalMilliseconds));
        // Asking acknowledged: no reminder, no acknowledge-by escalation; act-by and its grace moved.
        Assert.That(When_nobody_answers_a_request.Walk(clock, TimeSpan.FromHours(10)), Is.EqualTo(new[]
        {
            (TimeSpan.FromHours(3), "overdue act_by"), (TimeSpan.FromHours(3), "escalated act_by"), (TimeSpan.FromHours(4), "unanswered"),
        }));
    }
}

/// <summary>Issue 13, item 3: the answer's recorded time decides, not a sweep's older copy nor a declared actedAt.</summary>
public class When_an_answer_recorded_in_time_races_a_sweep_on_an_older_clock
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static RequestClosed Closed(ClockRow clock, DateTimeOffset actedAt, DateTimeOffset recordedAt) =>
        new(clock.RequestId, clock.PlatformId, "https://x.com/a", Outcome.Removed, null, null, recordedAt, actedAt, recordedAt,
            clock.AcknowledgeBy, clock.ActBy, "platform:x");

    [TestCase(61, Sla.Overdue, TestName = "Recorded_at_10_59_after_a_sweep_at_11_01_found_it_overdue")]
    [TestCase(180, Sla.Unanswered, TestName = "Recorded_at_10_59_after_a_sweep_at_13_00_found_it_unanswered")]
    public void It_settles_met(int sweepAfterMinutes, string sweptTo)
    {
        var clock = When_nobody_answers_a_request.Clock(Category.Terrorism);
        DeadlineLadder.Advance(clock, T0.AddMinutes(sweepAfterMinutes));
        Assert.That(clock.Sla, Is.EqualTo(sweptTo));
        var recorded = T0.AddMinutes(59);
        var settled = DeadlineLadder.Close(clock, Closed(clock, recorded, recorded), T0.AddMinutes(sweepAfterMinutes + 1));
        Assert.That(settled.Sla, Is.EqualTo(Sla.Met));
    }
}

public class When_a_platform_backdates_actedAt
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void An_answer_recorded_after_act_by_is_missed_whatever_it_declares()
    {
        var clock = When_nobody_answers_a_request.Clock(Category.Terrorism);
        // Acknowledged in time at 10:10, the outcome recorded at 11:20, declared acted at 10:00:01.
        var recorded = T0.AddMinutes(80);
        var settled = DeadlineLadder.Close(clock, new RequestClosed(clock.RequestId, clock.PlatformId, "https://x.com/a", Outcome.Removed, null, null,
            T0.AddMinutes(10), T0.AddSeconds(1), recorded, clock.AcknowledgeBy, clock.ActBy, "platform:x"), recorded);
        Assert.That(settled.Sla, Is.EqualTo(Sla.Missed));
        Assert.That(clock.ActedAt, Is.EqualTo(T0.AddSeconds(1)), "actedAt is kept as declared");
    }
}
