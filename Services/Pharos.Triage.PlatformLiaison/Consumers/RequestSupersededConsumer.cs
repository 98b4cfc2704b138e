using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Lifecycle;
using Pharos.Triage.PlatformLiaison.Notifications;

namespace Pharos.Triage.PlatformLiaison.Consumers;

/// <summary>
/// A stricter request replaced this one: the system closes it as superseded, tells the other services
/// (<see cref="RequestClosed"/>) and tells the platform's webhook which request to answer instead.
/// </summary>
public sealed class RequestSupersededConsumer(
    LiaisonDatabase database, IOptions<PlatformContacts> contacts, TimeProvider clock, ILogger<RequestSupersededConsumer> logger)
    : IConsumer<RequestSuperseded>
{
    public async Task Consume(ConsumeContext<RequestSuperseded> context)
    {
        var m = context.Message;
        var queued = false;
        await database.HandleOnceAsync(context, nameof(RequestSupersededConsumer), clock, async (uow, now) =>
        {
            var request = await uow.QuerySingleOrDefaultAsync<RequestRow>(database.Sql.SelectForUpdate, new { Id = m.RequestId })
                ?? throw new NotYetKnownException($"Request {m.RequestId}");
            // The notice sends the platform to the new request: it waits until the platform can see it.
            if (await uow.QuerySingleOrDefaultAsync<RequestRow>(database.Sql.SelectById, new { Id = m.SupersededBy }) is null)
                throw new NotYetKnownException($"Request {m.SupersededBy}");

            var messages = RequestAnswers.Supersede(request, m);
            if (messages is null)
            {
                logger.LogInformation("Request {RequestId} was already {Status} when {SupersededBy} superseded it", m.RequestId, request.Status, m.SupersededBy);
                return;
            }
            await uow.ExecuteAsync(database.Sql.UpdateState, request);
            foreach (var message in messages) await uow.Publish(message, now);

            if (contacts.Value.WebhookOf(request.PlatformId) is not { } contact) return;
            await uow.QueueNoticeAsync(database.Sql, contact, request, WebhookEvent.RequestSuperseded, NoticeStep.Supersede, m.At, now,
                new NoticeReplacement(m.SupersededBy, m.SupersededByReference, m.LegalBasis));
            queued = true;
        });
        if (queued) database.NotifyDeliveriesQueued();
    }
}
