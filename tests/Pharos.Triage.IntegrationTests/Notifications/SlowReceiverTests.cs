using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Lifecycle;
using static Pharos.Triage.IntegrationTests.Notifications.LiaisonBed;

namespace Pharos.Triage.IntegrationTests.Notifications;

public sealed class When_a_receiver_is_dead_or_hangs
{
    [TestCase("refuses connections")]
    [TestCase("hangs")]
    public async Task Another_platforms_notice_arrives_while_the_first_is_still_failing(string how)
    {
        await using var healthy = await WebhookReceiver.StartAsync();
        await using var hanging = await WebhookReceiver.StartAsync();
        hanging.HangFor = TimeSpan.FromMinutes(1);
        var dead = how == "hangs" ? hanging.Url : new Uri($"http://127.0.0.1:{WebhookReceiver.UnusedPort()}/hooks/pharos");
        var settings = Settings(("x", dead), ("tiktok", healthy.Url));
        settings["Pharos:Webhooks:AttemptTimeout"] = "00:00:00.500";
        settings["Pharos:Webhooks:QuickRetryDelay"] = "00:00:00.300";
        await using var liaison = await StartAsync(settings);
        await liaison.Deliver(Issued("q1", "x"));
        await liaison.Deliver(Issued("q2", "tiktok"));

        var clock = Stopwatch.StartNew();
        var dispatch = liaison.DispatchDue();
        await Eventually.Until(() => Task.FromResult(healthy.Accepted.Count), n => n == 1, "TikTok's notice", timeoutSeconds: 5);
        var arrivedAfter = clock.Elapsed;

        Assert.That(dispatch.IsCompleted, Is.False, "x's delivery is still being retried");
        Assert.That(arrivedAfter, Is.LessThan(TimeSpan.FromSeconds(1)));
        Assert.That(await dispatch, Is.EqualTo(2));
        var deliveries = await liaison.Deliveries();
        Assert.That(deliveries.Single(d => d.PlatformId == "tiktok").DeliveredAt, Is.EqualTo(T0));
        var x = deliveries.Single(d => d.PlatformId == "x");
        Assert.That((x.DeliveredAt, x.NextAttemptAt), Is.EqualTo(((DateTimeOffset?)null, (DateTimeOffset?)T0.AddMinutes(1))));
        var attempts = await liaison.Attempts(x.Id);
        Assert.That(attempts, Has.Count.EqualTo(4));
        if (how == "hangs")
            Assert.That(attempts.Select(a => a.Error), Is.All.StartsWith("cancelled"), "each attempt cut at its timeout");
    }

    [Test]
    public async Task The_running_dispatcher_keeps_sending_and_the_lifecycle_goes_on_while_a_receiver_hangs()
    {
        await using var healthy = await WebhookReceiver.StartAsync();
        await using var hanging = await WebhookReceiver.StartAsync();
        hanging.HangFor = TimeSpan.FromMinutes(1);
        var settings = Settings(("x", hanging.Url), ("tiktok", healthy.Url));
        settings["Pharos:Webhooks:AttemptTimeout"] = "00:00:30";
        await using var liaison = await StartAsync(settings);
        var dispatcher = liaison.Dispatcher();
        await dispatcher.StartAsync(CancellationToken.None);
        try
        {
            await liaison.Deliver(Issued("q1", "x"));
            await Eventually.Until(() => Task.FromResult(hanging.Arrivals), n => n == 1, "x's notice to reach its hanging receiver");

            // While x's receiver holds its notice, another request is consumed and announced.
            var clock = Stopwatch.StartNew();
            await liaison.Deliver(Issued("q2", "tiktok"));
            await Eventually.Until(() => Task.FromResult(healthy.Accepted.Count), n => n == 1, "TikTok's notice", timeoutSeconds: 5);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));

            // x acknowledges its request as the API does: nothing waits for the webhook.
            clock.Restart();
            await using (var uow = await liaison.Database.BeginAsync())
            {
                var request = await uow.QuerySingleOrDefaultAsync<RequestRow>(liaison.Database.Sql.SelectOwnForUpdate, new { Id = "q1", PlatformId = "x" });
                Assert.That(RequestAnswers.Acknowledge(request!, T0.AddMinutes(5), "platform:x"), Has.Count.EqualTo(1));
                await uow.ExecuteAsync(liaison.Database.Sql.UpdateState, request);
                await uow.CommitAsync();
            }
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
            Assert.That(hanging.Received, Is.Empty, "x's receiver has still not answered");
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }

        // Stopping cut x's send short: its delivery is due again at once, not counted, and the attempt is on record.
        var x = (await liaison.Deliveries()).Single(d => d.PlatformId == "x");
        Assert.That((x.Dispatches, x.NextAttemptAt, x.DeliveredAt), Is.EqualTo((0, (DateTimeOffset?)T0, (DateTimeOffset?)null)));
        Assert.That((await liaison.Attempts(x.Id)).Single().Error, Does.StartWith("cancelled"));
    }
}

public sealed class When_the_embedded_host_notifies_platforms
{
    [Test]
    public async Task A_hanging_receiver_delays_neither_the_acknowledgement_nor_another_platforms_notice()
    {
        await using var x = await WebhookReceiver.StartAsync();
        x.HangFor = TimeSpan.FromMinutes(1);
        await using var youtube = await WebhookReceiver.StartAsync();
        using var app = new PharosApp(new Dictionary<string, string?>
        {
            ["Pharos:PlatformContacts:x:WebhookUrl"] = x.Url.ToString(),
            ["Pharos:PlatformContacts:x:WebhookSecret"] = SecretOf("x"),
            ["Pharos:PlatformContacts:youtube:WebhookUrl"] = youtube.Url.ToString(),
            ["Pharos:PlatformContacts:youtube:WebhookSecret"] = SecretOf("youtube"),
            ["Pharos:Webhooks:AttemptTimeout"] = "00:00:30",
        });
        var analyst = app.Analyst();

        var xReport = await analyst.FileReport("https://x.com/someone/status/1");
        await Eventually.Until(() => Task.FromResult(x.Arrivals), n => n == 1, "x's notice to reach its hanging receiver");
        var requestId = (await Eventually.ReportStatus(analyst, xReport, "routed")).GetProperty("request").GetProperty("id").GetString();

        var clock = Stopwatch.StartNew();
        var acknowledged = await app.PlatformX().PostAsync($"/api/platform/requests/{requestId}/acknowledgement", null);
        Assert.That(acknowledged.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));

        clock.Restart();
        await analyst.FileReport("https://www.youtube.com/watch?v=abc", category: "hate_speech", description: "Incitement to hatred");
        var notice = (await Eventually.Until(() => Task.FromResult(youtube.Accepted), l => l.Count == 1, "YouTube's notice", timeoutSeconds: 5)).Single();
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
        var body = JsonDocument.Parse(notice.Body).RootElement;
        Assert.That((body.GetProperty("event").GetString(), body.GetProperty("request").GetProperty("category").GetString()),
            Is.EqualTo(("request_issued", "hate_speech")));
        Assert.That(x.Received, Is.Empty, "x's receiver has still not answered");
    }
}
