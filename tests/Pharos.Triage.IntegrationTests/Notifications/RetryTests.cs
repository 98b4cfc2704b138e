using Microsoft.Extensions.Logging;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Webhooks;
using static Pharos.Triage.IntegrationTests.Notifications.LiaisonBed;

namespace Pharos.Triage.IntegrationTests.Notifications;

public sealed class When_a_receiver_fails
{
    private readonly List<IAsyncDisposable> _disposables = [];
    private LogCapture _logs = null!;

    [SetUp]
    public void Start() => _logs = new LogCapture();

    [TearDown]
    public async Task Stop()
    {
        foreach (var disposable in _disposables) await disposable.DisposeAsync();
        _disposables.Clear();
    }

    private async Task<WebhookReceiver> Receiver(int port = 0)
    {
        var receiver = await WebhookReceiver.StartAsync(port);
        _disposables.Add(receiver);
        return receiver;
    }

    private async Task<ServiceBed<LiaisonDatabase>> Liaison(Dictionary<string, string?> settings)
    {
        var bed = await StartAsync(settings, _logs);
        _disposables.Insert(0, bed);
        return bed;
    }

    [Test]
    public async Task Two_failures_then_a_success_deliver_once_with_three_attempts_recorded_and_logged()
    {
        var receiver = await Receiver();
        receiver.FailNext(2);
        var liaison = await Liaison(Settings(("x", receiver.Url)));
        await liaison.Deliver(Issued("q1", "x"));

        Assert.That(await liaison.DispatchDue(), Is.EqualTo(1));

        Assert.That(receiver.Received.Select(r => r.AnsweredStatus), Is.EqualTo(new[] { 500, 500, 204 }));
        Assert.That(receiver.Received.Select(r => r.Headers["webhook-id"]).Distinct().Single(), Is.EqualTo((await liaison.Deliveries()).Single().Id),
            "one delivery, sent three times under its id");
        var delivery = (await liaison.Deliveries()).Single();
        Assert.That((delivery.DeliveredAt, delivery.Dispatches), Is.EqualTo(((DateTimeOffset?)T0, 1)));
        var attempts = await liaison.Attempts(delivery.Id);
        Assert.That(attempts.Select(a => (a.Dispatch, a.Attempt, a.StatusCode)), Is.EqualTo(new[] { (1, 1, (int?)500), (1, 2, (int?)500), (1, 3, (int?)204) }));
        Assert.That(attempts.All(a => a.At == T0 && a.DurationMs >= 0), Is.True);

        var logged = _logs.Entries.Where(e => e.Category == typeof(AttemptLog).FullName).ToList();
        Assert.That(logged.Select(e => e.Level), Is.EqualTo(new[] { LogLevel.Warning, LogLevel.Warning, LogLevel.Information }));
        Assert.That(logged.Select(e => e.Message), Has.Exactly(1).Match($"^Webhook delivery {delivery.Id} \\(request_issued\\) to x, attempt 1: HTTP 500 in \\d+ ms$")
            .And.Exactly(1).Contains("attempt 2: HTTP 500").And.Exactly(1).Contains("attempt 3: HTTP 204"));
    }

    [Test]
    public async Task After_the_quick_retries_the_delivery_waits_its_backoff_and_arrives_once_the_receiver_is_back()
    {
        var port = WebhookReceiver.UnusedPort();
        var liaison = await Liaison(Settings(("x", new Uri($"http://127.0.0.1:{port}/hooks/pharos"))));
        await liaison.Deliver(Issued("q1", "x"));

        Assert.That(await liaison.DispatchDue(), Is.EqualTo(1));
        var delivery = (await liaison.Deliveries()).Single();
        Assert.That((delivery.DeliveredAt, delivery.Dispatches, delivery.NextAttemptAt), Is.EqualTo(((DateTimeOffset?)null, 1, (DateTimeOffset?)T0.AddMinutes(1))));
        Assert.That(delivery.LastError, Does.StartWith("HttpRequestException"));
        var attempts = await liaison.Attempts(delivery.Id);
        Assert.That(attempts.Select(a => a.Attempt), Is.EqualTo(new[] { 1, 2, 3, 4 }), "the first attempt and three quick retries");
        Assert.That(attempts.All(a => a.StatusCode is null && a.Error!.StartsWith("HttpRequestException", StringComparison.Ordinal)), Is.True);

        liaison.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.That(await liaison.DispatchDue(), Is.Zero, "waiting out its backoff");
        liaison.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await liaison.DispatchDue(), Is.EqualTo(1), "still down");
        delivery = (await liaison.Deliveries()).Single();
        Assert.That((delivery.Dispatches, delivery.NextAttemptAt), Is.EqualTo((2, (DateTimeOffset?)T0.AddMinutes(3))), "the wait doubles");

        var receiver = await Receiver(port);
        liaison.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await liaison.DispatchDue(), Is.EqualTo(1));
        delivery = (await liaison.Deliveries()).Single();
        Assert.That((delivery.DeliveredAt, delivery.Dispatches, delivery.NextAttemptAt, delivery.LastError),
            Is.EqualTo(((DateTimeOffset?)T0.AddMinutes(3), 3, (DateTimeOffset?)null, (string?)null)));
        Assert.That(receiver.Accepted, Has.Count.EqualTo(1));
        Assert.That((await liaison.Attempts(delivery.Id)).Select(a => a.Dispatch), Is.EqualTo(new[] { 1, 1, 1, 1, 2, 2, 2, 2, 3 }));
    }

    [Test]
    public async Task A_delivery_that_never_succeeds_is_abandoned_after_the_maximum_and_a_warning_says_so()
    {
        var receiver = await Receiver();
        receiver.FailWith = 503;
        receiver.FailNext(int.MaxValue);
        var settings = Settings(("x", receiver.Url));
        settings["Pharos:Webhooks:MaxDispatches"] = "3";
        settings["Pharos:Webhooks:QuickRetries"] = "1";
        var liaison = await Liaison(settings);
        await liaison.Deliver(Issued("q1", "x"));

        for (var dispatch = 1; dispatch <= 3; dispatch++)
        {
            Assert.That(await liaison.DispatchDue(), Is.EqualTo(1), $"dispatch {dispatch}");
            liaison.Clock.Advance(TimeSpan.FromHours(1));
        }
        Assert.That(await liaison.DispatchDue(), Is.Zero, "abandoned: never sent again");

        var delivery = (await liaison.Deliveries()).Single();
        Assert.That((delivery.Dispatches, delivery.DeliveredAt, delivery.NextAttemptAt, delivery.AbandonedAt, delivery.LastError),
            Is.EqualTo((3, (DateTimeOffset?)null, (DateTimeOffset?)null, (DateTimeOffset?)T0.AddHours(2), "HTTP 503")));
        Assert.That(receiver.Received, Has.Count.EqualTo(6), "two attempts per dispatch");
        Assert.That(receiver.Received.Select(r => r.Headers["webhook-id"]), Has.All.EqualTo(delivery.Id), "the same id on every attempt");
        Assert.That(receiver.Received.Select(r => long.Parse(r.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo(new[] { 0, 0, 1, 1, 2, 2 }.Select(h => T0.AddHours(h).ToUnixTimeSeconds())), "the time of each send");
        Assert.That(await liaison.Count("SELECT COUNT(*) FROM webhook_attempts"), Is.EqualTo(6));
        var warning = _logs.Entries.Single(e => e.Category == typeof(WebhookDispatcher).FullName && e.Level == LogLevel.Warning);
        Assert.That(warning.Message, Does.Contain(delivery.Id).And.Contain("abandoned after 3 dispatches"));
    }

    [Test]
    public async Task An_error_longer_than_its_column_is_recorded_cut_and_the_delivery_is_retried()
    {
        // Not HTTP: an error page on one line, which the client quotes whole in its exception ("invalid status line").
        var page = "<html><body>" + string.Concat(Enumerable.Repeat("Internal error, try later. ", 400)) + "</body></html>";
        var receiver = RawReceiver.Answering(page + "\r\n\r\n");
        _disposables.Add(receiver);
        var liaison = await Liaison(Settings(("x", receiver.Url)));
        await liaison.Deliver(Issued("q1", "x"));

        Assert.That(await liaison.DispatchDue(), Is.EqualTo(1));

        var delivery = (await liaison.Deliveries()).Single();
        Assert.That((delivery.DeliveredAt, delivery.Dispatches, delivery.NextAttemptAt), Is.EqualTo(((DateTimeOffset?)null, 1, (DateTimeOffset?)T0.AddMinutes(1))),
            "recorded as a failed dispatch and scheduled again");
        Assert.That(delivery.LastError, Does.StartWith("HttpRequestException: ").And.Contain("<html><body>Internal error, try later. ").And.EndWith(WebhookError.Marker));
        Assert.That(delivery.LastError, Has.Length.EqualTo(WebhookError.MaxLength));
        var attempts = await liaison.Attempts(delivery.Id);
        Assert.That(attempts, Has.Count.EqualTo(receiver.Requests).And.Count.GreaterThan(0), "every attempt recorded");
        Assert.That(attempts.Select(a => a.Error), Has.All.EqualTo(delivery.LastError));
        Assert.That(_logs.Entries.Where(e => e.Category == typeof(WebhookDispatcher).FullName && e.Level >= LogLevel.Error), Is.Empty, "no record refused");

        liaison.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await liaison.DispatchDue(), Is.EqualTo(1), "sent again after its backoff");
        delivery = (await liaison.Deliveries()).Single();
        Assert.That((delivery.Dispatches, delivery.NextAttemptAt), Is.EqualTo((2, (DateTimeOffset?)T0.AddMinutes(3))));
    }

    [Test]
    public async Task A_redirect_is_not_followed()
    {
        var elsewhere = await Receiver();
        var receiver = await Receiver();
        receiver.RedirectTo = elsewhere.Url;
        var liaison = await Liaison(Settings(("x", receiver.Url)));
        await liaison.Deliver(Issued("q1", "x"));

        Assert.That(await liaison.DispatchDue(), Is.EqualTo(1));

        Assert.That(elsewhere.Received, Is.Empty);
        var delivery = (await liaison.Deliveries()).Single();
        Assert.That((delivery.DeliveredAt, delivery.LastError), Is.EqualTo(((DateTimeOffset?)null, "HTTP 307")));
        Assert.That(receiver.Received, Has.Count.EqualTo(1), "a redirect is not a transient failure: no quick retry");
    }

    [Test]
    public void The_wait_between_dispatches_doubles_up_to_its_cap()
    {
        var options = new WebhookOptions();
        var waits = Enumerable.Range(1, 9).Select(d => DeliverySchedule.Wait(d, null, options).TotalMinutes);
        Assert.That(waits, Is.EqualTo(new double[] { 1, 2, 4, 8, 16, 32, 60, 60, 60 }));
        Assert.That(DeliverySchedule.Wait(1, TimeSpan.FromMinutes(10), options), Is.EqualTo(TimeSpan.FromMinutes(10)), "a receiver's Retry-After is honoured");
        Assert.That(DeliverySchedule.Wait(1, TimeSpan.FromDays(2), options), Is.EqualTo(TimeSpan.FromHours(1)), "up to the cap");
        Assert.That(DeliverySchedule.Wait(500, null, options), Is.EqualTo(TimeSpan.FromHours(1)));
    }
}
