using System.Text.Json;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Infrastructure.Telemetry;

namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>The unit of work's publish: messages written as outbox rows in the same transaction as the state change.</summary>
public static class OutboxMessages
{
    /// <summary>
    /// Writes <paramref name="message"/> to the outbox; it is published after the commit. Returns the
    /// contract name and body written, for callers that keep a copy.
    /// </summary>
    public static async Task<(string MessageType, string Body)> Publish(this UnitOfWork uow, object message, DateTimeOffset now)
    {
        var type = MessageTypes.NameOf(message.GetType());
        var body = JsonSerializer.Serialize(message, message.GetType(), MessageTypes.JsonOptions);
        await uow.PublishStored(type, body, now);
        if (uow.Database.Outbox().Metrics is { } metrics) uow.AfterCommit(() => metrics.Committed(message));
        return (type, body);
    }

    /// <summary>Writes a message kept earlier (by <see cref="Publish"/>) to the outbox again.</summary>
    public static async Task PublishStored(this UnitOfWork uow, string messageType, string body, DateTimeOffset now)
    {
        var outbox = uow.Database.Outbox();
        var trace = StoredTraceContext.Current();
        await uow.ExecuteAsync(outbox.Sql.Enqueue, new
        {
            // Time-ordered as text: the outbox's and every consumer's inbox index take new ids at their end. NewId's
            // text is not ordered, and as those indexes outgrew SQLite's page cache each write touched a random page.
            MessageId = Guid.CreateVersion7(now).ToString(),
            MessageType = messageType,
            Body = body,
            CreatedAt = now,
            Awaiting = outbox.Subscriptions?.AwaitingFor(messageType),
            // The dispatcher sends the row as part of this trace (one report, one trace).
            trace.TraceParent,
            trace.TraceState,
        });
        uow.AfterCommit(outbox.NotifyWritten);
    }

    /// <summary>When the oldest message of this service's outbox still waiting to leave was written; null when none waits.</summary>
    public static async Task<DateTimeOffset?> OldestUnsentAsync(this UnitOfWork uow)
    {
        var createdAt = await uow.ExecuteScalarAsync<long?>(uow.Database.Outbox().Sql.OldestUnsent);
        return createdAt is { } ms ? Timestamps.FromUnixMs(ms) : null;
    }
}
