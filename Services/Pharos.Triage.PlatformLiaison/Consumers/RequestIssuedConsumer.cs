using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Messaging;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Notifications;

namespace Pharos.Triage.PlatformLiaison.Consumers;

/// <summary>A request issued by Routing becomes visible to its platform, and is announced to its webhook.</summary>
public sealed class RequestIssuedConsumer(LiaisonDatabase database, WebhookDeliveries webhooks, TimeProvider clock) : IConsumer<RequestIssued>
{
    public async Task Consume(ConsumeContext<RequestIssued> context)
    {
        var m = context.Message;
        await database.HandleOnceAsync(context, nameof(RequestIssuedConsumer), clock, async (uow, now) =>
        {
            await uow.ExecuteAsync(database.Sql.InsertIssued, m);
            if (!webhooks.Notifies(m.PlatformId)) return;
            var request = await uow.QuerySingleOrDefaultAsync<RequestRow>(database.Sql.SelectById, new { Id = m.RequestId });
            await webhooks.EnqueueAsync(uow, request!, WebhookEvent.RequestIssued, NoticeStep.Issue, m.IssuedAt, now);
        });
        webhooks.WakeDispatcher();
    }
}
