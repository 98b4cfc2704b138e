using Pharos.Triage.Infrastructure.Telemetry;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Pharos.Triage.Infrastructure.Hosting;

/// <summary>
/// Reads the depth of this process's _error queues (where a consumer's messages go once its retries are spent, for
/// <see cref="ErrorQueueCommand"/> to move back) and of the dead-letter queue (past the delivery limit), over the same
/// AMQP connection string the bus uses: a passive declare tells a queue's depth without touching its messages. Only on
/// RabbitMQ: the in-memory bus keeps its _error queues inside the process, lost with it.
/// </summary>
public sealed class ErrorQueueSample(Uri broker, IReadOnlyList<string> queues, PharosMetrics metrics) : IMetricsSample, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public string Name => "the error queues";

    /// <summary>The queues whose depth is read: each consumer queue's _error queue, and the dead-letter queue.</summary>
    public IReadOnlyList<string> Queues => queues;

    public async Task SampleAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_connection is not { IsOpen: true })
            {
                if (_connection is not null) await _connection.DisposeAsync();
                _connection = null;
                _connection = await new ConnectionFactory { Uri = broker, ClientProvidedName = "pharos-metrics" }.CreateConnectionAsync(ct);
            }
            foreach (var queue in queues) metrics.ErrorQueueRead(queue, await DepthAsync(_connection, queue, ct));
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<long> DepthAsync(IConnection connection, string queue, CancellationToken ct)
    {
        // A failed passive declare closes its channel: one channel per queue.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return 0; // MassTransit creates an _error queue with its first fault: none yet, nothing waits
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _gate.Dispose();
    }
}
