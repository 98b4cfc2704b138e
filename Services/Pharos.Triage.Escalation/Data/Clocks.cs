using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Deadlines;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Escalation.Data;

public static class Clocks
{
    /// <summary>
    /// A new clock for an issued request, held to the times Routing decided at issue: no policy is read
    /// here, so a policy changed since the issue cannot give the request a second rule.
    /// </summary>
    public static ClockRow Start(RequestIssued issued)
    {
        var clock = new ClockRow
        {
            RequestId = issued.RequestId, Reference = issued.Reference, PlatformId = issued.PlatformId, PlatformName = issued.PlatformName,
            Category = issued.Category, LegalBasis = issued.LegalBasis, IssuedAt = issued.IssuedAt, Sla = Sla.OnTime,
        };
        clock.Take(RequestDeadlines.Of(issued));
        clock.NextDueAt = Deadlines.DeadlineLadder.NextDue(clock);
        return clock;
    }

    /// <summary>Holds the clock to these deadlines, as they were decided (at issue) or moved (by a pause) elsewhere.</summary>
    public static void Take(this ClockRow clock, RequestDeadlines deadlines)
    {
        clock.AcknowledgeBy = deadlines.AcknowledgeBy;
        clock.ActBy = deadlines.ActBy;
        clock.UnansweredDueAt = deadlines.UnansweredAt;
        clock.RemindAt = deadlines.AcknowledgeReminderAt;
        clock.ActRemindAt = deadlines.ActReminderAt;
    }

    /// <summary>The deadlines the clock holds the request to now.</summary>
    public static RequestDeadlines CurrentDeadlines(this ClockRow clock) =>
        new(clock.AcknowledgeBy, clock.ActBy, clock.UnansweredDueAt, clock.RemindAt, clock.ActRemindAt);

    /// <summary>The request's clock, locked for the change that follows; fails (to be retried) before its issue arrives.</summary>
    public static Task<ClockRow> RequireClock(this UnitOfWork uow, EscalationDatabase database, string requestId) =>
        uow.RequireAsync<ClockRow>(database.Sql.SelectClock, new { RequestId = requestId }, $"Request {requestId}");

    /// <summary>A message's change to the request's clock, once per message (<see cref="Transitions.TransitionOnceAsync"/>).</summary>
    public static Task ChangeClockAsync<T>(this EscalationDatabase database, ConsumeContext<T> context, string consumer, TimeProvider clock,
        string requestId, Func<ClockRow, DateTimeOffset, IReadOnlyList<object>> change) where T : class =>
        database.TransitionOnceAsync(context, consumer, clock, uow => uow.RequireClock(database, requestId), database.Sql.UpdateClock, change);

    public static Task ChangeClockAsync<T>(this EscalationDatabase database, ConsumeContext<T> context, string consumer, TimeProvider clock,
        string requestId, Action<ClockRow, DateTimeOffset> change) where T : class =>
        database.ChangeClockAsync(context, consumer, clock, requestId, (row, now) =>
        {
            change(row, now);
            return [];
        });
}
