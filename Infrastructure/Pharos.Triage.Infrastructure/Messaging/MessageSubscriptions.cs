using System.Reflection;
using MassTransit;
using Pharos.Triage.Infrastructure.Hosting;

namespace Pharos.Triage.Infrastructure.Messaging;

/// <summary>
/// Which consumers (queues) take each message contract, over every service module, whichever of them this process
/// runs: a publisher waits for a receipt from each. Derived from the modules' own
/// <see cref="BusRegistration.AddServiceConsumer{T}"/> calls, the ones that bind the queues, so a consumer cannot
/// be added without being waited for, nor one be waited for that no queue serves.
/// </summary>
public sealed class MessageSubscriptions
{
    private readonly Dictionary<string, string> _awaiting;

    private MessageSubscriptions(IReadOnlyDictionary<string, IReadOnlyList<string>> consumers)
    {
        Consumers = consumers;
        _awaiting = consumers.ToDictionary(c => c.Key, c => "|" + string.Join("|", c.Value) + "|", StringComparer.Ordinal);
    }

    /// <summary>By contract name (<see cref="MessageTypes"/>), the queues that consume it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Consumers { get; }

    /// <summary>The consumers a new row of <paramref name="messageType"/> waits for, as '|a|b|'; null when none consumes it.</summary>
    public string? AwaitingFor(string messageType) => _awaiting.GetValueOrDefault(messageType);

    /// <summary>The token a receipt from <paramref name="consumer"/> removes from a row's awaiting list.</summary>
    public static string Token(string consumer) => "|" + consumer + "|";

    public static MessageSubscriptions Of(IEnumerable<ServiceModule> modules)
    {
        var recorder = DispatchProxy.Create<IBusRegistrationConfigurator, ConsumerRecorder>();
        var recording = (ConsumerRecorder)(object)recorder;
        foreach (var module in modules)
        {
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
        var consumers = recording.Recorded
            .SelectMany(r => ConsumedTypes(r.ConsumerType).Select(t => (Type: MessageTypes.NameOf(t), r.Queue)))
            .GroupBy(r => r.Type, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(r => r.Queue).Distinct().Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        return new MessageSubscriptions(consumers);
    }

    private static IEnumerable<Type> ConsumedTypes(Type consumer) => consumer.GetInterfaces()
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
        .Select(i => i.GetGenericArguments()[0]);
}

/// <summary>
/// Stands in for the bus configurator while <see cref="MessageSubscriptions.Of"/> runs a module's consumer
/// declarations: <see cref="BusRegistration.AddServiceConsumer{T}"/> records the queue and consumer instead of
/// registering them. Anything else a module would do with the configurator is refused, so that no consumer escapes.
/// </summary>
public class ConsumerRecorder : DispatchProxy
{
    internal List<(string Queue, Type ConsumerType)> Recorded { get; } = [];

    internal void Record(string queue, Type consumerType) => Recorded.Add((queue, consumerType));

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        throw new NotSupportedException(
            $"A service module declares its consumers with AddServiceConsumer only ({targetMethod?.Name} was called): the publishers derive who must receive each message from those declarations.");
}
