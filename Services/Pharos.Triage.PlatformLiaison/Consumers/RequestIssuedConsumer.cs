using MassTransit;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Deadlines;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.PlatformLiaison.Consumers;

/// <summary>A request issued by Routing becomes visible to its platform, and is announced to its webhook if it has one.</summary>
public sealed class RequestIssuedConsumer(LiaisonDatabase database, PlatformWebhooks webhooks, TimeProvider clock) : IConsumer<RequestIssued>
{
    public Task Consume(ConsumeContext<RequestIssued> context)
    {
        // Every time Routing decided; one published before it decided them all gets the default rules.
        var deadlines = RequestDeadlines.Of(context.Message);
        var m = context.Message with
        {
            UnansweredAt = deadlines.UnansweredAt, AcknowledgeReminderAt = deadlines.AcknowledgeReminderAt, ActReminderAt = deadlines.ActReminderAt,
        };
        return database.QueueNoticesOnceAsync(context, nameof(RequestIssuedConsumer), clock, async (uow, now) =>
        {
            await uow.ExecuteAsync(database.Sql.InsertIssued, m);
            if (await webhooks.FindAsync(uow, database.Sql, m.PlatformId, now) is not { } webhook) return false;
            var request = await uow.QuerySingleOrDefaultAsync<RequestRow>(database.Sql.SelectById, new { Id = m.RequestId });
            await uow.QueueNoticeAsync(database.Sql, webhook, request!, WebhookEvent.RequestIssued, NoticeStep.Issue, m.IssuedAt, now);
            return true;
        });
    }
}
