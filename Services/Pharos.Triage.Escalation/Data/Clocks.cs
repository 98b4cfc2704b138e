using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Deadlines;
using Pharos.Triage.Infrastructure.Messaging;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Escalation.Data;

public static class Clocks
{
    /// <summary>A new clock for an issued request: the reminder at half the act window, the grace from the policy.</summary>
    public static ClockRow Start(RequestIssued issued, DeadlinePolicies policies)
    {
        var policy = policies.For(issued.Category, issued.PlatformId)
            ?? throw new InvalidOperationException($"No deadline policy for category {issued.Category}.");
        var clock = new ClockRow
        {
            RequestId = issued.RequestId, Reference = issued.Reference, PlatformId = issued.PlatformId, PlatformName = issued.PlatformName,
            Category = issued.Category, LegalBasis = issued.LegalBasis,
            IssuedAt = issued.IssuedAt, AcknowledgeBy = issued.AcknowledgeBy, ActBy = issued.ActBy,
            RemindAt = issued.IssuedAt + (issued.ActBy - issued.IssuedAt) / 2,
            GraceMs = (long)policy.UnansweredAfter.TotalMilliseconds, Sla = Sla.OnTime,
        };
        clock.NextDueAt = Deadlines.DeadlineLadder.NextDue(clock);
        return clock;
    }

    /// <summary>The request's clock, locked for the change that follows; fails (to be retried) before its issue arrives.</summary>
    public static async Task<ClockRow> RequireClock(this UnitOfWork uow, EscalationDatabase database, string requestId) =>
        await uow.QuerySingleOrDefaultAsync<ClockRow>(database.Sql.SelectClock, new { RequestId = requestId })
        ?? throw new NotYetKnownException($"Request {requestId}");

    /// <summary>Loads a clock, changes it, saves it and publishes what the change caused, once per message.</summary>
    public static Task ChangeClockAsync<T>(this EscalationDatabase database, ConsumeContext<T> context, string consumer, TimeProvider clock,
        string requestId, Func<ClockRow, DateTimeOffset, IReadOnlyList<object>> change) where T : class =>
        database.HandleOnceAsync(context, consumer, clock, async (uow, now) =>
        {
            var row = await uow.RequireClock(database, requestId);
            var messages = change(row, now);
            await uow.ExecuteAsync(database.Sql.UpdateClock, row);
            foreach (var message in messages) await uow.Publish(message, now);
        });

    public static Task ChangeClockAsync<T>(this EscalationDatabase database, ConsumeContext<T> context, string consumer, TimeProvider clock,
        string requestId, Action<ClockRow, DateTimeOffset> change) where T : class =>
        database.ChangeClockAsync(context, consumer, clock, requestId, (row, now) =>
        {
            change(row, now);
            return [];
        });
}
