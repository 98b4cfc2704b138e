using System.Text.RegularExpressions;

namespace Pharos.Triage.IntegrationTests.Deploy;

/// <summary>
/// Issue 18: deployed, the services only verify their migrations; a one-shot `migrate` applies them first, in compose
/// (a service the others wait for) and in Kubernetes (a Job in the kustomization).
/// </summary>
public sealed class When_the_deployment_migrates_before_the_services_start
{
    private static string Read(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pharos.Triage.sln"))) return File.ReadAllText(Path.Combine(dir.FullName, relative));
        throw new InvalidOperationException("The repository root (Pharos.Triage.sln) is not above the test binaries.");
    }

    private static readonly string[] ConnectionStrings = ["Intake", "Routing", "PlatformLiaison", "Escalation", "Access"];

    [Test]
    public void Compose_runs_migrate_once_and_every_service_waits_for_it_and_only_verifies()
    {
        var compose = Read("deploy/compose.yaml");
        var migrate = Regex.Match(compose, @"\n  migrate:\n((?:    .*\n|\s*\n)*)").Groups[1].Value;

        Assert.That(migrate, Does.Contain(@"command: [""migrate""]").And.Contains(@"restart: ""no"""));
        foreach (var name in ConnectionStrings) Assert.That(migrate, Does.Contain($"ConnectionStrings__{name}:"), name);
        // The services' shared block waits for it; its own depends_on replaces that block's (it cannot wait for itself).
        var shared = Regex.Match(compose, @"x-service: &service\n((?:  .*\n)*)").Groups[1].Value;
        Assert.That(shared, Does.Match(@"migrate:\s*\n\s*condition: service_completed_successfully"));
        Assert.That(migrate, Does.Match(@"depends_on:\s*\n\s*sqlserver-init:"));
        Assert.That(Regex.Match(compose, @"x-service-environment: &service-environment\n((?:  .*\n)*)").Groups[1].Value,
            Does.Contain("Pharos__Database__Migrations: Verify"));
    }

    [Test]
    public void Kubernetes_runs_a_migrate_job_with_every_connection_string_and_the_services_only_verify()
    {
        var job = Read("deploy/k8s/migrate-job.yaml");

        Assert.That(Read("deploy/k8s/kustomization.yaml"), Does.Match(@"(?m)^\s*- migrate-job\.yaml\s*$"));
        Assert.That(job, Does.Contain("kind: Job").And.Contains(@"args: [""migrate""]").And.Contains("restartPolicy: Never"));
        foreach (var name in ConnectionStrings) Assert.That(job, Does.Contain($"key: ConnectionStrings__{name}"), name);
        Assert.That(Read("deploy/k8s/configmap.yaml"), Does.Match(@"(?m)^  Pharos__Database__Migrations: Verify$"));
    }
}
