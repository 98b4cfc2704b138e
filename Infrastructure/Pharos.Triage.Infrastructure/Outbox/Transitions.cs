using MassTransit;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>
/// The one shape of a change of state: a row read under its lock, a transition applied to it, the row written back and
/// the messages the transition caused written to the outbox, all in one transaction. Each lifecycle keeps its own table
/// of transitions and its pure decision functions; a transition changes the row it is given and returns the messages
/// it causes, or null when its lifecycle refuses (then nothing is written).
/// </summary>
public static class Transitions
{
    /// <summary>
    /// The row <paramref name="select"/> reads with <paramref name="key"/>, locked for the change that follows. Another
    /// message can overtake the one that creates it: then this one fails, to be retried a little later.
    /// </summary>
    public static async Task<TRow> RequireAsync<TRow>(this UnitOfWork uow, string select, object key, string what) =>
        await uow.QuerySingleOrDefaultAsync<TRow>(select, key) ?? throw new NotYetKnownException(what);

    /// <summary>
    /// Applies <paramref name="transition"/> to <paramref name="row"/>, read under its lock in <paramref name="uow"/>; unless
    /// refused, writes the row back with <paramref name="update"/> and publishes the messages it caused through the outbox.
    /// Returns those messages, or null when the transition was refused.
    /// </summary>
    public static async Task<IReadOnlyList<object>?> ApplyAsync<TRow>(
        this UnitOfWork uow, TRow row, string update, DateTimeOffset now, Func<TRow, DateTimeOffset, IReadOnlyList<object>?> transition)
    {
        var messages = transition(row, now);
        if (messages is null) return null;
        await uow.ExecuteAsync(update, row);
        foreach (var message in messages) await uow.Publish(message, now);
        return messages;
    }

    /// <summary>
    /// A message's transition of the row <paramref name="load"/> reads (<see cref="RequireAsync{TRow}"/>), applied once per
    /// message (<see cref="ConsumeOnce"/>): loaded, changed, written back and published in one transaction with the inbox
    /// record. A refused transition writes nothing but the inbox record, and is told to <paramref name="refused"/>.
    /// </summary>
    public static Task TransitionOnceAsync<TMessage, TRow>(
        this ServiceDatabase database, ConsumeContext<TMessage> context, string consumer, TimeProvider clock,
        Func<UnitOfWork, Task<TRow>> load, string update, Func<TRow, DateTimeOffset, IReadOnlyList<object>?> transition,
        Action<TRow>? refused = null)
        where TMessage : class =>
        database.HandleOnceAsync(context, consumer, clock, async (uow, now) =>
        {
            var row = await load(uow);
            if (await uow.ApplyAsync(row, update, now, transition) is null) refused?.Invoke(row);
        });
}
