using Pharos.Triage.Host;

var builder = WebApplication.CreateBuilder(args);
builder.AddPharosServices();

var app = builder.Build();
app.UsePharosServices();
await app.RunAsync();

/// <summary>The entry point, named for tests that host it.</summary>
public partial class Program;
