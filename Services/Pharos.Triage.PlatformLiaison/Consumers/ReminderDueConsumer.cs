using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Messaging;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Notifications;

namespace Pharos.Triage.PlatformLiaison.Consumers;

/// <summary>Half the act window passed without acknowledgement: the platform's webhook is reminded.</summary>
public sealed class ReminderDueConsumer(LiaisonDatabase database, WebhookDeliveries webhooks, TimeProvider clock) : IConsumer<ReminderDue>
{
    public async Task Consume(ConsumeContext<ReminderDue> context)
    {
        var m = context.Message;
        await database.HandleOnceAsync(context, nameof(ReminderDueConsumer), clock, (uow, now) =>
            webhooks.EnqueueAsync(uow, m.RequestId, m.PlatformId, WebhookEvent.ReminderDue, NoticeStep.Reminder(m.ActBy), m.At, now));
        webhooks.WakeDispatcher();
    }
}
