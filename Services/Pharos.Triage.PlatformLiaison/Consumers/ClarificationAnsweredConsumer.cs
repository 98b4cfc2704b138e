using MassTransit;
using Microsoft.Extensions.Logging;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Lifecycle;

namespace Pharos.Triage.PlatformLiaison.Consumers;

/// <summary>The analyst's answer reaches the platform, and the request's clock resumes.</summary>
public sealed class ClarificationAnsweredConsumer(LiaisonDatabase database, TimeProvider clock, ILogger<ClarificationAnsweredConsumer> logger)
    : IConsumer<ClarificationAnswered>
{
    public Task Consume(ConsumeContext<ClarificationAnswered> context)
    {
        var m = context.Message;
        return database.TransitionOnceAsync(context, nameof(ClarificationAnsweredConsumer), clock,
            uow => uow.RequireRequest(database, m.RequestId),
            database.Sql.UpdateState,
            // The pause ends when the answer reaches the platform's side, as PlatformLiaison's clock, which started
            // it, reads it now: not when Intake's clock says the analyst sent it. The platform could not see the
            // answer before, and one clock at both ends keeps a pause from outgrowing the time it sits in.
            (request, now) => RequestAnswers.AnswerClarification(request, m.Answer, now, m.QuestionNumber),
            // A second answer to the same question, an answer to an older question, or one after the platform closed the request.
            refused: request => logger.LogInformation(
                "Answer to question {Question} of request {RequestId} arrived while it is {Status} at question {Current}; kept on the report's timeline only",
                m.QuestionNumber, m.RequestId, request.Status, request.Question));
    }
}
