namespace Pharos.Triage.PlatformLiaison.Contacts;

/// <summary>
/// How a platform is reached beyond the API, as an operator configured it: <c>Pharos:PlatformContacts:&lt;platformId&gt;</c>.
/// A webhook configured here is the platform's only one: the admin API does not set another beside it.
/// </summary>
public sealed class PlatformContact
{
    public string? WebhookUrl { get; set; }

    /// <summary>
    /// The secret the platform verifies each notice with: <c>whsec_</c> and base64, as the Standard Webhooks specification
    /// has it, or (as configured before it) any other string, whose UTF-8 bytes are then the key.
    /// </summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The person escalations are addressed to (a name, an e-mail address), named in escalation notices.</summary>
    public string? EscalationContact { get; set; }

    /// <summary>Where escalations go, when not to <see cref="WebhookUrl"/>.</summary>
    public string? EscalationWebhookUrl { get; set; }

    public bool HasWebhook => !string.IsNullOrWhiteSpace(WebhookUrl);
}

/// <summary>Every platform's contact, by platform id; ids match whatever their case, as configuration keys do.</summary>
public sealed class PlatformContacts() : Dictionary<string, PlatformContact>(StringComparer.OrdinalIgnoreCase)
{
    public const string Section = "Pharos:PlatformContacts";

    /// <summary>The platform's contact if it has a webhook; null for a platform served by the API alone.</summary>
    public PlatformContact? WebhookOf(string platformId) =>
        TryGetValue(platformId, out var contact) && contact.HasWebhook ? contact : null;
}
