using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Outbox;

namespace Pharos.Triage.Infrastructure.Hosting;

public static class BusRegistration
{
    /// <summary>
    /// Every endpoint receipts what its consumer took. The test-only fault, when on, comes first (outermost), so that a
    /// copy it loses is receipted by nobody.
    /// </summary>
    private static void UseReceipts(IBusFactoryConfigurator cfg, IRegistrationContext context, LoseFirstCopyFault? fault)
    {
        if (fault is not null) cfg.UseConsumeFilter(typeof(LoseFirstCopyFilter<>), context);
        cfg.UseConsumeFilter(typeof(ReceiptFilter<>), context);
    }

    /// <summary>
    /// The bus for the <paramref name="modules"/> this process runs. <paramref name="everyModule"/> (all the system's
    /// services, wherever they run; by default these) says who consumes what: each outbox row waits for a receipt
    /// from every consumer of its type (<see cref="ServiceConsumers.SubscriptionsOf"/>).
    /// </summary>
    public static void AddPharosBus(this WebApplicationBuilder builder, IReadOnlyList<ServiceModule> modules, IEnumerable<ServiceModule>? everyModule = null)
    {
        builder.Services.AddPharosOptions();
        // Which transport is a wiring decision, taken before the container exists; the section is bound and checked with the others.
        var transport = (builder.Configuration.GetSection(PharosOptions.Section).Get<PharosOptions>() ?? new PharosOptions()).Transport;
        builder.Services.AddSingleton(ServiceConsumers.SubscriptionsOf(everyModule ?? modules));
        builder.Services.AddSingleton<DeliveryReceipts>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliveryReceipts>());
        var fault = LoseFirstCopyFault.From(builder.Configuration);
        if (fault is not null) builder.Services.AddSingleton(fault);
        // One receipt queue per process, named after the services it runs: its consumer marks the outbox of each.
        var receiptQueue = string.Join("-", modules.Select(m => m.Name.ToLowerInvariant())) + "-messages-taken";

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
                health.Tags.Add(Readiness.Tag);
            });
            foreach (var module in modules) module.AddConsumers(x);
            x.AddConsumer<MessagesTakenConsumer>((context, consumer) =>
                consumer.UseMessageRetry(r => r.Intervals(context.GetRequiredService<BusOptions>().Retries.Take(4).ToArray())))
                .Endpoint(e => e.Name = receiptQueue);

            if (transport == Transport.RabbitMq)
            {
                var connection = builder.Configuration.GetConnectionString("RabbitMq")
                    ?? throw new InvalidOperationException("Pharos:Transport is RabbitMq but ConnectionStrings:RabbitMq is not set.");
                builder.Services.AddErrorQueueSample(connection, ServiceConsumers.QueuesOf(modules).Append(receiptQueue));
                // Quorum queues survive a broker node's loss; the delivery limit and dead-letter queue
                // end a message that crashes its consumer every time without losing it.
                x.AddConfigureEndpointsCallback((context, _, endpoint) =>
                {
                    if (endpoint is not IRabbitMqReceiveEndpointConfigurator rabbit) return;
                    var bus = context.GetRequiredService<IOptions<BusOptions>>().Value;
                    rabbit.SetQuorumQueue();
                    rabbit.SetQueueArgument("x-delivery-limit", bus.DeliveryLimit);
                    rabbit.BindDeadLetterQueue(bus.DeadLetterQueue, bus.DeadLetterQueue);
                });
                x.UsingRabbitMq((context, cfg) =>
                {
                    // A publish returns only once the broker has the message: the outbox marks a row
                    // sent only then.
                    cfg.Host(new Uri(connection), host => host.PublisherConfirmation = true);
                    UseReceipts(cfg, context, fault);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) =>
                {
                    UseReceipts(cfg, context, fault);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
    }
}
