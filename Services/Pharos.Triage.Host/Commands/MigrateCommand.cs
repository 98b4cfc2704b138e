using System.CommandLine;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Host.Commands;

/// <summary>
/// <c>migrate</c>: applies the migrations of every service this host composes, and Access's, then exits: Kubernetes runs
/// it as a Job before services told only to verify (<c>Pharos:Database:Migrations = Verify</c>) start.
/// </summary>
public static class MigrateCommand
{
    public static Command Create(CommandServices services)
    {
        var command = new Command("migrate",
            "Applies every database's migrations (each composed service's, and Access's) and exits, even where Pharos:Database:Migrations is Verify.");
        command.SetRun(async (_, output, ct) =>
        {
            // Applied, not verified, whatever the configuration: this is what Verify waits for.
            foreach (var migration in services.Provider.GetServices<DatabaseMigration>())
            {
                var applied = await services.Provider.MigrateAsync(migration, MigrationMode.Apply, ct);
                var scripts = migration.Assemblies.Sum(a => MigrationRunner.ScriptsIn(a, migration.Database.Provider).Count);
                await output.WriteLineAsync($"{migration.Database.ServiceName}: {applied.Count} script(s) applied now; all {scripts} applied, as released.");
            }
            return 0;
        });
        return command;
    }
}
