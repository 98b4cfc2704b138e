using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Infrastructure.Deadlines;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Routing.Catalogue;
using Pharos.Triage.Routing.Consumers;
using Pharos.Triage.Routing.Data;
using Pharos.Triage.Routing.Platforms;

namespace Pharos.Triage.Routing;

/// <summary>
/// Routing: URL normalisation, the platform records and their admin API (it owns them and announces each change),
/// dedup of open requests, request issue.
/// </summary>
public static class RoutingService
{
    public const string Name = "Routing";

    public static readonly ServiceModule Module = new(Name, Register, AddConsumers, app => app.MapPlatformEndpoints());

    private static void Register(WebApplicationBuilder builder)
    {
        builder.AddServiceDatabase(Name, (provider, connection, synchronous) => new RoutingDatabase(provider, connection, synchronous));
        builder.Services.AddSingleton<LiveCatalogue>();
        builder.Services.AddSingleton<IValidator<PlatformBody>, PlatformBodyValidator>();
        builder.Services.AddSingleton<PlatformStore>();
        builder.AddDeadlinePolicies();
        builder.Services.AddSingleton<CatalogueLoader>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CatalogueLoader>());
    }

    private static void AddConsumers(MassTransit.IBusRegistrationConfigurator bus)
    {
        bus.AddServiceConsumer<ReportFiledConsumer>(Name);
        bus.AddServiceConsumer<RequestClosedConsumer>(Name);
    }
}
