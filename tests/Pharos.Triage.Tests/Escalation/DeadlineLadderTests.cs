using Microsoft.Extensions.Configuration;
using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Escalation.Deadlines;
using Pharos.Triage.Infrastructure.Deadlines;
using Pharos.Triage.Routing.Decisions;

namespace Pharos.Triage.Tests.Escalation;

/// <summary>Every path of the ladder for each legal basis, with the default policies of DOMAIN.md.</summary>
public class When_nobody_answers_a_request
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly DeadlinePolicies Policies = new(new ConfigurationBuilder().Build());

    /// <summary>A clock started from the request Routing issues at T0 under the default policy of the category.</summary>
    internal static ClockRow Clock(string category, string platform = "x") => Clocks.Start(Issued(category, platform));

    internal static RequestIssued Issued(string category, string platform = "x")
    {
        var policy = Policies.For(category, platform)!;
        var d = IssueDeadlines.For(policy, T0);
        return new RequestIssued("q1", "PHR-2026-000001", "r1", platform, "X", "https://x.com/a", "https://x.com/a",
            category, policy.LegalBasis, "reasons", null, T0, d.AcknowledgeBy, d.ActBy, d.UnansweredAt, d.AcknowledgeReminderAt, d.ActReminderAt);
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
    public void A_DSA_notice_is_reminded_at_12_hours_overdue_at_24_and_72_unanswered_at_144(string category)
    {
        // The earliest pending deadline of an unacknowledged notice is acknowledge-by (24 h): reminded at half of it.
        var clock = Clock(category);
        Assert.That(clock.LegalBasis, Is.EqualTo(LegalBasis.DsaNotice));
        Assert.That(Walk(clock, H(200)), Is.EqualTo(new[]
        {
            (H(12), "reminder"),
            (H(24), "overdue acknowledge_by"), (H(24), "escalated acknowledge_by"),
            (H(72), "overdue act_by"), (H(72), "escalated act_by"),
            (H(144), "unanswered"),
        }));
        Assert.That(clock.RemindedAt, Is.EqualTo(T0.AddHours(12)));
    }

    /// <summary>
    /// Once acknowledged, the earliest pending deadline is act-by: a request not yet reminded is reminded
    /// at half the act window; one already reminded (before its acknowledgement) is not reminded twice.
    /// </summary>
    public static IEnumerable<TestCaseData> Acknowledged_requests()
    {
        yield return new TestCaseData(Category.Terrorism, 5.0 / 60, new[] { (H(0.5), "reminder"), (H(1), "overdue act_by"), (H(1), "escalated act_by"), (H(2), "unanswered") })
            .SetName("TCO acknowledged at 5 min: reminded at 30 min, overdue at 1 h, unanswered at 2 h");
        yield return new TestCaseData(Category.ChildSexualAbuse, 1.0, new[] { (H(12), "reminder"), (H(24), "overdue act_by"), (H(24), "escalated act_by"), (H(48), "unanswered") })
            .SetName("LCEN 6-1 acknowledged at 1 h: reminded at 12 h, overdue at 24 h, unanswered at 48 h");
        yield return new TestCaseData(Category.HateSpeech, 1.0, new[] { (H(36), "reminder"), (H(72), "overdue act_by"), (H(72), "escalated act_by"), (H(144), "unanswered") })
            .SetName("DSA acknowledged at 1 h: reminded at 36 h, overdue at 72 h, unanswered at 144 h");
        yield return new TestCaseData(Category.HateSpeech, 13.0, new[] { (H(12), "reminder"), (H(72), "overdue act_by"), (H(72), "escalated act_by"), (H(144), "unanswered") })
            .SetName("DSA acknowledged at 13 h, after its 12 h reminder: not reminded again, overdue at 72 h, unanswered at 144 h");
    }

    [TestCaseSource(nameof(Acknowledged_requests))]
    public void An_acknowledged_request_is_reminded_before_act_by(string category, double acknowledgedAfterHours, (TimeSpan, string)[] expected)
    {
        var clock = Clock(category);
        var acknowledgedAt = T0 + H(acknowledgedAfterHours);
        var fired = Walk(clock, H(acknowledgedAfterHours));
        DeadlineLadder.Acknowledge(clock, acknowledgedAt);
        fired.AddRange(Walk(clock, H(200)));
        Assert.That(fired, Is.EqualTo(expected));
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
        new(clock.RequestId, clock.PlatformId, "https://x.com/a", Outcome.Removed, null, null, at, at, at, clock.AcknowledgeBy, clock.ActBy, "platform:x",
            TimeSpan.FromMilliseconds(clock.PausedMs));

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
        DeadlineLadder.Pause(clock, 1, T0.AddMinutes(10));
        Assert.That(clock.NextDueAt, Is.Null);
        Assert.That(DeadlineLadder.Advance(clock, T0.AddHours(5)), Is.Empty, "nothing fires while the platform waits for the analyst");

        // Answered 2 h later: PlatformLiaison moved act-by, unanswered and the act reminder by 2 h.
        var pause = TimeSpan.FromHours(2);
        DeadlineLadder.Resume(clock, new RequestResumed("q1", "x", 1, RequestStatus.Acknowledged, pause, T0.AddHours(1), T0.AddHours(3),
            T0.AddHours(4), T0.AddMinutes(30), T0.AddMinutes(150), T0.AddMinutes(130)));
        Assert.That(clock.PausedMs, Is.EqualTo((long)pause.TotalMilliseconds));
        // Asking acknowledged: no acknowledge-by escalation; the reminder before act-by, act-by and unanswered moved.
        Assert.That(When_nobody_answers_a_request.Walk(clock, TimeSpan.FromHours(10)), Is.EqualTo(new[]
        {
            (TimeSpan.FromMinutes(150), "reminder"),
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
            clock.AcknowledgeBy, clock.ActBy, "platform:x", TimeSpan.Zero);

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
            T0.AddMinutes(10), T0.AddSeconds(1), recorded, clock.AcknowledgeBy, clock.ActBy, "platform:x", TimeSpan.Zero), recorded);
        Assert.That(settled.Sla, Is.EqualTo(Sla.Missed));
        Assert.That(clock.ActedAt, Is.EqualTo(T0.AddSeconds(1)), "actedAt is kept as declared");
    }
}

/// <summary>
/// Two questions, their pauses and resumes delivered in every order (the outbox publishes a batch at
/// once): the clock ends as if they had come in order. A fact that comes before the one it follows
/// waits (the consumer retries it); nothing is applied twice or out of order.
/// </summary>
public class When_pauses_and_resumes_arrive_in_any_order
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    // A TCO order (act-by 11:00, unanswered 12:00). Question 1 asked at 10:10 and answered at 10:40
    // (30 min); question 2 asked at 10:50 and answered at 11:10 (20 min): 50 min paused in all.
    private static readonly object[] Facts =
    [
        new ClarificationRequested("q1", "x", "which?", T0.AddMinutes(10), "platform:x", 1),
        new ClarificationRequested("q1", "x", "which account?", T0.AddMinutes(50), "platform:x", 2),
        new RequestResumed("q1", "x", 1, RequestStatus.Acknowledged, TimeSpan.FromMinutes(30), T0.AddHours(1), T0.AddMinutes(90),
            T0.AddMinutes(150), T0.AddMinutes(30), T0.AddMinutes(60), T0.AddMinutes(40)),
        new RequestResumed("q1", "x", 2, RequestStatus.Acknowledged, TimeSpan.FromMinutes(20), T0.AddHours(1), T0.AddMinutes(110),
            T0.AddMinutes(170), T0.AddMinutes(30), T0.AddMinutes(80), T0.AddMinutes(70)),
    ];

    private static IEnumerable<int[]> Orders(int[] items) =>
        items.Length <= 1 ? [items] : items.SelectMany(first => Orders(items.Where(i => i != first).ToArray()).Select(rest => new[] { first }.Concat(rest).ToArray()));

    public static IEnumerable<TestCaseData> EveryOrder() =>
        Orders([0, 1, 2, 3]).Select(o => new TestCaseData(o).SetName($"Delivered as {string.Join(", ", o.Select(i => new[] { "pause 1", "pause 2", "resume 1", "resume 2" }[i]))}"));

    private static QuestionStep Deliver(ClockRow clock, object fact) => fact switch
    {
        ClarificationRequested asked => DeadlineLadder.Pause(clock, asked.QuestionNumber, asked.RequestedAt),
        RequestResumed resumed => DeadlineLadder.Resume(clock, resumed),
        _ => throw new ArgumentException(fact.GetType().Name),
    };

    [TestCaseSource(nameof(EveryOrder))]
    public void The_clock_ends_running_with_its_deadlines_moved_by_exactly_the_paused_time(int[] order)
    {
        var clock = When_nobody_answers_a_request.Clock(Category.Terrorism);
        var waiting = new List<object>();
        foreach (var fact in order.Select(i => Facts[i]))
        {
            waiting.Add(fact);
            // The bus retries what waits: until nothing more can apply.
            for (var applied = true; applied;)
            {
                applied = false;
                foreach (var retried in waiting.ToList())
                {
                    var step = Deliver(clock, retried);
                    if (step == QuestionStep.Wait) continue;
                    Assert.That(step, Is.EqualTo(QuestionStep.Apply), $"each fact applies once, when its turn comes: {retried}");
                    waiting.Remove(retried);
                    applied = true;
                }
            }
        }

        Assert.That(waiting, Is.Empty);
        Assert.That((clock.PausedAt, clock.PausedMs, clock.Question, clock.Clarifications),
            Is.EqualTo(((DateTimeOffset?)null, 50L * 60_000, 2, 2)));
        Assert.That((clock.ActBy, clock.UnansweredDueAt, clock.ActRemindAt, clock.AcknowledgeBy),
            Is.EqualTo((T0.AddMinutes(110), T0.AddMinutes(170), T0.AddMinutes(80), T0.AddHours(1))));
        Assert.That(clock.NextDueAt, Is.EqualTo(T0.AddMinutes(80)), "running again: next, the reminder before the moved act-by");

        // A late copy of any of them changes nothing.
        foreach (var fact in Facts)
            Assert.That(Deliver(clock, fact), Is.EqualTo(QuestionStep.Ignore), fact.ToString());
        Assert.That((clock.ActBy, clock.PausedMs, clock.PausedAt), Is.EqualTo((T0.AddMinutes(110), 50L * 60_000, (DateTimeOffset?)null)));
    }

    [Test]
    public void A_close_that_overtakes_a_question_s_facts_takes_the_time_paused_in_all_from_the_platform_s_side()
    {
        // The platform closed at 11:10 while question 2 was open; this clock has heard of pause 1 only.
        // Paused in all: 30 min (question 1) + 20 min (question 2), not the 60 min since pause 1.
        var clock = When_nobody_answers_a_request.Clock(Category.Terrorism);
        Deliver(clock, Facts[0]);
        var closedAt = T0.AddMinutes(70);
        DeadlineLadder.Close(clock, new RequestClosed("q1", "x", "https://x.com/a", Outcome.Removed, null, null, T0.AddMinutes(10), closedAt, closedAt,
            T0.AddHours(1), T0.AddMinutes(110), "platform:x", TimeSpan.FromMinutes(50)), closedAt);

        Assert.That((clock.PausedMs, clock.PausedAt, clock.ActBy, clock.Sla), Is.EqualTo((50L * 60_000, (DateTimeOffset?)null, T0.AddMinutes(110), Sla.Met)));
        foreach (var fact in Facts.Skip(1))
            Assert.That(Deliver(clock, fact), Is.EqualTo(QuestionStep.Ignore), "what arrives after the close changes nothing");
        Assert.That(clock.PausedMs, Is.EqualTo(50L * 60_000));
    }

    [Test]
    public void The_second_question_pauses_the_clock_even_when_the_first_answer_comes_after_it_was_asked()
    {
        // In order: pause 1, resume 1, pause 2. The clock is paused at the end, since 10:50.
        var clock = When_nobody_answers_a_request.Clock(Category.Terrorism);
        Assert.That(Deliver(clock, Facts[0]), Is.EqualTo(QuestionStep.Apply));
        Assert.That(Deliver(clock, Facts[1]), Is.EqualTo(QuestionStep.Wait), "question 2 waits for the answer to question 1");
        Assert.That(clock.PausedAt, Is.EqualTo(T0.AddMinutes(10)));
        Assert.That(Deliver(clock, Facts[2]), Is.EqualTo(QuestionStep.Apply));
        Assert.That(Deliver(clock, Facts[1]), Is.EqualTo(QuestionStep.Apply));
        Assert.That((clock.PausedAt, clock.NextDueAt, clock.ActBy), Is.EqualTo(((DateTimeOffset?)T0.AddMinutes(50), (DateTimeOffset?)null, T0.AddMinutes(90))));
    }
}

/// <summary>The order of a request's questions' facts, as every consumer applies it: every state × every fact.</summary>
public class When_ordering_a_question_s_pause_and_resume
{
    // (closed, last question applied, still open, question of the fact) -> step
    [TestCase(false, 0, false, 1, QuestionStep.Apply, TestName = "Pause 1 of a running request applies")]
    [TestCase(false, 1, true, 1, QuestionStep.Ignore, TestName = "Pause 1 again changes nothing")]
    [TestCase(false, 1, true, 2, QuestionStep.Wait, TestName = "Pause 2 while question 1 is open waits for its resume")]
    [TestCase(false, 0, false, 2, QuestionStep.Wait, TestName = "Pause 2 before pause 1 waits")]
    [TestCase(false, 1, false, 2, QuestionStep.Apply, TestName = "Pause 2 after resume 1 applies")]
    [TestCase(false, 2, false, 1, QuestionStep.Ignore, TestName = "A late pause 1 changes nothing")]
    [TestCase(true, 0, false, 1, QuestionStep.Ignore, TestName = "A pause after the close changes nothing")]
    [TestCase(false, 0, false, 0, QuestionStep.Apply, TestName = "An unnumbered pause of a running request applies")]
    [TestCase(false, 1, true, 0, QuestionStep.Ignore, TestName = "An unnumbered pause of a paused request changes nothing")]
    public void A_pause(bool closed, int last, bool open, int question, QuestionStep expected) =>
        Assert.That(ClarificationOrder.Pause(closed, last, open, question), Is.EqualTo(expected));

    [TestCase(false, 1, true, 1, QuestionStep.Apply, TestName = "Resume 1 after pause 1 applies")]
    [TestCase(false, 0, false, 1, QuestionStep.Wait, TestName = "Resume 1 before pause 1 waits")]
    [TestCase(false, 1, false, 1, QuestionStep.Ignore, TestName = "Resume 1 again changes nothing")]
    [TestCase(false, 1, true, 2, QuestionStep.Wait, TestName = "Resume 2 before pause 2 waits")]
    [TestCase(false, 2, true, 1, QuestionStep.Ignore, TestName = "A late resume 1 never ends the pause of question 2")]
    [TestCase(false, 2, false, 1, QuestionStep.Ignore, TestName = "A late resume 1 after resume 2 changes nothing")]
    [TestCase(true, 1, true, 1, QuestionStep.Ignore, TestName = "A resume after the close changes nothing")]
    [TestCase(false, 0, true, 0, QuestionStep.Apply, TestName = "An unnumbered resume of a paused request applies")]
    [TestCase(false, 0, false, 0, QuestionStep.Wait, TestName = "An unnumbered resume of a running request waits for its pause")]
    public void A_resume(bool closed, int last, bool open, int question, QuestionStep expected) =>
        Assert.That(ClarificationOrder.Resume(closed, last, open, question), Is.EqualTo(expected));
}
