using Pharos.Triage.Contracts;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.PlatformLiaison.Api;

/// <summary>
/// A platform's side in the OpenAPI document's examples: X's request PHR-2026-000123, acknowledged then removed, the
/// notice that announced it, and X's webhook.
/// </summary>
public static class LiaisonExamples
{
    private static readonly DateTimeOffset Issued = new(2026, 11, 22, 10, 0, 2, TimeSpan.Zero);

    public static readonly PlatformRequestView Pending = new(
        "0193a6f2-7c12-7b40-8c55-61d0a3f9e284", "PHR-2026-000123", "https://x.com/someone/status/1", Category.Terrorism,
        LegalBasis.TcoRemovalOrder, "Terrorist content: a video calling for attacks (Regulation (EU) 2021/784, art. 2(7)).", null,
        Issued, Issued.AddHours(1), Issued.AddHours(1), RequestStatus.Pending, null, null, null, null);

    public static readonly PlatformRequestView Acknowledged = Pending with { Status = RequestStatus.Acknowledged, AcknowledgedAt = Issued.AddMinutes(12) };

    public static readonly OutcomeReport Removed = new(Outcome.Removed, null, "TS-48213", Issued.AddMinutes(30));

    public static readonly PlatformRequestView Closed = Acknowledged with { Status = RequestStatus.Closed, Outcome = Outcome.Removed };

    public static readonly SetWebhook Webhook = new("https://hooks.x.example/pharos");

    /// <summary>The only time the secret is shown.</summary>
    public static readonly IssuedWebhookSecret Secret = new(
        "x", Webhook.Url!, "whsec_MfKQ9r2Ih5zWIqlUz0sWpYb7Cv6m8YQtVnR3aE1dGhk=", null, Issued.AddDays(-2), "admin:demo-admin");

    public static readonly WebhookChangeView WebhookSet = new(7, Secret.SetAt, Secret.SetBy, "set", null, Webhook.Url);

    public static readonly DeliveryView Delivered = new(
        "0193a6f2-7c14-7c01-9e2f-4a5b6c7d8e9f", "request_issued", Pending.Id, Pending.Reference, Issued, DeliveryStatus.Delivered,
        Issued.AddSeconds(3), null, null, null,
        [
            new AttemptView(1, 1, Issued.AddSeconds(1), 5000, null, "timeout after 5 s"),
            new AttemptView(1, 2, Issued.AddSeconds(3), 182, 200, null),
        ]);

    /// <summary>A ping, queued and sent at once.</summary>
    public static readonly DeliveryView Ping = new(
        "0193a7b0-1e00-7a10-8b20-3c4d5e6f7a8b", "ping", null, null, Issued.AddHours(2), DeliveryStatus.Pending, null, null, null, null, []);

    public static readonly PlatformProfile Profile = new(
        "x", "X", ["twitter.com", "x.com"], new ContactPerson("Trust & Safety", "legal-fr@x.example", "+33 1 23 45 67 89"), null,
        ["fr", "en"], new WebhookProfile(Webhook.Url!, null));
}
