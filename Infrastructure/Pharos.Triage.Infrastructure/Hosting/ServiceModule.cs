using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Pharos.Triage.Infrastructure.Hosting;

/// <summary>
/// What a service brings to a host: its registrations, its consumers and its endpoints. A host runs
/// one module (a service deployed alone) or all four (the embedded default).
/// </summary>
public sealed record ServiceModule(
    string Name,
    Action<WebApplicationBuilder> Register,
    Action<IBusRegistrationConfigurator> AddConsumers,
    Action<IEndpointRouteBuilder> MapEndpoints);
