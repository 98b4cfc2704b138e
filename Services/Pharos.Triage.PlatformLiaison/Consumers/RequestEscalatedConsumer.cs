using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Notifications;

namespace Pharos.Triage.PlatformLiaison.Consumers;

/// <summary>A deadline passed: the escalation goes to the platform's escalation receiver, naming its escalation contact.</summary>
public sealed class RequestEscalatedConsumer(
    LiaisonDatabase database, IOptions<PlatformContacts> contacts, TimeProvider clock, ILogger<RequestEscalatedConsumer> logger)
    : IConsumer<RequestEscalated>
{
    public async Task Consume(ConsumeContext<RequestEscalated> context)
    {
        var m = context.Message;
        // A platform without a webhook learns of the escalation through the API alone.
        if (contacts.Value.WebhookOf(m.PlatformId) is not { } contact) return;
        var queued = false;
        await database.HandleOnceAsync(context, nameof(RequestEscalatedConsumer), clock, async (uow, now) =>
        {
            queued = await uow.QueueNoticeAsync(database.Sql, contact, m.RequestId, WebhookEvent.RequestEscalated,
                NoticeStep.Escalation(m.Deadline, m.DeadlineAt), m.At, now);
            if (!queued) logger.LogInformation("No escalation notice for request {RequestId}: it closed first", m.RequestId);
        });
        if (queued) database.NotifyDeliveriesQueued();
    }
}
