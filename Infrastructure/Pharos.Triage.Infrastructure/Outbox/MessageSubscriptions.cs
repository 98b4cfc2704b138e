using MassTransit;

namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>
/// Which consumers (queues) take each message contract, over every service, whichever of them this process runs: a
/// publisher waits for a receipt from each. The host derives it from the services' own consumer declarations, the
/// ones that bind the queues, so a consumer cannot be added without being waited for, nor one be waited for that no
/// queue serves.
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

    /// <summary>The subscriptions of these queues, each read by a consumer of the messages it implements <see cref="IConsumer{T}"/> for.</summary>
    public static MessageSubscriptions FromConsumers(IEnumerable<(string Queue, Type ConsumerType)> consumers) =>
        new(consumers
            .SelectMany(r => ConsumedTypes(r.ConsumerType).Select(t => (Type: MessageTypes.NameOf(t), r.Queue)))
            .GroupBy(r => r.Type, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(r => r.Queue).Distinct().Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal));

    private static IEnumerable<Type> ConsumedTypes(Type consumer) => consumer.GetInterfaces()
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
        .Select(i => i.GetGenericArguments()[0]);
}
