using MassTransit;
using Microsoft.Extensions.Logging;
using Pharos.Triage.Contracts;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.PlatformLiaison.Consumers;

/// <summary>A notice a step of the escalation ladder asks for: about which request of which platform, announcing what, which one of its kind, and when.</summary>
public sealed record DeadlineNotice(string RequestId, string PlatformId, string Event, string Step, DateTimeOffset At);

/// <summary>
/// A step of the escalation ladder reaches the platform's webhook: its notice is queued with the message's inbox record,
/// unless the request closed first. A platform without a webhook learns of it through the API alone.
/// </summary>
public abstract class DeadlineNoticeConsumer<T>(LiaisonDatabase database, PlatformWebhooks webhooks, TimeProvider clock, ILogger logger)
    : IConsumer<T>
    where T : class
{
    protected abstract DeadlineNotice NoticeOf(T message);

    public Task Consume(ConsumeContext<T> context)
    {
        var notice = NoticeOf(context.Message);
        return database.QueueNoticesOnceAsync(context, GetType().Name, clock, async (uow, now) =>
        {
            if (await webhooks.FindAsync(uow, database.Sql, notice.PlatformId, now) is not { } webhook) return false;
            var queued = await uow.QueueNoticeAsync(database.Sql, webhook, notice.RequestId, notice.Event, notice.Step, notice.At, now);
            if (!queued) logger.LogInformation("No {Event} notice for request {RequestId}: it closed first", notice.Event, notice.RequestId);
            return queued;
        });
    }
}

/// <summary>Half the window of the earliest pending deadline passed: the platform's webhook is reminded.</summary>
public sealed class ReminderDueConsumer(
    LiaisonDatabase database, PlatformWebhooks webhooks, TimeProvider clock, ILogger<ReminderDueConsumer> logger)
    : DeadlineNoticeConsumer<ReminderDue>(database, webhooks, clock, logger)
{
    protected override DeadlineNotice NoticeOf(ReminderDue m) =>
        new(m.RequestId, m.PlatformId, WebhookEvent.ReminderDue, NoticeStep.Reminder(m.ActBy), m.At);
}

/// <summary>A deadline passed: the escalation goes to the platform's escalation receiver, naming its escalation contact.</summary>
public sealed class RequestEscalatedConsumer(
    LiaisonDatabase database, PlatformWebhooks webhooks, TimeProvider clock, ILogger<RequestEscalatedConsumer> logger)
    : DeadlineNoticeConsumer<RequestEscalated>(database, webhooks, clock, logger)
{
    protected override DeadlineNotice NoticeOf(RequestEscalated m) =>
        new(m.RequestId, m.PlatformId, WebhookEvent.RequestEscalated, NoticeStep.Escalation(m.Deadline, m.DeadlineAt), m.At);
}
