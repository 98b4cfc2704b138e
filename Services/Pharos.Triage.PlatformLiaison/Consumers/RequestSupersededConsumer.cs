using MassTransit;
using Microsoft.Extensions.Logging;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Lifecycle;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.PlatformLiaison.Consumers;

/// <summary>
/// A stricter request replaced this one: the system closes it as superseded, tells the other services
/// (<see cref="RequestClosed"/>) and tells the platform's webhook which request to answer instead.
/// </summary>
public sealed class RequestSupersededConsumer(
    LiaisonDatabase database, PlatformWebhooks webhooks, TimeProvider clock, ILogger<RequestSupersededConsumer> logger)
    : IConsumer<RequestSuperseded>
{
    public Task Consume(ConsumeContext<RequestSuperseded> context)
    {
        var m = context.Message;
        return database.QueueNoticesOnceAsync(context, nameof(RequestSupersededConsumer), clock, async (uow, now) =>
        {
            var request = await uow.RequireRequest(database, m.RequestId);
            // The notice sends the platform to the new request: it waits until the platform can see it.
            await uow.RequireAsync<RequestRow>(database.Sql.SelectById, new { Id = m.SupersededBy }, $"Request {m.SupersededBy}");

            if (await uow.ApplyAsync(request, database.Sql.UpdateState, now, (r, _) => RequestAnswers.Supersede(r, m)) is null)
            {
                logger.LogInformation("Request {RequestId} was already {Status} when {SupersededBy} superseded it", m.RequestId, request.Status, m.SupersededBy);
                return false;
            }

            if (await webhooks.FindAsync(uow, database.Sql, request.PlatformId, now) is not { } webhook) return false;
            await uow.QueueNoticeAsync(database.Sql, webhook, request, WebhookEvent.RequestSuperseded, NoticeStep.Supersede, m.At, now,
                new NoticeReplacement(m.SupersededBy, m.SupersededByReference, m.LegalBasis));
            return true;
        });
    }
}
