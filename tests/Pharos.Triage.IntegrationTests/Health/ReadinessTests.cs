using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Intake.Data;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Health;

public sealed class When_a_database_does_not_answer
{
    [Test]
    public async Task Its_check_is_unhealthy()
    {
        // A database file in a folder that is a file: it cannot be opened, as a lost disk could not.
        var blocker = Path.GetTempFileName();
        var database = new IntakeDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(blocker, "intake.db")};Mode=ReadWrite", "NORMAL");
        var result = await new DatabaseHealthCheck(database).CheckHealthAsync(new HealthCheckContext());
        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
        File.Delete(blocker);
    }

    [Test]
    public async Task Ready_lists_every_database_and_the_bus_and_live_lists_nothing()
    {
        using var app = new PharosApp();
        var services = app.Services.GetService(typeof(HealthCheckService)) as HealthCheckService;
        var report = await services!.CheckHealthAsync(c => c.Tags.Contains("ready"));
        Assert.That(report.Entries.Keys, Is.SupersetOf(new[] { "intake-database", "routing-database", "platformliaison-database", "escalation-database", "access-database", "masstransit-bus" }));
        Assert.That(report.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That((await app.CreateClient().GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
