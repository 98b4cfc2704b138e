using System.Text.Json;
using Dapper;
using Pharos.Triage.IntegrationTests.Consumers;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Webhooks;
using static Pharos.Triage.IntegrationTests.Notifications.LiaisonBed;

namespace Pharos.Triage.IntegrationTests.Notifications;

/// <summary>
/// A webhook set through the admin API (not configuration), its secret rotated on the bed's fake clock. The notices are
/// sent at the wall clock's time, which the Standard Webhooks library checks them against: the fake clock starts the
/// rotation that long before.
/// </summary>
public sealed class When_a_webhook_secret_is_rotated
{
    private WebhookReceiver _receiver = null!;
    private ServiceBed<LiaisonDatabase> _liaison = null!;
    private WebhookStore _store = null!;

    [SetUp]
    public async Task Start()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _liaison = await StartAsync(Settings());
        _store = new WebhookStore(_liaison.Database, _liaison.Clock);
    }

    [TearDown]
    public async Task Stop()
    {
        await _liaison.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    /// <summary>Sets the webhook and rotates its secret <paramref name="before"/> the wall clock; returns the old and new secrets.</summary>
    private async Task<(string Old, string New)> RotatedBefore(TimeSpan before)
    {
        var sendAt = PlatformVerification.WallClock();
        _liaison.Clock.MoveTo(sendAt - before - TimeSpan.FromMinutes(5));
        var set = await _store.SetAsync("x", _receiver.Url.ToString(), "admin:ops", CancellationToken.None);
        _liaison.Clock.MoveTo(sendAt - before);
        var rotated = await _store.RotateAsync("x", "admin:ops", CancellationToken.None);
        Assert.That(rotated!.PreviousSecretSignsUntil, Is.EqualTo(sendAt - before + TimeSpan.FromHours(24)));
        await _liaison.Deliver(Issued("q1", "x"));
        _liaison.Clock.MoveTo(sendAt);
        Assert.That(await _liaison.DispatchDue(), Is.EqualTo(1));
        return (set.Secret, rotated.Secret);
    }

    [Test]
    public async Task During_the_24_hours_both_secrets_sign_and_a_receiver_holding_either_verifies()
    {
        var (old, @new) = await RotatedBefore(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(59));

        var notice = _receiver.Received.Single();
        var signatures = notice.Headers["webhook-signature"].Split(' ');
        Assert.That(signatures, Has.Length.EqualTo(3).And.All.Match("^v1,[A-Za-z0-9+/]{43}=$"), "space-separated: new, old, new again");
        Assert.That(signatures.Distinct().Count(), Is.EqualTo(2), "two secrets sign");
        Assert.That(notice.RefusalUnder(old), Is.Null, "a receiver still holding the old secret");
        Assert.That(notice.RefusalUnder(@new), Is.Null, "a receiver already holding the new one");
        Assert.That(notice.RefusalUnder(WebhookSecret.Generate()), Is.EqualTo("No matching signature found"));
    }

    [Test]
    public async Task The_library_checks_no_last_signature_of_several_which_is_why_the_current_one_is_repeated()
    {
        // If a later StandardWebhooks fixes this, the repeat in WebhookSignature.Header can go.
        var (old, @new) = await RotatedBefore(TimeSpan.FromHours(1));
        var notice = _receiver.Received.Single();
        var signatures = notice.Headers["webhook-signature"].Split(' ');
        var twoOnly = new Dictionary<string, string>(notice.Headers, StringComparer.OrdinalIgnoreCase) { ["webhook-signature"] = $"{signatures[0]} {signatures[1]}" };

        Assert.That(notice.RefusalUnder(@new, headers: twoOnly), Is.Null);
        Assert.That(notice.RefusalUnder(old, headers: twoOnly), Is.EqualTo("No matching signature found"), "the second of two is never checked");
    }

    [Test]
    public async Task After_24_hours_only_the_new_secret_signs()
    {
        var (old, @new) = await RotatedBefore(TimeSpan.FromHours(24));

        var notice = _receiver.Received.Single();
        Assert.That(notice.Headers["webhook-signature"], Does.Match("^v1,[A-Za-z0-9+/]{43}=$"), "one signature");
        Assert.That(notice.RefusalUnder(@new), Is.Null);
        Assert.That(notice.RefusalUnder(old), Is.EqualTo("No matching signature found"));
    }

    [Test]
    public async Task A_removed_webhook_gets_no_more_notices_and_those_queued_are_abandoned()
    {
        await _store.SetAsync("x", _receiver.Url.ToString(), "admin:ops", CancellationToken.None);
        await _liaison.Deliver(Issued("q1", "x"));
        Assert.That(await _store.RemoveAsync("x", "admin:ops", CancellationToken.None), Is.True);
        await _liaison.Deliver(Issued("q2", "x"));

        Assert.That(await _liaison.DispatchDue(), Is.EqualTo(1));

        Assert.That(_receiver.Received, Is.Empty);
        var delivery = (await _liaison.Deliveries()).Single();
        Assert.That((delivery.RequestId, delivery.AbandonedAt, delivery.LastError), Is.EqualTo(("q1", (DateTimeOffset?)T0, "no webhook is configured for the platform any more")));
        Assert.That(await _store.RemoveAsync("x", "admin:ops", CancellationToken.None), Is.False, "nothing left to remove");
        Assert.That(await _store.RotateAsync("x", "admin:ops", CancellationToken.None), Is.Null, "nothing to rotate");
    }

    [Test]
    public async Task Every_change_is_recorded_with_who_when_and_the_URL_but_never_a_secret()
    {
        var first = await _store.SetAsync("x", "https://hooks.x.example/a", "admin:key:ab12:Ops", CancellationToken.None);
        _liaison.Clock.Advance(TimeSpan.FromMinutes(1));
        var moved = await _store.SetAsync("x", "https://hooks.x.example/b", "admin:key:ab12:Ops", CancellationToken.None);
        _liaison.Clock.Advance(TimeSpan.FromMinutes(1));
        var rotated = await _store.RotateAsync("x", "admin:key:cd34:Other", CancellationToken.None);
        _liaison.Clock.Advance(TimeSpan.FromMinutes(1));
        await _store.RemoveAsync("x", "admin:key:cd34:Other", CancellationToken.None);

        await using var connection = await _liaison.Database.OpenAsync();
        var rows = (await connection.QueryAsync<(string PlatformId, DateTimeOffset At, string Actor, string Change, string? UrlBefore, string? UrlAfter)>(
            "SELECT platform_id, at, actor, change, url_before, url_after FROM platform_webhook_changes ORDER BY id")).ToList();
        Assert.That(rows, Is.EqualTo(new[]
        {
            ("x", T0, "admin:key:ab12:Ops", "set", (string?)null, (string?)"https://hooks.x.example/a"),
            ("x", T0.AddMinutes(1), "admin:key:ab12:Ops", "set", "https://hooks.x.example/a", "https://hooks.x.example/b"),
            ("x", T0.AddMinutes(2), "admin:key:cd34:Other", "rotated", "https://hooks.x.example/b", "https://hooks.x.example/b"),
            ("x", T0.AddMinutes(3), "admin:key:cd34:Other", "removed", "https://hooks.x.example/b", null),
        }));
        var audit = string.Join("|", rows);
        foreach (var secret in new[] { first.Secret, moved.Secret, rotated!.Secret })
            Assert.That(audit, Does.Not.Contain(secret[WebhookSecret.Prefix.Length..]), "no secret in the audit");
        Assert.That(moved.PreviousSecretSignsUntil, Is.EqualTo(T0.AddMinutes(1).AddHours(24)), "a new URL: the old secret signs on alongside the new one");
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM platform_webhooks"), Is.Zero);
    }
}

public sealed class When_a_stricter_request_replaces_one
{
    [Test]
    public async Task The_platform_gets_a_request_superseded_notice_that_verifies_and_names_the_new_request()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var liaison = await StartAsync(Settings(("x", receiver.Url)));
        await liaison.Deliver(Supersession.Dsa());
        await liaison.Deliver(Supersession.Tco());
        await liaison.Deliver(Supersession.Superseded());
        liaison.Clock.MoveTo(PlatformVerification.WallClock());

        Assert.That(await liaison.DispatchDue(), Is.EqualTo(3));

        var notice = receiver.Received.Single(n => JsonDocument.Parse(n.Body).RootElement.GetProperty("event").GetString() == "request_superseded");
        Assert.That(notice.RefusalUnder(SecretOf("x")), Is.Null, "verifies with the library");
        var body = JsonDocument.Parse(notice.Body).RootElement;
        Assert.That(body.GetProperty("request").GetProperty("id").GetString(), Is.EqualTo("q-dsa"));
        Assert.That(body.GetProperty("request").GetProperty("status").GetString(), Is.EqualTo("closed"));
        Assert.That(body.GetProperty("supersededBy").GetProperty("id").GetString(), Is.EqualTo("q-tco"));
        Assert.That(notice.Headers["webhook-id"], Is.EqualTo(body.GetProperty("deliveryId").GetString()));
    }
}
