using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Messaging;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Notifications;

namespace Pharos.Triage.PlatformLiaison.Consumers;

/// <summary>A deadline passed: the escalation goes to the platform's escalation receiver, naming its escalation contact.</summary>
public sealed class RequestEscalatedConsumer(LiaisonDatabase database, WebhookDeliveries webhooks, TimeProvider clock) : IConsumer<RequestEscalated>
{
    public async Task Consume(ConsumeContext<RequestEscalated> context)
    {
        var m = context.Message;
        await database.HandleOnceAsync(context, nameof(RequestEscalatedConsumer), clock, (uow, now) =>
            webhooks.EnqueueAsync(uow, m.RequestId, m.PlatformId, WebhookEvent.RequestEscalated, NoticeStep.Escalation(m.Deadline, m.DeadlineAt), m.At, now));
        webhooks.WakeDispatcher();
    }
}
