using Pharos.Triage.Routing.Decisions;

namespace Pharos.Triage.Tests.Routing;

/// <summary>Issue 13 item 10: references hold at ten times the design volume of 1.3 million requests a year.</summary>
public class When_a_year_issues_millions_of_requests
{
    private const string WellFormed = @"^PHR-2026-\d{8}$";

    [TestCase(1, "PHR-2026-00000001")]
    [TestCase(999_999, "PHR-2026-00999999")]
    [TestCase(1_000_000, "PHR-2026-01000000")]
    [TestCase(9_999_999, "PHR-2026-09999999")]
    [TestCase(10_000_000, "PHR-2026-10000000")]
    [TestCase(13_000_000, "PHR-2026-13000000")]
    [TestCase(RequestReference.FixedWidthPerYear, "PHR-2026-99999999")]
    public void A_reference_keeps_its_fixed_width(long number, string reference)
    {
        Assert.That(RequestReference.Format(2026, number), Is.EqualTo(reference).And.Match(WellFormed));
    }

    [Test]
    public void The_millionth_and_the_ten_millionth_are_distinct_and_sort_after_the_earlier_ones()
    {
        long[] numbers = [1, 2, 9, 10, 99_999, 999_998, 999_999, 1_000_000, 1_000_001, 9_999_999, 10_000_000, 10_000_001, 13_000_000];
        var references = numbers.Select(n => RequestReference.Format(2026, n)).ToList();

        Assert.That(references, Is.Unique);
        Assert.That(references, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal), "text order is issue order");
        Assert.That(references, Has.All.Match(WellFormed));
    }

    [Test]
    public void A_number_below_one_is_refused()
    {
        Assert.That(() => RequestReference.Format(2026, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
