using Pharos.Triage.Access;
using Pharos.Triage.Escalation;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Telemetry;
using Pharos.Triage.Intake;
using Pharos.Triage.PlatformLiaison;
using Pharos.Triage.Routing;
using Pharos.Triage.StaffConsole;

namespace Pharos.Triage.Host;

/// <summary>
/// Composes the services this process runs (<c>Pharos:Services</c>): all four by default, the embedded
/// default; one of them when deployed alone.
/// </summary>
public static class Composition
{
    public static readonly IReadOnlyList<ServiceModule> AllModules =
        [IntakeService.Module, RoutingService.Module, LiaisonService.Module, EscalationService.Module];

    private const string DefaultUrl = "http://127.0.0.1:5080";

    public static void AddPharosServices(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(DefaultUrl);

        var options = builder.AddPharosPlatform();
        var modules = Selected(options);
        builder.Services.AddSingleton(new ComposedServices(modules.Select(m => m.Name).ToList()));
        builder.AddPharosTelemetry(modules.Select(m => m.Name).ToList());

        builder.AddDemoPrincipals(DemoPlatforms.Ids);

        builder.AddPharosAccess();
        foreach (var module in modules) module.Register(builder);
        var console = builder.AddPharosConsole(allServicesHere: modules.Count == AllModules.Count);
        builder.Services.AddSingleton(new ComposedConsole(console));
        builder.AddPharosBus(modules, AllModules);
    }

    public static void UsePharosServices(this WebApplication app)
    {
        app.UsePharosPlatform();
        app.MapAccessEndpoints();
        var composed = app.Services.GetRequiredService<ComposedServices>();
        foreach (var module in AllModules.Where(m => composed.Names.Contains(m.Name)))
            module.MapEndpoints(app);
        if (app.Services.GetRequiredService<ComposedConsole>().Served) app.MapPharosConsole();
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Logger.LogInformation("Pharos.Triage ready at {Urls}, running {Services}", string.Join(", ", app.Urls), string.Join(", ", composed.Names)));
    }

    private static IReadOnlyList<ServiceModule> Selected(PharosOptions options)
    {
        if (options.Services.Length == 0) return AllModules;
        return options.Services.Select(name =>
            AllModules.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(
                $"Pharos:Services names '{name}'; the services are {string.Join(", ", AllModules.Select(m => m.Name))}.")).ToList();
    }

    private sealed record ComposedServices(IReadOnlyList<string> Names);

    private sealed record ComposedConsole(bool Served);
}
