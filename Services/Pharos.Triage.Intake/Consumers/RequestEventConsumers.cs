using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Deadlines;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.Intake.Data;

namespace Pharos.Triage.Intake.Consumers;

// What happens to a request, projected onto it and onto the timeline of every report it serves.
// Each waits (by retry) for the request's issue to reach Intake first. Questions' pauses and resumes
// apply in their questions' order (ClarificationOrder), whatever order they arrive in.

public sealed class RequestAcknowledgedConsumer(IntakeDatabase database, TimeProvider clock) : IConsumer<RequestAcknowledged>
{
    public Task Consume(ConsumeContext<RequestAcknowledged> context) =>
        database.HandleOnceAsync(context, nameof(RequestAcknowledgedConsumer), clock, async (uow, _) =>
        {
            var m = context.Message;
            await uow.RequireRequest(database.Sql, m.RequestId);
            await uow.ExecuteAsync(database.Sql.MarkAcknowledged, m);
            await uow.AppendToRequest(database.Sql, m.RequestId, m.AcknowledgedAt, TimelineEvent.RequestAcknowledged, m.Actor,
                null, TimelineEvent.RequestAcknowledged);
        });
}

public sealed class ClarificationRequestedConsumer(IntakeDatabase database, TimeProvider clock) : IConsumer<ClarificationRequested>
{
    public Task Consume(ConsumeContext<ClarificationRequested> context) =>
        database.HandleOnceAsync(context, nameof(ClarificationRequestedConsumer), clock, async (uow, _) =>
        {
            var m = context.Message;
            var state = await uow.RequireQuestionState(database.Sql, m.RequestId);
            switch (ClarificationOrder.Pause(state.Status == RequestStatus.Closed, state.Question, state.Status == RequestStatus.ClarificationRequested, m.QuestionNumber))
            {
                case QuestionStep.Wait: throw new NotYetKnownException($"The answer to question {m.QuestionNumber - 1} of request {m.RequestId}");
                case QuestionStep.Apply: await uow.ExecuteAsync(database.Sql.MarkClarificationRequested, m); break;
            }
            // The question is on the timeline even when it no longer changes the request (closed meanwhile).
            await uow.AppendToRequest(database.Sql, m.RequestId, m.RequestedAt, TimelineEvent.ClarificationRequested, m.Actor,
                m.Question, $"{TimelineEvent.ClarificationRequested}:{m.RequestedAt.ToUnixTimeMilliseconds()}");
        });
}

public sealed class RequestResumedConsumer(IntakeDatabase database, TimeProvider clock) : IConsumer<RequestResumed>
{
    public Task Consume(ConsumeContext<RequestResumed> context) =>
        database.HandleOnceAsync(context, nameof(RequestResumedConsumer), clock, async (uow, _) =>
        {
            var m = context.Message;
            var state = await uow.RequireQuestionState(database.Sql, m.RequestId);
            switch (ClarificationOrder.Resume(state.Status == RequestStatus.Closed, state.Question, state.Status == RequestStatus.ClarificationRequested, m.QuestionNumber))
            {
                case QuestionStep.Wait: throw new NotYetKnownException($"The pause for question {m.QuestionNumber} of request {m.RequestId}");
                case QuestionStep.Apply: await uow.ExecuteAsync(database.Sql.MarkResumed, m); break;
            }
        });
}

public sealed class RequestClosedConsumer(IntakeDatabase database, TimeProvider clock) : IConsumer<RequestClosed>
{
    public Task Consume(ConsumeContext<RequestClosed> context) =>
        database.HandleOnceAsync(context, nameof(RequestClosedConsumer), clock, async (uow, _) =>
        {
            var m = context.Message;
            // Intake learns a supersession from Routing's RequestSuperseded, which names the request that replaces it.
            if (m.Outcome == Outcome.Superseded) return;
            await uow.RequireRequest(database.Sql, m.RequestId);
            await uow.ExecuteAsync(database.Sql.MarkClosed, m);
            var outcome = m.RefusalGround is null ? m.Outcome : $"{m.Outcome} ({m.RefusalGround})";
            var detail = m.Reason is null ? outcome : $"{outcome}: {m.Reason}";
            if (m.PlatformTicket is not null) detail += $" (ticket {m.PlatformTicket})";
            await uow.AppendToRequest(database.Sql, m.RequestId, m.ClosedAt, TimelineEvent.RequestClosed, m.Actor,
                $"{detail}; acted at {m.ActedAt.Iso()}", TimelineEvent.RequestClosed);
        });
}

public sealed class RequestDeadlineSettledConsumer(IntakeDatabase database, TimeProvider clock) : IConsumer<RequestDeadlineSettled>
{
    public Task Consume(ConsumeContext<RequestDeadlineSettled> context) =>
        database.HandleOnceAsync(context, nameof(RequestDeadlineSettledConsumer), clock, async (uow, _) =>
        {
            var m = context.Message;
            await uow.RequireRequest(database.Sql, m.RequestId);
            await uow.ExecuteAsync(database.Sql.AdvanceSla, m);
        });
}

// The escalation ladder, as Escalation's sweep fires it.

public sealed class ReminderDueConsumer(IntakeDatabase database, TimeProvider clock) : IConsumer<ReminderDue>
{
    public Task Consume(ConsumeContext<ReminderDue> context) =>
        database.HandleOnceAsync(context, nameof(ReminderDueConsumer), clock, (uow, _) =>
            uow.ProjectLadderStep(database.Sql, context.Message.RequestId, Sla.Reminded, context.Message.At, TimelineEvent.ReminderSent,
                $"half the window of the earliest pending deadline passed; act by {context.Message.ActBy.Iso()}", TimelineEvent.ReminderSent));
}

public sealed class RequestOverdueConsumer(IntakeDatabase database, TimeProvider clock) : IConsumer<RequestOverdue>
{
    public Task Consume(ConsumeContext<RequestOverdue> context) =>
        database.HandleOnceAsync(context, nameof(RequestOverdueConsumer), clock, (uow, _) =>
            uow.ProjectLadderStep(database.Sql, context.Message.RequestId, Sla.Overdue, context.Message.At, TimelineEvent.RequestOverdue,
                $"{context.Message.Deadline} {context.Message.DeadlineAt.Iso()} passed", $"{TimelineEvent.RequestOverdue}:{context.Message.Deadline}"));
}

public sealed class RequestEscalatedConsumer(IntakeDatabase database, TimeProvider clock) : IConsumer<RequestEscalated>
{
    public Task Consume(ConsumeContext<RequestEscalated> context) =>
        database.HandleOnceAsync(context, nameof(RequestEscalatedConsumer), clock, (uow, _) =>
            uow.ProjectLadderStep(database.Sql, context.Message.RequestId, null, context.Message.At, TimelineEvent.RequestEscalated,
                $"to the escalation contact of {context.Message.PlatformId} ({context.Message.Deadline} passed)",
                $"{TimelineEvent.RequestEscalated}:{context.Message.Deadline}"));
}

public sealed class RequestUnansweredConsumer(IntakeDatabase database, TimeProvider clock) : IConsumer<RequestUnanswered>
{
    public Task Consume(ConsumeContext<RequestUnanswered> context) =>
        database.HandleOnceAsync(context, nameof(RequestUnansweredConsumer), clock, (uow, _) =>
            uow.ProjectLadderStep(database.Sql, context.Message.RequestId, Sla.Unanswered, context.Message.At, TimelineEvent.RequestUnanswered,
                $"no answer after act-by {context.Message.ActBy.Iso()} and its grace period", TimelineEvent.RequestUnanswered));
}
