using Microsoft.Extensions.Logging.Console;

namespace Pharos.Triage.Host.Commands;

/// <summary>
/// The services of the host as configured, built but never started (no server, no bus, no background work): a command
/// uses a service's own classes on its own database. Built on first use, so that <c>--help</c> and a wrong command line
/// touch nothing.
/// </summary>
public sealed class CommandServices(WebApplicationBuilder builder) : IAsyncDisposable
{
    private WebApplication? _app;

    public IServiceProvider Provider => (_app ??= Build()).Services;

    private WebApplication Build()
    {
        builder.AddPharosServices();
        // stdout is the command's answer (a script may read its JSON): the logs, of migrations applied, go to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter(typeof(Infrastructure.Storage.MigrationRunner).FullName, LogLevel.Information);
        return builder.Build();
    }

    /// <summary>A service this host composes, or a one-line failure naming the service that is not composed here.</summary>
    public T Require<T>(string service) where T : notnull =>
        Provider.GetService<T>() ?? throw new CommandFailedException(
            $"{service} is not among the services this host runs (Pharos:Services): run the command where it runs.");

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

/// <summary>A command that cannot do what it was asked: its message is the one line the operator reads.</summary>
public sealed class CommandFailedException(string message) : Exception(message);
