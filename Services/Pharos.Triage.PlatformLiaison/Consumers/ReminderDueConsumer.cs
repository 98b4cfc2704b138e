using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Notifications;

namespace Pharos.Triage.PlatformLiaison.Consumers;

/// <summary>Half the window of the earliest pending deadline passed: the platform's webhook is reminded.</summary>
public sealed class ReminderDueConsumer(
    LiaisonDatabase database, IOptions<PlatformContacts> contacts, TimeProvider clock, ILogger<ReminderDueConsumer> logger)
    : IConsumer<ReminderDue>
{
    public async Task Consume(ConsumeContext<ReminderDue> context)
    {
        var m = context.Message;
        // A platform without a webhook is reminded through the API alone.
        if (contacts.Value.WebhookOf(m.PlatformId) is not { } contact) return;
        var queued = false;
        await database.HandleOnceAsync(context, nameof(ReminderDueConsumer), clock, async (uow, now) =>
        {
            queued = await uow.QueueNoticeAsync(database.Sql, contact, m.RequestId, WebhookEvent.ReminderDue, NoticeStep.Reminder(m.ActBy), m.At, now);
            if (!queued) logger.LogInformation("No reminder notice for request {RequestId}: it closed first", m.RequestId);
        });
        if (queued) database.NotifyDeliveriesQueued();
    }
}
