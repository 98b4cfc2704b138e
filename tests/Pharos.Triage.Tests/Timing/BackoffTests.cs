using Pharos.Triage.Infrastructure.Timing;

namespace Pharos.Triage.Tests.Timing;

public sealed class When_a_wait_backs_off
{
    [TestCase(0, 1)]
    [TestCase(1, 2)]
    [TestCase(5, 32)]
    [TestCase(6, 60)]
    [TestCase(1000, 60)]
    [TestCase(-1, 1)]
    public void It_doubles_after_each_try_up_to_the_longest_wait(int doublings, int seconds) =>
        Assert.That(Backoff.Doubling(TimeSpan.FromSeconds(1), doublings, TimeSpan.FromMinutes(1)), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [Test]
    public void No_number_of_doublings_overflows() =>
        Assert.That(Backoff.Doubling(TimeSpan.FromDays(1), int.MaxValue, TimeSpan.MaxValue), Is.EqualTo(TimeSpan.MaxValue));
}
