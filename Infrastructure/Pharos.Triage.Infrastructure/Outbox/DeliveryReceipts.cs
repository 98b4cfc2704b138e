using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>
/// A delivery receipt: each consumer (named by its queue) took these messages, in its inbox. Not a domain fact
/// but the outbox's own bookkeeping, so it lives here and not in Contracts, and it never goes through an outbox:
/// a lost receipt costs one resend, which the consumer's inbox absorbs and answers with a new receipt.
/// </summary>
public sealed record MessagesTaken(IReadOnlyList<TakenBy> Taken);

/// <summary>What <paramref name="Consumer"/> took of the messages <paramref name="Publisher"/> (a service's name) sent.</summary>
public sealed record TakenBy(string Publisher, string Consumer, IReadOnlyList<Guid> MessageIds);

/// <summary>
/// Collects what this process's consumers took and publishes it in batches: one <see cref="MessagesTaken"/> per
/// <see cref="OutboxOptions.ReceiptWindow"/> at most, so that receipts cost the broker a handful of messages a
/// second whatever the rate (broker throughput is what limits the pipeline). Best effort: a receipt lost here or
/// on the bus only means the message is sent once more.
/// </summary>
public sealed class DeliveryReceipts(
    IBus bus,
    IOptions<OutboxOptions> options,
    ILogger<DeliveryReceipts> logger,
    IHostApplicationLifetime? lifetime = null) : BackgroundService
{
    private const int MaxPerReceipt = 2000;

    /// <summary>The header in which the outbox dispatcher names the service that published a message.</summary>
    public const string PublisherHeader = "Pharos-Publisher";

    /// <summary>The queue a receive endpoint reads: the last segment of its address, on every transport.</summary>
    public static string QueueOf(Uri inputAddress) =>
        inputAddress.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";

    private readonly Channel<(string Publisher, string Consumer, Guid MessageId)> _taken =
        Channel.CreateUnbounded<(string, string, Guid)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Records that <paramref name="consumer"/> took <paramref name="messageId"/> of <paramref name="publisher"/>: handled it now, or had before.</summary>
    public void Taken(string publisher, string consumer, Guid messageId) => _taken.Writer.TryWrite((publisher, consumer, messageId));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (lifetime is not null && !await lifetime.WaitForStartAsync(stoppingToken)) return;
        var window = options.Value.ReceiptWindow;
        try
        {
            var full = false;
            while (await _taken.Reader.WaitToReadAsync(stoppingToken))
            {
                // A batching window on the real clock, not the service's TimeProvider: it bounds the rate of receipts
                // and is no deadline; under a test's fake clock, receipts must still flow. A full batch means more
                // wait already: no window then, so that receipts keep up with any rate.
                if (window > TimeSpan.Zero && !full) await Task.Delay(window, stoppingToken);
                var batch = new Dictionary<(string Publisher, string Consumer), List<Guid>>();
                var n = 0;
                for (; n < MaxPerReceipt && _taken.Reader.TryRead(out var item); n++)
                {
                    if (!batch.TryGetValue((item.Publisher, item.Consumer), out var ids)) batch[(item.Publisher, item.Consumer)] = ids = [];
                    ids.Add(item.MessageId);
                }
                full = n == MaxPerReceipt;
                if (batch.Count == 0) continue;
                var receipt = new MessagesTaken(batch.Select(b => new TakenBy(b.Key.Publisher, b.Key.Consumer, b.Value)).ToList());
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    timeout.CancelAfter(options.Value.PublishTimeout);
                    await bus.Publish(receipt, timeout.Token).WaitAsync(options.Value.PublishTimeout, stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogDebug(ex, "A delivery receipt for {Count} messages was not sent; they will be sent again and receipted then",
                        batch.Sum(b => b.Value.Count));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}

/// <summary>
/// On every receive endpoint: once a consumer returned without error (it handled the message and committed, or its
/// inbox said it already had), the message is receipted under the endpoint's queue name, the name
/// <see cref="MessageSubscriptions"/> waits for.
/// </summary>
public sealed class ReceiptFilter<T>(DeliveryReceipts receipts) : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        await next.Send(context);
        if (typeof(T) != typeof(MessagesTaken) && context.MessageId is { } id)
            receipts.Taken(context.Headers.Get<string>(DeliveryReceipts.PublisherHeader) ?? "", DeliveryReceipts.QueueOf(context.ReceiveContext.InputAddress), id);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("delivery-receipt");
}

/// <summary>
/// Marks the receipted rows of each outbox this process holds, each service reading only what its own messages were
/// receipted for (a message without the publisher header is looked for in every outbox: ids are unique across services).
/// </summary>
public sealed class MessagesTakenConsumer(IServiceProvider services) : IConsumer<MessagesTaken>
{
    // SQL Server takes at most 2,100 parameters in a statement.
    private const int Chunk = 1000;

    public async Task Consume(ConsumeContext<MessagesTaken> context)
    {
        foreach (var database in services.GetServices<ServiceDatabase>())
        {
            var mine = context.Message.Taken
                .Where(t => t.Publisher.Length == 0 || string.Equals(t.Publisher, database.ServiceName, StringComparison.Ordinal)).ToList();
            if (mine.Count == 0) continue;
            await using var uow = await database.BeginAsync(context.CancellationToken);
            foreach (var taken in mine)
            foreach (var ids in taken.MessageIds.Chunk(Chunk))
                await uow.ExecuteAsync(database.Outbox().Sql.MarkTaken, new
                {
                    Token = MessageSubscriptions.Token(taken.Consumer),
                    MessageIds = ids.Select(id => id.ToString()).ToArray(),
                });
            await uow.CommitAsync(context.CancellationToken);
        }
    }
}
