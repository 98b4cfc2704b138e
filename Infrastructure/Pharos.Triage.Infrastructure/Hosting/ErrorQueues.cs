using RabbitMQ.Client;

namespace Pharos.Triage.Infrastructure.Hosting;

/// <summary>
/// The operator's way back for messages that failed: once the cause is fixed,
/// <c>Pharos.Triage.Host messages requeue --queue routing-report-filed_error</c> (the Host's Commands) moves what waits in an
/// _error queue back to the queue it came from (or <c>--to</c> another), one message at a time, each
/// acknowledged only after the broker confirmed its copy: a crash midway doubles a message, never loses one.
/// </summary>
public static class ErrorQueues
{
    /// <summary>The queue an _error queue's messages came from.</summary>
    public static string? SourceOf(string errorQueue) =>
        errorQueue.EndsWith("_error", StringComparison.Ordinal) && errorQueue.Length > "_error".Length ? errorQueue[..^"_error".Length] : null;

    public static async Task<int> RequeueAsync(Uri broker, string source, string destination, int limit, CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "pharos-requeue" };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        var moved = 0;
        while (moved < limit && await channel.BasicGetAsync(source, autoAck: false, ct) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties);
            // The fault headers describe the failure that sent it here; the next failure writes its own.
            if (properties.Headers is { } headers)
                foreach (var key in headers.Keys.Where(k => k.StartsWith("MT-Fault-", StringComparison.Ordinal) || k == "MT-Reason").ToList())
                    headers.Remove(key);
            await channel.BasicPublishAsync("", destination, mandatory: true, properties, message.Body, ct);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
            moved++;
        }
        return moved;
    }
}
