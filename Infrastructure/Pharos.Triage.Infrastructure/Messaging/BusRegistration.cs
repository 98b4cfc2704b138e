using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Infrastructure.Hosting;

namespace Pharos.Triage.Infrastructure.Messaging;

public static class BusRegistration
{
    /// <summary>
    /// Registers a consumer on a queue named after its service, so that two services' consumers of the
    /// same message never share (and compete on) one queue, even in one process.
    /// </summary>
    public static IConsumerRegistrationConfigurator<T> AddServiceConsumer<T>(this IBusRegistrationConfigurator bus, string service)
        where T : class, IConsumer
    {
        var name = $"{service.ToLowerInvariant()}-{KebabCaseEndpointNameFormatter.Instance.Consumer<T>()}";
        var registration = bus.AddConsumer<T>();
        registration.Endpoint(e => e.Name = name);
        return registration;
    }

    public static void AddPharosBus(this WebApplicationBuilder builder, IEnumerable<ServiceModule> modules)
    {
        var options = builder.Configuration.GetSection(PharosOptions.Section).Get<PharosOptions>() ?? new PharosOptions();
        // The host counts as started only once the bus and its receive endpoints are: what waits for
        // ApplicationStarted (the outbox dispatchers) then never publishes into unbound queues.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(host =>
        {
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromSeconds(60);
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            foreach (var module in modules) module.AddConsumers(x);

            if (options.Transport == Transport.RabbitMq)
            {
                var connection = builder.Configuration.GetConnectionString("RabbitMq")
                    ?? throw new InvalidOperationException("Pharos:Transport is RabbitMq but ConnectionStrings:RabbitMq is not set.");
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(connection));
                    ConfigureRetry(cfg);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) =>
                {
                    ConfigureRetry(cfg);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
    }

    // Transient faults, and messages that overtook the one they follow (each consumer has its own
    // queue, so a request's acknowledgement can arrive before its issue): retry, then the _error queue.
    private static void ConfigureRetry(IBusFactoryConfigurator cfg) =>
        cfg.UseMessageRetry(r => r.Intervals(10, 50, 200, 500, 1000, 2000, 5000, 10000, 30000));
}
