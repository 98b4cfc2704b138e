using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Escalation.Deadlines;
using Pharos.Triage.Infrastructure.Deadlines;
using Pharos.Triage.Infrastructure.Outbox;

namespace Pharos.Triage.Escalation.Consumers;

// Each issued request gets a deadline clock; the platform's answers pause, resume and stop it.
// Each waits (by retry) for the clock to exist: an answer can overtake the issue.

public sealed class StartClockConsumer(EscalationDatabase database, TimeProvider clock) : IConsumer<RequestIssued>
{
    public Task Consume(ConsumeContext<RequestIssued> context) =>
        database.HandleOnceAsync(context, nameof(StartClockConsumer), clock, (uow, _) =>
            uow.ExecuteAsync(database.Sql.StartClock, Clocks.Start(context.Message)));
}

public sealed class AcknowledgedClockConsumer(EscalationDatabase database, TimeProvider clock) : IConsumer<RequestAcknowledged>
{
    public Task Consume(ConsumeContext<RequestAcknowledged> context) =>
        database.ChangeClockAsync(context, nameof(AcknowledgedClockConsumer), clock, context.Message.RequestId,
            (row, _) => DeadlineLadder.Acknowledge(row, context.Message.AcknowledgedAt));
}

// Pauses and resumes can arrive in any order: each applies in its question's order, and one that comes
// before the fact it follows waits for it (by retry) rather than be applied out of order or lost.

public sealed class PauseClockConsumer(EscalationDatabase database, TimeProvider clock) : IConsumer<ClarificationRequested>
{
    public Task Consume(ConsumeContext<ClarificationRequested> context) =>
        database.ChangeClockAsync(context, nameof(PauseClockConsumer), clock, context.Message.RequestId, (row, _) =>
        {
            var m = context.Message;
            if (DeadlineLadder.Pause(row, m.QuestionNumber, m.RequestedAt) == QuestionStep.Wait)
                throw new NotYetKnownException($"The answer to question {m.QuestionNumber - 1} of request {row.RequestId}");
        });
}

public sealed class ResumeClockConsumer(EscalationDatabase database, TimeProvider clock) : IConsumer<RequestResumed>
{
    public Task Consume(ConsumeContext<RequestResumed> context) =>
        database.ChangeClockAsync(context, nameof(ResumeClockConsumer), clock, context.Message.RequestId, (row, _) =>
        {
            if (DeadlineLadder.Resume(row, context.Message) == QuestionStep.Wait)
                throw new NotYetKnownException($"The pause for question {context.Message.QuestionNumber} of request {row.RequestId}");
        });
}

public sealed class StopClockConsumer(EscalationDatabase database, TimeProvider clock) : IConsumer<RequestClosed>
{
    public Task Consume(ConsumeContext<RequestClosed> context) =>
        database.ChangeClockAsync(context, nameof(StopClockConsumer), clock, context.Message.RequestId,
            (row, now) => context.Message.Outcome == Outcome.Superseded ? DeadlineLadder.Supersede(row, context.Message)
                : row.ClosedAt is null ? [DeadlineLadder.Close(row, context.Message, now)] : []);
}
