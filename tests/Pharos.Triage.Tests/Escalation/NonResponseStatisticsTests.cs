using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Statistics;

namespace Pharos.Triage.Tests.Escalation;

/// <summary>Every counter, median and p90 against values worked out by hand below.</summary>
public class When_computing_non_response_figures
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    /// <summary>A TCO request issued at 10:00, its answers recorded <paramref name="ackMin"/> and <paramref name="closedMin"/> minutes later.</summary>
    internal static RequestFact Fact(string platform, double? ackMin, double? closedMin, string? outcome, double pausedMin = 0,
        int clarifications = 0, bool unanswered = false, string category = Category.Terrorism, string basis = LegalBasis.TcoRemovalOrder,
        string? ground = null) =>
        new(platform, category, basis, T0, ackMin is { } a ? T0.AddMinutes(a) : null, T0.AddHours(1),
            closedMin is { } d ? T0.AddMinutes(d) : null, T0.AddHours(1).AddMinutes(pausedMin), outcome, ground,
            (long)TimeSpan.FromMinutes(pausedMin).TotalMilliseconds, clarifications, unanswered ? T0.AddHours(2) : null);

    private static IReadOnlyList<PlatformFigures> Compute()
    {
        var statistics = new NonResponseStatistics();
        // x, TCO (acknowledge and act within 1 h):
        statistics.Add(Fact("x", 10, 30, Outcome.Removed));                 // ack 600 s in time; act 1800 s in time
        statistics.Add(Fact("x", 20, 90, Outcome.GeoBlocked));              // ack 1200 s in time; act 5400 s late
        statistics.Add(Fact("x", 70, 80, Outcome.Refused, ground: RefusalGround.NotIllegal)); // ack 4200 s late; refused
        statistics.Add(Fact("x", null, null, null, unanswered: true));      // still open, unanswered
        statistics.Add(Fact("x", 5, 160, Outcome.Removed, pausedMin: 120, clarifications: 1)); // ack 300 s; act 9600 - 7200 = 2400 s, act-by moved to 3 h: in time
        statistics.Add(Fact("x", 180, 180, Outcome.Removed, unanswered: true));  // answered after unanswered: ack 10800 s late, act 10800 s late
        statistics.Add(Fact("x", 15, 15, Outcome.NotFound));                // ack 900 s in time
        // facebook, one open request under another basis:
        statistics.Add(Fact("facebook", null, null, null, category: Category.HateSpeech, basis: LegalBasis.DsaNotice));
        return statistics.Figures(new Dictionary<string, string> { ["x"] = "X" });
    }

    [Test]
    public void Every_counter_matches_the_hand_count()
    {
        var x = Compute().Single(p => p.PlatformId == "x");
        Assert.Multiple(() =>
        {
            Assert.That(x.Name, Is.EqualTo("X"));
            Assert.That(x.Requests, Is.EqualTo(7));
            Assert.That(x.Acknowledged, Is.EqualTo(6));
            Assert.That(x.AcknowledgedInTime, Is.EqualTo(4));
            Assert.That(x.Acted, Is.EqualTo(4));
            Assert.That(x.ActedInTime, Is.EqualTo(2));
            Assert.That(x.Refused, Is.EqualTo(1));
            Assert.That(x.RefusedByGround, Is.EqualTo(new Dictionary<string, int> { [RefusalGround.NotIllegal] = 1 }));
            Assert.That(x.NotFound, Is.EqualTo(1));
            Assert.That(x.Clarifications, Is.EqualTo(1));
            Assert.That(x.Unanswered, Is.EqualTo(2));
            Assert.That(x.UnansweredRate, Is.EqualTo(0.2857));
        });
    }

    [Test]
    public void Medians_and_p90_are_by_nearest_rank_with_pauses_left_out()
    {
        var x = Compute().Single(p => p.PlatformId == "x");
        // Acknowledge: [300, 600, 900, 1200, 4200, 10800]: rank ⌈0.5·6⌉ = 3 → 900, rank ⌈0.9·6⌉ = 6 → 10800.
        Assert.That((x.MedianAcknowledgeSeconds, x.P90AcknowledgeSeconds), Is.EqualTo(((long?)900, (long?)10800)));
        // Act: [1800, 2400, 5400, 10800]: rank ⌈0.5·4⌉ = 2 → 2400, rank ⌈0.9·4⌉ = 4 → 10800.
        Assert.That((x.MedianActSeconds, x.P90ActSeconds), Is.EqualTo(((long?)2400, (long?)10800)));
    }

    [Test]
    public void A_platform_with_only_open_requests_has_no_durations()
    {
        var facebook = Compute().Single(p => p.PlatformId == "facebook");
        Assert.That((facebook.Requests, facebook.Acknowledged, facebook.MedianAcknowledgeSeconds, facebook.P90ActSeconds, facebook.UnansweredRate),
            Is.EqualTo((1, 0, (long?)null, (long?)null, 0.0)));
        Assert.That(facebook.Name, Is.EqualTo("facebook"), "a platform without a known name is named by its id");
        Assert.That(facebook.ByCategory.Single().LegalBasis, Is.EqualTo(LegalBasis.DsaNotice));
    }

    [Test]
    public void A_platforms_figures_are_the_sum_of_its_categories()
    {
        var statistics = new NonResponseStatistics();
        statistics.Add(Fact("x", 10, 30, Outcome.Removed));
        statistics.Add(Fact("x", 20, 40, Outcome.Removed, category: Category.ChildSexualAbuse, basis: LegalBasis.Lcen61));
        statistics.Add(Fact("x", 30, null, null, category: Category.ChildSexualAbuse, basis: LegalBasis.Lcen61));
        var x = statistics.Figures(new Dictionary<string, string>()).Single();
        Assert.That(x.ByCategory.Select(c => (c.Category, c.Requests, c.MedianAcknowledgeSeconds)),
            Is.EqualTo(new[] { (Category.ChildSexualAbuse, 2, (long?)1200), (Category.Terrorism, 1, (long?)600) }));
        Assert.That((x.Requests, x.MedianAcknowledgeSeconds, x.P90AcknowledgeSeconds), Is.EqualTo((3, (long?)1200, (long?)1800)));
    }

    [TestCase(new long[] { }, 0.5, null)]
    [TestCase(new long[] { 7 }, 0.9, 7L)]
    [TestCase(new long[] { 1, 2 }, 0.5, 1L)]
    [TestCase(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 0.9, 9L)]
    [TestCase(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, 0.9, 10L)]
    public void Nearest_rank_picks_the_value_at_rank_ceil_p_n(long[] sorted, double p, long? expected) =>
        Assert.That(Tally.NearestRank(sorted.Select(v => (int)v).ToList(), p), Is.EqualTo(expected));

    [TestCase("a,b", "\"a,b\"")]
    [TestCase("say \"no\"", "\"say \"\"no\"\"\"")]
    [TestCase("two\r\nlines", "\"two\r\nlines\"")]
    [TestCase("plain", "plain")]
    public void A_csv_field_is_quoted_as_RFC_4180_says(string field, string quoted) =>
        Assert.That(Pharos.Triage.Infrastructure.Api.CsvCells.Quote(field), Is.EqualTo(quoted));
}

/// <summary>Issue 13, item 1's statistics: a superseded request counts on its own, never as answered nor unanswered.</summary>
public class When_a_request_is_superseded
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    // (acknowledged at, closed at, found unanswered): what the platform did before the stricter request replaced it.
    private static readonly TestCaseData[] Cases =
    [
        new TestCaseData(null, 30.0, false).SetName("Superseded_while_pending"),
        new TestCaseData(10.0, 30.0, false).SetName("Superseded_after_an_acknowledgement"),
        new TestCaseData(null, 150.0, true).SetName("Superseded_after_it_was_found_unanswered"),
    ];

    [TestCaseSource(nameof(Cases))]
    public void It_counts_in_requests_and_superseded_only(double? ackMin, double closedMin, bool unanswered)
    {
        var tally = new Tally();
        tally.Add(When_computing_non_response_figures.Fact("x", ackMin, closedMin, Outcome.Superseded, unanswered: unanswered));
        var f = tally.ToFigures(() => new Figures());
        Assert.That((f.Requests, f.Superseded, f.Acknowledged, f.AcknowledgedInTime, f.Acted, f.Refused, f.NotFound, f.Unanswered, f.MedianAcknowledgeSeconds),
            Is.EqualTo((1, 1, 0, 0, 0, 0, 0, 0, (long?)null)));
        Assert.That(f.UnansweredRate, Is.Zero);
    }

    [Test]
    public void The_unanswered_rate_leaves_superseded_requests_out()
    {
        var tally = new Tally();
        tally.Add(When_computing_non_response_figures.Fact("x", null, 30, Outcome.Superseded));
        tally.Add(When_computing_non_response_figures.Fact("x", null, null, null, unanswered: true));
        tally.Add(When_computing_non_response_figures.Fact("x", 10, 20, Outcome.Removed));
        var f = tally.ToFigures(() => new Figures());
        Assert.That((f.Requests, f.Superseded, f.Unanswered, f.UnansweredRate), Is.EqualTo((3, 1, 1, 0.5)));
    }
}

/// <summary>Issue 13, item 3: unanswered is what the sweep found when no answer had been recorded; durations never run backwards.</summary>
public class When_an_answer_meets_the_unanswered_sweep
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    // The sweep finds the request unanswered at 12:00 (Fact's unanswered); the answer is recorded at closedMin.
    [TestCase(59, false, 1, TestName = "Recorded_in_time_before_the_sweep_is_never_unanswered")]
    [TestCase(90, false, 0, TestName = "Recorded_late_but_before_the_sweep_is_late_not_unanswered")]
    [TestCase(120, false, 0, TestName = "Recorded_as_the_sweep_fires_is_not_unanswered")]
    [TestCase(150, true, 0, TestName = "Recorded_after_the_sweep_stays_unanswered")]
    public void It_is_counted_by_when_the_answer_was_recorded(int closedMin, bool unanswered, int actedInTime)
    {
        var tally = new Tally();
        tally.Add(When_computing_non_response_figures.Fact("x", 10, closedMin, Outcome.Removed, unanswered: true));
        var f = tally.ToFigures(() => new Figures());
        Assert.That((f.Unanswered, f.Acted, f.ActedInTime, f.MedianActSeconds), Is.EqualTo((unanswered ? 1 : 0, 1, actedInTime, (long?)(closedMin * 60))));
    }

    [Test]
    public void A_duration_that_would_end_before_it_starts_fails_instead_of_being_published()
    {
        Assert.That(Elapsed.WholeSeconds(T0, T0.AddMilliseconds(1999)), Is.EqualTo(1));
        Assert.That(Elapsed.WholeSeconds(T0, T0), Is.Zero);
        Assert.Throws<InvalidOperationException>(() => Elapsed.WholeSeconds(T0, T0.AddMilliseconds(-1)));
    }
}
