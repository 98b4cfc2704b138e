using Pharos.Triage.Access.ApiKeys;
using Pharos.Triage.Host;
using Pharos.Triage.Infrastructure.Hosting;

var builder = WebApplication.CreateBuilder(args);
if (ApiKeyCommand.Matches(args)) return await ApiKeyCommand.RunAsync(args, builder.Configuration);
if (ErrorQueueCommand.Matches(args)) return await ErrorQueueCommand.RunAsync(args, builder.Configuration);
builder.AddPharosServices();

var app = builder.Build();
app.UsePharosServices();
await app.RunAsync();
return 0;

/// <summary>The entry point, named for tests that host it.</summary>
public partial class Program;
