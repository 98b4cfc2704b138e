using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Infrastructure.Hosting;

namespace Pharos.Triage.Infrastructure.Messaging;

/// <summary>Bound from <c>Pharos:Bus</c>.</summary>
public sealed class BusOptions
{
    public const string Section = "Pharos:Bus";

    /// <summary>
    /// Waits between tries of a message that failed, in milliseconds: transient faults, and messages
    /// that overtook the one they follow (each consumer has its own queue, so a request's
    /// acknowledgement can arrive before its issue). After the last, the message goes to the _error queue.
    /// </summary>
    public int[] RetryIntervals { get; set; } = [];

    // Applied only when none are configured: the binder appends configured items to an array's defaults.
    private static readonly int[] DefaultRetryIntervals = [10, 50, 200, 500, 1000, 2000, 5000, 10000, 30000];

    public int[] Retries => RetryIntervals.Length == 0 ? DefaultRetryIntervals : RetryIntervals;

    /// <summary>
    /// RabbitMQ: deliveries of one message before the quorum queue dead-letters it. Only a message that
    /// kills the process each time it is handled gets there; any other failure ends in _error first.
    /// </summary>
    public int DeliveryLimit { get; set; } = 20;

    /// <summary>RabbitMQ: where quorum queues dead-letter, so that nothing is dropped silently.</summary>
    public string DeadLetterQueue { get; set; } = "pharos-dead-letter";
}

public static class BusRegistration
{
    /// <summary>
    /// Registers a consumer on a queue named after its service, so that two services' consumers of the
    /// same message never share (and compete on) one queue, even in one process; with its retry policy.
    /// </summary>
    public static IConsumerRegistrationConfigurator<T> AddServiceConsumer<T>(this IBusRegistrationConfigurator bus, string service)
        where T : class, IConsumer
    {
        var name = $"{service.ToLowerInvariant()}-{KebabCaseEndpointNameFormatter.Instance.Consumer<T>()}";
        var registration = bus.AddConsumer<T>((context, consumer) =>
        {
            var intervals = context.GetRequiredService<BusOptions>().Retries;
            consumer.UseMessageRetry(r => r.Intervals(intervals));
        });
        registration.Endpoint(e => e.Name = name);
        return registration;
    }

    public static void AddPharosBus(this WebApplicationBuilder builder, IEnumerable<ServiceModule> modules)
    {
        var options = builder.Configuration.GetSection(PharosOptions.Section).Get<PharosOptions>() ?? new PharosOptions();
        var bus = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        if (bus.RetryIntervals.Any(i => i < 0))
            throw new InvalidOperationException($"{BusOptions.Section}:RetryIntervals are waits in milliseconds: none may be negative.");
        builder.Services.AddSingleton(bus);

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
            // Not ready while the bus is down: a degraded bus would still answer 200.
            x.ConfigureHealthCheckOptions(health =>
            {
                health.Name = "masstransit-bus";
                health.MinimalFailureStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy;
                if (!health.Tags.Contains("ready")) health.Tags.Add("ready");
            });
            foreach (var module in modules) module.AddConsumers(x);

            if (options.Transport == Transport.RabbitMq)
            {
                var connection = builder.Configuration.GetConnectionString("RabbitMq")
                    ?? throw new InvalidOperationException("Pharos:Transport is RabbitMq but ConnectionStrings:RabbitMq is not set.");
                // Quorum queues survive a broker node's loss; the delivery limit and dead-letter queue
                // end a message that crashes its consumer every time without losing it.
                x.AddConfigureEndpointsCallback((_, _, endpoint) =>
                {
                    if (endpoint is not IRabbitMqReceiveEndpointConfigurator rabbit) return;
                    rabbit.SetQuorumQueue();
                    rabbit.SetQueueArgument("x-delivery-limit", bus.DeliveryLimit);
                    rabbit.BindDeadLetterQueue(bus.DeadLetterQueue, bus.DeadLetterQueue);
                });
                x.UsingRabbitMq((context, cfg) =>
                {
                    // A publish returns only once the broker has the message: the outbox marks a row
                    // sent only then.
                    cfg.Host(new Uri(connection), host => host.PublisherConfirmation = true);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
    }
}
