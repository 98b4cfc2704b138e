using System.Reflection;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Infrastructure.Outbox;

namespace Pharos.Triage.Infrastructure.Hosting;

/// <summary>
/// A service's consumers: each on a queue named after the service, and, from the same declarations, who consumes
/// each message (<see cref="MessageSubscriptions"/>), over every service wherever it runs.
/// </summary>
public static class ServiceConsumers
{
    /// <summary>
    /// Registers a consumer on a queue named after its service, so that two services' consumers of the
    /// same message never share (and compete on) one queue, even in one process; with its retry policy.
    /// <paramref name="service"/> is the declaring module's name (<see cref="ServiceModule.Name"/>): any other is refused.
    /// </summary>
    public static IConsumerRegistrationConfigurator<T> AddServiceConsumer<T>(this IBusRegistrationConfigurator bus, string service)
        where T : class, IConsumer
    {
        var name = $"{service.ToLowerInvariant()}-{KebabCaseEndpointNameFormatter.Instance.Consumer<T>()}";
        if (bus is ConsumerRecorder recorder)
        {
            // Only listing what the modules consume (SubscriptionsOf): nothing to configure.
            recorder.Record(service, name, typeof(T));
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

    /// <summary>The queues the <paramref name="modules"/>' consumers read, from their own declarations.</summary>
    public static IEnumerable<string> QueuesOf(IEnumerable<ServiceModule> modules) =>
        SubscriptionsOf(modules).Consumers.Values.SelectMany(q => q).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Who consumes what, from the <paramref name="modules"/>' own consumer declarations: every
    /// <see cref="AddServiceConsumer{T}"/> call, each under its module's name.
    /// </summary>
    public static MessageSubscriptions SubscriptionsOf(IEnumerable<ServiceModule> modules)
    {
        var recorder = DispatchProxy.Create<IBusRegistrationConfigurator, ConsumerRecorder>();
        var recording = (ConsumerRecorder)(object)recorder;
        foreach (var module in modules)
        {
            recording.Module = module.Name;
            try
            {
                module.AddConsumers(recorder);
            }
            catch (Exception ex) when (ex is not NotSupportedException)
            {
                // The proxy cannot even stand in for some generic members: the same refusal, said plainly.
                throw new NotSupportedException(
                    $"The {module.Name} module must declare its consumers with AddServiceConsumer only: the publishers derive who must receive each message from those declarations.", ex);
            }
        }
        return MessageSubscriptions.FromConsumers(recording.Recorded);
    }
}

/// <summary>
/// Stands in for the bus configurator while <see cref="ServiceConsumers.SubscriptionsOf"/> runs a module's consumer
/// declarations: <see cref="ServiceConsumers.AddServiceConsumer{T}"/> records the queue and consumer instead of
/// registering them. Anything else a module would do with the configurator is refused, so that no consumer escapes.
/// </summary>
public class ConsumerRecorder : DispatchProxy
{
    internal string Module { get; set; } = "";

    internal List<(string Queue, Type ConsumerType)> Recorded { get; } = [];

    internal void Record(string service, string queue, Type consumerType)
    {
        if (!string.Equals(service, Module, StringComparison.OrdinalIgnoreCase))
            throw new NotSupportedException(
                $"The {Module} module declares {consumerType.Name} under '{service}': a service's queues are named after the service, so it must pass its own name.");
        Recorded.Add((queue, consumerType));
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new NotSupportedException(
            $"A service module declares its consumers with AddServiceConsumer only ({targetMethod?.Name} was called): the publishers derive who must receive each message from those declarations.");
}

/// <summary>What <see cref="ServiceConsumers.AddServiceConsumer{T}"/> returns while consumers are only being listed: nothing to configure.</summary>
public class IgnoredRegistration : DispatchProxy
{
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => null;
}
