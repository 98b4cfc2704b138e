using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>The messages each consumer has handled, recorded in the same transaction as what it changed.</summary>
public static class Inbox
{
    /// <summary>
    /// Records that <paramref name="consumer"/> handled <paramref name="messageId"/>. False when it already
    /// had: the caller then changes nothing, which makes redelivery harmless.
    /// </summary>
    public static async Task<bool> TryRecordHandled(this UnitOfWork uow, Guid? messageId, string consumer, DateTimeOffset now)
    {
        if (messageId is null) return true;
        var inserted = await uow.ExecuteAsync(uow.Database.Outbox().Sql.RecordHandled,
            new { MessageId = messageId.Value.ToString(), Consumer = consumer, HandledAt = now });
        return inserted == 1;
    }
}
