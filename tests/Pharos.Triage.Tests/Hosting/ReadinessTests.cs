using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pharos.Triage.Infrastructure.Hosting;

namespace Pharos.Triage.Tests.Hosting;

/// <summary>
/// Issue 13, items 8 and 10: a failing access log or an unsendable outbox row shows in readiness without
/// taking the instance out of the load balancer; the database or the bus failing still does.
/// </summary>
public class When_readiness_is_decided
{
    private static HealthReportEntry Entry(HealthStatus status, params string[] tags) =>
        new(status, status.ToString(), TimeSpan.Zero, null, null, tags);

    private static readonly string[] Ready = [Readiness.Tag];
    private static readonly string[] Advisory = [Readiness.Tag, Readiness.Advisory];

    public static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(HealthStatus.Healthy, HealthStatus.Healthy, 200).SetName("All healthy: ready");
        yield return new TestCaseData(HealthStatus.Healthy, HealthStatus.Degraded, 200).SetName("An advisory check degraded: ready, and says so");
        yield return new TestCaseData(HealthStatus.Degraded, HealthStatus.Healthy, 503).SetName("The bus degraded: not ready");
        yield return new TestCaseData(HealthStatus.Unhealthy, HealthStatus.Degraded, 503).SetName("The database down: not ready");
    }

    [TestCaseSource(nameof(Cases))]
    public void Only_checks_that_are_not_advisory_take_the_instance_out(HealthStatus bus, HealthStatus accessLog, int expected)
    {
        var report = new HealthReport(new Dictionary<string, HealthReportEntry>
        {
            ["masstransit-bus"] = Entry(bus, Ready),
            ["access-log"] = Entry(accessLog, Advisory),
        }, TimeSpan.Zero);

        Assert.That(Readiness.StatusCode(report), Is.EqualTo(expected));
    }
}
