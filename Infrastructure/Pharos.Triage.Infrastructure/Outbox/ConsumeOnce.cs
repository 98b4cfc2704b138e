using MassTransit;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>
/// The message refers to something this service has not heard of yet: another message overtook the
/// one it follows. Thrown to have the message retried a little later.
/// </summary>
public sealed class NotYetKnownException(string what) : Exception($"{what} is not known here yet.");

public static class ConsumeOnce
{
    /// <summary>
    /// Runs <paramref name="handle"/> in one transaction with the inbox record of this message for
    /// <paramref name="consumer"/>: a message already handled changes nothing, and a failure leaves
    /// neither the state change nor the inbox record behind. On SQL Server, a transient error (a deadlock victim, a
    /// failover) runs the whole transaction again: it rolled back, inbox record included.
    /// </summary>
    public static async Task HandleOnceAsync<T>(
        this ServiceDatabase database,
        ConsumeContext<T> context,
        string consumer,
        TimeProvider clock,
        Func<UnitOfWork, DateTimeOffset, Task> handle)
        where T : class
    {
        await database.InTransactionAsync(async uow =>
        {
            var now = clock.Now();
            if (!await uow.TryRecordHandled(context.MessageId, consumer, now)) return;
            await handle(uow, now);
            await uow.CommitAsync(context.CancellationToken);
        }, context.CancellationToken);
    }
}
