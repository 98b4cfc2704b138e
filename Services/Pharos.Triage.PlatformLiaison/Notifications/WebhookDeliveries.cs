using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Messaging;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Notifications;

/// <summary>
/// Queues notices to platforms' webhooks inside the transaction of the fact they announce: the notice
/// exists if and only if the fact was recorded, and the dispatcher sends it afterwards.
/// </summary>
public sealed class WebhookDeliveries(LiaisonDatabase database, IOptions<PlatformContacts> contacts, DeliverySignal signal, ILogger<WebhookDeliveries> logger)
{
    /// <summary>Whether the platform has a webhook; a platform without one is served by the API alone.</summary>
    public bool Notifies(string platformId) => contacts.Value.WebhookOf(platformId) is not null;

    /// <summary>Queues a notice about a request already in this transaction's view.</summary>
    public Task EnqueueAsync(UnitOfWork uow, RequestRow request, string @event, string step, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        if (contacts.Value.WebhookOf(request.PlatformId) is not { } contact) return Task.CompletedTask;
        var id = NewId.NextGuid().ToString();
        var escalationContact = @event == WebhookEvent.RequestEscalated ? contact.EscalationContact : null;
        var body = new WebhookNotice(id, @event, occurredAt, NoticeRequest.From(request), escalationContact).ToJson();
        return uow.ExecuteAsync(database.Sql.EnqueueDelivery, new
        {
            Id = id, RequestId = request.Id, request.PlatformId, Event = @event, Step = step, Body = body, CreatedAt = now,
        });
    }

    /// <summary>Queues a notice about a request this service should already know; a closed request needs no more notices.</summary>
    public async Task EnqueueAsync(UnitOfWork uow, string requestId, string platformId, string @event, string step, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        if (!Notifies(platformId)) return;
        var request = await uow.QuerySingleOrDefaultAsync<RequestRow>(database.Sql.SelectById, new { Id = requestId })
            ?? throw new NotYetKnownException($"Request {requestId}");
        if (request.Status == RequestStatus.Closed)
        {
            logger.LogInformation("No {Event} notice for request {RequestId}: it closed before the notice was due", @event, requestId);
            return;
        }
        await EnqueueAsync(uow, request, @event, step, occurredAt, now);
    }

    /// <summary>Called after the commit: the dispatcher sends at once instead of at its next poll.</summary>
    public void WakeDispatcher() => signal.Wake();
}
