using System.Reflection;
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
        if (bus is ConsumerRecorder recorder)
        {
            // Only listing what the modules consume (MessageSubscriptions): nothing to configure.
            recorder.Record(name, typeof(T));
            return DispatchProxy.Create<IConsumerRegistrationConfigurator<T>, IgnoredRegistration>();
        }
        var registration = bus.AddConsumer<T>((context, consumer) =>
        {
            var intervals = context.GetRequiredService<BusOptions>().Retries;
            consumer.UseMessageRetry(r => r.Intervals(intervals));
        });
        registration.Endpoint(e => e.Name = name);
        return registration;
    }

    /// <summary>
    /// The bus for the <paramref name="modules"/> this process runs. <paramref name="everyModule"/> (all the system's
    /// services, wherever they run; by default these) says who consumes what: each outbox row waits for a receipt
    /// from every consumer of its type (<see cref="MessageSubscriptions"/>).
    /// </summary>
    /// <summary>
    /// Every endpoint receipts what its consumer took. The test-only fault, when on, comes first (outermost), so that a
    /// copy it loses is receipted by nobody.
    /// </summary>
    private static void UseReceipts(IBusFactoryConfigurator cfg, IRegistrationContext context, LoseFirstCopyFault? fault)
    {
        if (fault is not null) cfg.UseConsumeFilter(typeof(LoseFirstCopyFilter<>), context);
        cfg.UseConsumeFilter(typeof(ReceiptFilter<>), context);
    }

    public static void AddPharosBus(this WebApplicationBuilder builder, IReadOnlyList<ServiceModule> modules, IEnumerable<ServiceModule>? everyModule = null)
    {
        var options = builder.Configuration.GetSection(PharosOptions.Section).Get<PharosOptions>() ?? new PharosOptions();
        var bus = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        if (bus.RetryIntervals.Any(i => i < 0))
            throw new InvalidOperationException($"{BusOptions.Section}:RetryIntervals are waits in milliseconds: none may be negative.");
        builder.Services.AddSingleton(bus);
        builder.Services.AddSingleton(MessageSubscriptions.Of(everyModule ?? modules));
        builder.Services.AddOptions<OutboxOptions>();
        builder.Services.AddSingleton<DeliveryReceipts>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliveryReceipts>());
        var fault = LoseFirstCopyFault.From(builder.Configuration);
        if (fault is not null) builder.Services.AddSingleton(fault);
        // One receipt queue per process: its consumer marks the outbox of every service the process runs.
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

/// <summary>What <see cref="BusRegistration.AddServiceConsumer{T}"/> returns while consumers are only being listed: nothing to configure.</summary>
public class IgnoredRegistration : DispatchProxy
{
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => null;
}
