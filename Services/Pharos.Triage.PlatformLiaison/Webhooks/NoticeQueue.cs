using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Infrastructure.Telemetry;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>
/// Queues notices to a platform's webhook inside the transaction of the fact they announce: the notice
/// exists if and only if the fact was recorded, and the dispatcher sends it afterwards.
/// </summary>
public static class NoticeQueue
{
    /// <summary>Queues a notice about <paramref name="request"/>, once per (request, event, step).</summary>
    public static Task QueueNoticeAsync(
        this UnitOfWork uow, LiaisonSql sql, PlatformWebhook webhook, RequestRow request,
        string @event, string step, DateTimeOffset occurredAt, DateTimeOffset now, NoticeReplacement? supersededBy = null)
    {
        // Time-ordered, so that new deliveries (and their attempts) append to their indexes instead of landing on random pages.
        var id = Guid.CreateVersion7(now).ToString();
        var escalationContact = @event == WebhookEvent.RequestEscalated ? webhook.EscalationContact : null;
        var body = new WebhookNotice(id, @event, occurredAt, NoticeRequest.From(request), escalationContact, supersededBy).ToJson();
        // Its HTTP calls, made later by the dispatcher, continue the trace of the work that queued it.
        var trace = StoredTraceContext.Current();
        return uow.ExecuteAsync(sql.EnqueueDelivery, new
        {
            Id = id, RequestId = request.Id, request.PlatformId, Event = @event, Step = step, Body = body, CreatedAt = now,
            trace.TraceParent, trace.TraceState,
        });
    }

    /// <summary>
    /// Queues a notice about a request this service should already know (it waits for the issue if
    /// not). False for a closed request: it needs no more notices.
    /// </summary>
    public static async Task<bool> QueueNoticeAsync(
        this UnitOfWork uow, LiaisonSql sql, PlatformWebhook webhook, string requestId,
        string @event, string step, DateTimeOffset occurredAt, DateTimeOffset now)
    {
        var request = await uow.RequireAsync<RequestRow>(sql.SelectById, new { Id = requestId }, $"Request {requestId}");
        if (request.Status == RequestStatus.Closed) return false;
        await uow.QueueNoticeAsync(sql, webhook, request, @event, step, occurredAt, now);
        return true;
    }

    /// <summary>Queues a <c>ping</c> to the platform's webhook, due at once; returns its delivery id.</summary>
    public static async Task<string> QueuePingAsync(this UnitOfWork uow, LiaisonSql sql, string platformId, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now).ToString();
        var body = new PingNotice(id, WebhookEvent.Ping, now, platformId).ToJson();
        var trace = StoredTraceContext.Current();
        await uow.ExecuteAsync(sql.EnqueuePing, new { Id = id, PlatformId = platformId, Event = WebhookEvent.Ping, Body = body, CreatedAt = now, trace.TraceParent, trace.TraceState });
        return id;
    }

    /// <summary>
    /// Handles a message once (<see cref="ConsumeOnce"/>) in a way that may queue notices: <paramref name="handle"/> says
    /// whether it queued any, and then the dispatcher is woken once they are committed, to send them without waiting for its poll.
    /// </summary>
    public static async Task QueueNoticesOnceAsync<T>(
        this LiaisonDatabase database, ConsumeContext<T> context, string consumer, TimeProvider clock, Func<UnitOfWork, DateTimeOffset, Task<bool>> handle)
        where T : class
    {
        var queued = false;
        await database.HandleOnceAsync(context, consumer, clock, async (uow, now) => queued = await handle(uow, now));
        if (queued) database.NotifyDeliveriesQueued();
    }
}
