using Pharos.Triage.Host;
using Pharos.Triage.Host.Commands;
using Pharos.Triage.Infrastructure.Storage;

var builder = WebApplication.CreateBuilder(args);
// A command (api-keys, migrate, ...) does its task and exits; with none, the host runs the services.
if (OperatorCommands.IsCommand(args)) return await OperatorCommands.InvokeAsync(args, builder);
builder.AddPharosServices();

var app = builder.Build();
app.UsePharosServices();
try
{
    await app.RunAsync();
}
catch (MigrationRefusedException refused)
{
    // A database not as this build needs it (a script edited, or not applied under Verify): why and what to do, no trace.
    app.Logger.LogCritical("{Refusal}", refused.Message);
    return 1;
}
return 0;

/// <summary>The entry point, named for tests that host it.</summary>
public partial class Program;
