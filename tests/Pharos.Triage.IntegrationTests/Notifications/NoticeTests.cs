using System.Globalization;
using System.Text.Json;
using Pharos.Triage.Contracts;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.PlatformLiaison.Data;
using static Pharos.Triage.IntegrationTests.Notifications.LiaisonBed;

namespace Pharos.Triage.IntegrationTests.Notifications;

public sealed class When_a_request_is_announced_to_its_platform
{
    private WebhookReceiver _x = null!;
    private WebhookReceiver _escalations = null!;
    private ServiceBed<LiaisonDatabase> _liaison = null!;

    [SetUp]
    public async Task Start()
    {
        _x = await WebhookReceiver.StartAsync();
        _escalations = await WebhookReceiver.StartAsync();
        var settings = Settings(("x", _x.Url), ("tiktok", _x.Url));
        settings["Pharos:PlatformContacts:x:EscalationWebhookUrl"] = _escalations.Url.ToString();
        settings["Pharos:PlatformContacts:x:EscalationContact"] = "Jane Doe <trust-safety-escalations@x.example>";
        // A platform named without a webhook (an escalation contact alone) is served by the API alone.
        settings["Pharos:PlatformContacts:youtube:EscalationContact"] = "someone@youtube.example";
        _liaison = await StartAsync(settings);
    }

    [TearDown]
    public async Task Stop()
    {
        await _liaison.DisposeAsync();
        await _x.DisposeAsync();
        await _escalations.DisposeAsync();
    }

    [Test]
    public async Task The_notice_carries_the_Standard_Webhooks_headers_and_verifies_with_the_library_under_its_platform_s_secret()
    {
        await _liaison.Deliver(Issued("q1", "x"));
        var sentAt = PlatformVerification.WallClock();
        _liaison.Clock.MoveTo(sentAt);
        Assert.That(await _liaison.DispatchDue(), Is.EqualTo(1));

        var notice = _x.Received.Single();
        var delivery = (await _liaison.Deliveries()).Single();
        var timestamp = notice.Headers["webhook-timestamp"];
        Assert.Multiple(() =>
        {
            Assert.That(notice.Headers["webhook-id"], Is.EqualTo(delivery.Id));
            Assert.That(timestamp, Is.EqualTo(sentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
            Assert.That(notice.Headers["webhook-signature"], Does.Match("^v1,[A-Za-z0-9+/]{43}=$"), "one signature: no rotation under way");
            Assert.That(notice.Headers["Content-Type"], Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(notice.Headers.Keys.Where(h => h.StartsWith("X-Pharos", StringComparison.OrdinalIgnoreCase)), Is.Empty, "the old headers are gone");
            Assert.That(notice.RefusalUnder(SecretOf("x")), Is.Null, "the library verifies it");
        });
        Assert.Multiple(() =>
        {
            // What the library refuses: a body changed on the way, another timestamp, another id, another platform's secret.
            Assert.That(notice.RefusalUnder(SecretOf("x"), body => body.Replace("q1", "q2", StringComparison.Ordinal)), Is.EqualTo("No matching signature found"));
            Assert.That(notice.RefusalUnder(SecretOf("x"), headers: With(notice, "webhook-timestamp", (long.Parse(timestamp, CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture))),
                Is.EqualTo("No matching signature found"));
            Assert.That(notice.RefusalUnder(SecretOf("x"), headers: With(notice, "webhook-id", Guid.NewGuid().ToString())), Is.EqualTo("No matching signature found"));
            Assert.That(notice.RefusalUnder(SecretOf("tiktok")), Is.EqualTo("No matching signature found"));
        });

        var body = JsonDocument.Parse(notice.Body).RootElement;
        Assert.That(body.GetProperty("deliveryId").GetString(), Is.EqualTo(delivery.Id));
        Assert.That(body.GetProperty("event").GetString(), Is.EqualTo("request_issued"));
        Assert.That(body.GetProperty("occurredAt").GetString(), Is.EqualTo("2026-11-22T10:00:00Z"));
        Assert.That(body.TryGetProperty("escalationContact", out _), Is.False);
        var request = body.GetProperty("request");
        Assert.That(request.EnumerateObject().Select(p => $"{p.Name}={p.Value}"), Is.EqualTo(new[]
        {
            "id=q1", "reference=PHR-2026-q1", "url=https://x.com/q1", "category=terrorism", "legalBasis=tco_removal_order",
            "issuedAt=2026-11-22T10:00:00Z", "acknowledgeBy=2026-11-22T11:00:00Z", "actBy=2026-11-22T11:00:00Z", "status=pending",
        }));

        Assert.That((delivery.DeliveredAt, delivery.NextAttemptAt, delivery.Dispatches, delivery.LastError),
            Is.EqualTo(((DateTimeOffset?)sentAt, (DateTimeOffset?)null, 1, (string?)null)));
        var attempt = (await _liaison.Attempts(delivery.Id)).Single();
        Assert.That((attempt.Dispatch, attempt.Attempt, attempt.At, attempt.StatusCode, attempt.Error), Is.EqualTo((1, 1, sentAt, (int?)204, (string?)null)));
        Assert.That(await _liaison.DispatchDue(), Is.Zero, "a delivered notice is not sent again");
    }

    [Test]
    public async Task A_reminder_goes_to_the_webhook_and_an_escalation_to_the_escalation_receiver_naming_the_contact()
    {
        await _liaison.Deliver(Issued("q1", "x"));
        await _liaison.Deliver(new ReminderDue("q1", "x", T0.AddMinutes(30), T0.AddHours(1)));
        await _liaison.Deliver(new RequestEscalated("q1", "x", Deadline.AcknowledgeBy, T0.AddHours(1), T0.AddHours(1).AddSeconds(5)));
        _liaison.Clock.MoveTo(PlatformVerification.WallClock());
        Assert.That(await _liaison.DispatchDue(), Is.EqualTo(3));

        Assert.That(_x.Received.Select(EventOf), Is.EquivalentTo(new[] { "request_issued", "reminder_due" }));
        Assert.That(_x.Received.Select(r => r.RefusalUnder(SecretOf("x"))), Has.All.Null);
        var reminder = JsonDocument.Parse(_x.Received.Single(r => EventOf(r) == "reminder_due").Body).RootElement;
        Assert.That(reminder.GetProperty("occurredAt").GetString(), Is.EqualTo("2026-11-22T10:30:00Z"));
        Assert.That(reminder.TryGetProperty("escalationContact", out _), Is.False);

        var escalation = _escalations.Received.Single();
        Assert.That(EventOf(escalation), Is.EqualTo("request_escalated"));
        Assert.That(escalation.RefusalUnder(SecretOf("x")), Is.Null, "signed with the platform's secret too");
        var body = JsonDocument.Parse(escalation.Body).RootElement;
        Assert.That(body.GetProperty("escalationContact").GetString(), Is.EqualTo("Jane Doe <trust-safety-escalations@x.example>"));
        Assert.That(body.GetProperty("occurredAt").GetString(), Is.EqualTo("2026-11-22T11:00:05Z"));
        Assert.That(body.GetProperty("request").GetProperty("id").GetString(), Is.EqualTo("q1"));
    }

    private static string EventOf(ReceivedNotice notice) => JsonDocument.Parse(notice.Body).RootElement.GetProperty("event").GetString()!;

    private static Dictionary<string, string> With(ReceivedNotice notice, string header, string value) =>
        new(notice.Headers, StringComparer.OrdinalIgnoreCase) { [header] = value };

    [Test]
    public async Task A_redelivered_or_re_driven_fact_is_announced_once()
    {
        var issued = Issued("q1", "x");
        var issuedId = Guid.NewGuid();
        await _liaison.Deliver(issued, issuedId);
        await _liaison.Deliver(issued, issuedId); // the broker's redelivery
        await _liaison.Deliver(issued);           // a re-drive: the same fact under a new message id
        var reminder = new ReminderDue("q1", "x", T0.AddMinutes(30), T0.AddHours(1));
        var reminderId = Guid.NewGuid();
        await _liaison.Deliver(reminder, reminderId);
        await _liaison.Deliver(reminder, reminderId);
        await _liaison.Deliver(reminder with { At = T0.AddMinutes(31) });
        var escalated = new RequestEscalated("q1", "x", Deadline.ActBy, T0.AddHours(1), T0.AddHours(1));
        await _liaison.Deliver(escalated);
        await _liaison.Deliver(escalated);

        var deliveries = await _liaison.Deliveries();
        Assert.That(deliveries.Select(d => (d.Event, d.Step)), Is.EquivalentTo(new[]
        {
            ("request_issued", "issue"),
            ("reminder_due", $"act_by@{T0.AddHours(1).ToUnixTimeMilliseconds()}"),
            ("request_escalated", $"act_by@{T0.AddHours(1).ToUnixTimeMilliseconds()}"),
        }));
        Assert.That(await _liaison.DispatchDue(), Is.EqualTo(3));
        Assert.That(_x.Received.Count + _escalations.Received.Count, Is.EqualTo(3));
    }

    [Test]
    public async Task An_escalation_of_each_deadline_is_its_own_notice()
    {
        await _liaison.Deliver(Issued("q1", "x"));
        await _liaison.Deliver(new RequestEscalated("q1", "x", Deadline.AcknowledgeBy, T0.AddHours(1), T0.AddHours(1)));
        await _liaison.Deliver(new RequestEscalated("q1", "x", Deadline.ActBy, T0.AddHours(1), T0.AddHours(1)));
        Assert.That((await _liaison.Deliveries()).Count(d => d.Event == "request_escalated"), Is.EqualTo(2));
    }

    [Test]
    public async Task A_platform_without_a_webhook_gets_no_delivery()
    {
        await _liaison.Deliver(Issued("q1", "youtube"));
        await _liaison.Deliver(Issued("q2", "apple"));
        await _liaison.Deliver(new ReminderDue("q1", "youtube", T0.AddMinutes(30), T0.AddHours(1)));
        await _liaison.Deliver(new RequestEscalated("q1", "youtube", Deadline.ActBy, T0.AddHours(1), T0.AddHours(1)));

        Assert.That(await _liaison.Count("SELECT COUNT(*) FROM requests"), Is.EqualTo(2), "the API serves them");
        Assert.That(await _liaison.Count("SELECT COUNT(*) FROM webhook_deliveries"), Is.Zero);
        Assert.That(await _liaison.DispatchDue(), Is.Zero);
    }

    [Test]
    public async Task A_reminder_that_overtakes_the_issue_waits_for_it_and_a_closed_request_gets_none()
    {
        var reminder = new ReminderDue("q1", "x", T0.AddMinutes(30), T0.AddHours(1));
        var reminderId = Guid.NewGuid();
        await _liaison.Deliver(reminder, reminderId);
        Assert.That(_liaison.Faulted<ReminderDue>(), Is.True, "retried later by the bus");
        Assert.That(await _liaison.Count("SELECT COUNT(*) FROM webhook_deliveries"), Is.Zero);

        await _liaison.Deliver(Issued("q1", "x"));
        await _liaison.Deliver(reminder, reminderId); // the bus's retry
        Assert.That(await _liaison.Count("SELECT COUNT(*) FROM webhook_deliveries WHERE event = 'reminder_due'"), Is.EqualTo(1));

        await _liaison.Deliver(Issued("q2", "x"));
        await using (var uow = await _liaison.Database.BeginAsync())
        {
            await uow.ExecuteAsync("UPDATE requests SET status = 'closed' WHERE id = 'q2'");
            await uow.CommitAsync();
        }
        await _liaison.Deliver(new RequestEscalated("q2", "x", Deadline.ActBy, T0.AddHours(1), T0.AddHours(1)));
        Assert.That(await _liaison.Count("SELECT COUNT(*) FROM webhook_deliveries WHERE request_id = 'q2'"), Is.EqualTo(1), "the issue only");
    }
}

public sealed class When_a_receiver_is_configured_by_name
{
    [Test]
    public async Task The_name_is_resolved_and_checked_before_connecting()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Kestrel listens on 127.0.0.1 only: an address "localhost" may resolve to first (::1) refuses, the next one answers.
        var byName = new UriBuilder(receiver.Url) { Host = "localhost" }.Uri;
        await using var liaison = await StartAsync(Settings(("x", byName)));
        await liaison.Deliver(Issued("q1", "x"));

        Assert.That(await liaison.DispatchDue(), Is.EqualTo(1));

        Assert.That(receiver.Accepted, Has.Count.EqualTo(1));
        Assert.That((await liaison.Deliveries()).Single().DeliveredAt, Is.EqualTo(T0));
    }
}

public sealed class When_a_webhook_secret_is_configured_as_a_plain_string
{
    [Test]
    public async Task Its_UTF8_bytes_are_the_key_and_the_library_verifies_with_them()
    {
        const string secret = "a-plain-secret-of-32-characters-";
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = Settings(("x", receiver.Url));
        settings["Pharos:PlatformContacts:x:WebhookSecret"] = secret;
        await using var liaison = await StartAsync(settings);
        await liaison.Deliver(Issued("q1", "x"));
        liaison.Clock.MoveTo(PlatformVerification.WallClock());

        Assert.That(await liaison.DispatchDue(), Is.EqualTo(1));

        Assert.That(receiver.Received.Single().RefusalUnder(secret), Is.Null);
    }
}
