using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Escalation.Deadlines;
using Pharos.Triage.Infrastructure.Messaging;

namespace Pharos.Triage.Escalation.Consumers;

// Each issued request gets a deadline clock; the platform's answers pause, resume and stop it.

public sealed class StartClockConsumer(EscalationDatabase database, TimeProvider clock) : IConsumer<RequestIssued>
{
    public Task Consume(ConsumeContext<RequestIssued> context) =>
        database.HandleOnceAsync(context, nameof(StartClockConsumer), clock, (uow, _) =>
            uow.ExecuteAsync(database.Sql.StartClock, context.Message));
}

public sealed class AcknowledgedClockConsumer(EscalationDatabase database, TimeProvider clock) : IConsumer<RequestAcknowledged>
{
    public Task Consume(ConsumeContext<RequestAcknowledged> context) =>
        database.HandleOnceAsync(context, nameof(AcknowledgedClockConsumer), clock, async (uow, _) =>
        {
            await uow.RequireClock(database, context.Message.RequestId);
            await uow.ExecuteAsync(database.Sql.RecordAcknowledged, context.Message);
        });
}

public sealed class PauseClockConsumer(EscalationDatabase database, TimeProvider clock) : IConsumer<ClarificationRequested>
{
    public Task Consume(ConsumeContext<ClarificationRequested> context) =>
        database.HandleOnceAsync(context, nameof(PauseClockConsumer), clock, async (uow, _) =>
        {
            await uow.RequireClock(database, context.Message.RequestId);
            await uow.ExecuteAsync(database.Sql.Pause, context.Message);
        });
}

public sealed class ResumeClockConsumer(EscalationDatabase database, TimeProvider clock) : IConsumer<RequestResumed>
{
    public Task Consume(ConsumeContext<RequestResumed> context) =>
        database.HandleOnceAsync(context, nameof(ResumeClockConsumer), clock, async (uow, _) =>
        {
            var m = context.Message;
            var row = await uow.RequireClock(database, m.RequestId);
            // The pause has not reached us yet: wait for it rather than lose the shift.
            if (row.PausedAt is null && row.ClosedAt is null) throw new NotYetKnownException($"The pause of request {m.RequestId}");
            await uow.ExecuteAsync(database.Sql.Resume, new
            {
                m.RequestId, m.AcknowledgeBy, m.ActBy, PausedMs = (long)m.Paused.TotalMilliseconds,
            });
        });
}

public sealed class StopClockConsumer(EscalationDatabase database, TimeProvider clock) : IConsumer<RequestClosed>
{
    public Task Consume(ConsumeContext<RequestClosed> context) =>
        database.HandleOnceAsync(context, nameof(StopClockConsumer), clock, async (uow, now) =>
        {
            var m = context.Message;
            var row = await uow.RequireClock(database, m.RequestId);
            if (row.ClosedAt is not null) return;
            var sla = DeadlineVerdict.Settle(m.AcknowledgedAt, m.AcknowledgeBy, m.ActedAt, m.ActBy);
            await uow.ExecuteAsync(database.Sql.Close, new
            {
                m.RequestId, m.Outcome, m.ActedAt, m.ClosedAt, m.AcknowledgedAt, m.AcknowledgeBy, m.ActBy, Sla = sla,
            });
            await uow.Publish(new RequestDeadlineSettled(m.RequestId, m.PlatformId, sla, now), now);
        });
}
