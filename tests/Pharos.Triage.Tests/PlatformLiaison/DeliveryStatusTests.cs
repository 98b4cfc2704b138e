using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.Tests.PlatformLiaison;

public sealed class When_a_dispatch_of_a_notice_completes
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private static readonly WebhookOptions Options = new() { MaxDispatches = 3 };

    private static string StatusAfter(SendResult result, int dispatches) =>
        DeliveryStatus.After(DeliverySchedule.After(result, result == SendResult.Delivered ? null : "HTTP 500", dispatches, null, Now, Options));

    [Test]
    public void A_delivered_notice_is_delivered()
    {
        Assert.That(StatusAfter(SendResult.Delivered, 1), Is.EqualTo(DeliveryStatus.Delivered));
        Assert.That(StatusAfter(SendResult.Delivered, 3), Is.EqualTo(DeliveryStatus.Delivered), "on its last dispatch too");
    }

    [Test]
    public void A_failed_dispatch_is_failed_whether_a_retry_is_scheduled_or_the_notice_is_abandoned()
    {
        var retried = DeliverySchedule.After(SendResult.Failed, "HTTP 500", 1, null, Now, Options);
        var abandoned = DeliverySchedule.After(SendResult.Failed, "HTTP 500", 3, null, Now, Options);
        Assert.That((retried.NextAttemptAt, retried.Abandoned), Is.EqualTo(((DateTimeOffset?)Now.AddMinutes(1), false)), "the premise: a retry scheduled");
        Assert.That(abandoned.Abandoned, Is.True, "the premise: abandoned");

        Assert.That(DeliveryStatus.After(retried), Is.EqualTo(DeliveryStatus.Failed));
        Assert.That(DeliveryStatus.After(abandoned), Is.EqualTo(DeliveryStatus.Failed));
        Assert.That(StatusAfter(SendResult.NoReceiver, 1), Is.EqualTo(DeliveryStatus.Failed), "no webhook any more: abandoned, failed");
    }

    [Test]
    public void The_statuses_are_the_three_a_platform_filters_by()
    {
        Assert.That(DeliveryStatus.All, Is.EqualTo(new[] { "pending", "delivered", "failed" }));
    }
}
