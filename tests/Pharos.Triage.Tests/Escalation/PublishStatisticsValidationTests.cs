using Pharos.Triage.Escalation.Api;

namespace Pharos.Triage.Tests.Escalation;

/// <summary>API.md, "Ministry": a publication's period, from and to, each required.</summary>
public class When_validating_a_publication_period
{
    private static readonly PublishStatisticsValidator Validator = new();

    [Test]
    public void An_empty_body_is_refused_naming_both_ends()
    {
        // The period's end was checked only once its start was given, so a first try named from alone.
        Assert.That(Validator.Validate(new PublishStatistics(null, null)).Errors.Select(e => e.PropertyName.ToLowerInvariant()),
            Is.EquivalentTo(new[] { "from", "to" }));
    }

    [Test]
    public void An_end_before_the_start_is_refused()
    {
        var from = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        Assert.That(Validator.Validate(new PublishStatistics(from, from.AddDays(-1))).Errors.Select(e => e.PropertyName.ToLowerInvariant()), Is.EqualTo(new[] { "to" }));
        Assert.That(Validator.Validate(new PublishStatistics(from, from.AddDays(1))).IsValid, Is.True);
    }
}
