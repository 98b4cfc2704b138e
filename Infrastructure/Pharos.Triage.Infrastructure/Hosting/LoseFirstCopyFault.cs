using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Pharos.Triage.Infrastructure.Outbox;

namespace Pharos.Triage.Infrastructure.Hosting;

/// <summary>
/// TEST ONLY: a bus that loses messages. With <c>Pharos:Faults:LoseFirstCopyOfEachMessageType</c> set to
/// <c>true</c>, every receive endpoint silently drops the first copy of each message type it gets (receipts
/// included), as a broker losing its disk or a process dying with the in-memory bus would: the copy is gone, and
/// nobody is told. A list of contract names (<c>RequestClosed,RequestAcknowledged</c>) limits it to those types.
/// The fault tests use it to show that every fact still reaches every service that needs it.
/// </summary>
public sealed class LoseFirstCopyFault
{
    public const string Key = "Pharos:Faults:LoseFirstCopyOfEachMessageType";

    private readonly ConcurrentDictionary<string, bool> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<string>? _only;
    private int _lost;

    private LoseFirstCopyFault(HashSet<string>? only) => _only = only;

    /// <summary>The fault as configured, or null when it is off (always, outside tests).</summary>
    public static LoseFirstCopyFault? From(IConfiguration configuration)
    {
        var value = configuration[Key];
        if (string.IsNullOrWhiteSpace(value) || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase)) return null;
        if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)) return new LoseFirstCopyFault(null);
        return new LoseFirstCopyFault(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>How many copies were dropped.</summary>
    public int Lost => Volatile.Read(ref _lost);

    internal bool Loses(string queue, Type messageType)
    {
        if (_only is not null && !_only.Contains(messageType.Name)) return false;
        if (!_seen.TryAdd(queue + "/" + messageType.Name, true)) return false;
        Interlocked.Increment(ref _lost);
        return true;
    }
}

/// <summary>Drops what <see cref="LoseFirstCopyFault"/> says to, before the consumer, its inbox or its receipt see it.</summary>
public sealed class LoseFirstCopyFilter<T>(LoseFirstCopyFault fault, ILogger<LoseFirstCopyFault> logger) : IFilter<ConsumeContext<T>> where T : class
{
    public Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var queue = DeliveryReceipts.QueueOf(context.ReceiveContext.InputAddress);
        if (!fault.Loses(queue, typeof(T))) return next.Send(context);
        logger.LogWarning("Fault: lost the first {MessageType} ({MessageId}) on its way to {Queue}", typeof(T).Name, context.MessageId, queue);
        // Counted as consumed, so that the transport acknowledges it and it is gone: a message nothing consumed
        // would be moved to the endpoint's _skipped queue instead, which is no loss.
        return context.NotifyConsumed(context, TimeSpan.Zero, "lose-first-copy");
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("lose-first-copy");
}
