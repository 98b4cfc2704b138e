using Microsoft.Extensions.Options;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.PlatformLiaison.Contacts;

/// <summary>Checks the platforms' webhook configuration at start, naming the key that is wrong.</summary>
public sealed class PlatformContactsValidator : IValidateOptions<PlatformContacts>
{
    /// <summary>Short keys are guessable, and a guessed key forges notices (a <c>whsec_</c> secret's key: <see cref="WebhookSecret.MinimumKeyBytes"/>).</summary>
    public const int MinimumSecretLength = 16;

    public ValidateOptionsResult Validate(string? name, PlatformContacts options)
    {
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static IEnumerable<string> Problems(PlatformContacts contacts)
    {
        foreach (var (platformId, contact) in contacts)
        {
            var key = $"{PlatformContacts.Section}:{platformId}";
            if (!contact.HasWebhook)
            {
                if (!string.IsNullOrWhiteSpace(contact.EscalationWebhookUrl))
                    yield return $"{key}:EscalationWebhookUrl is set without {key}:WebhookUrl; set both, or neither for a platform served by the API alone.";
                continue;
            }

            if (ReceiverAddress.Problem(contact.WebhookUrl!) is { } webhook)
                yield return $"{key}:WebhookUrl {webhook}";
            if (!string.IsNullOrWhiteSpace(contact.EscalationWebhookUrl) && ReceiverAddress.Problem(contact.EscalationWebhookUrl) is { } escalation)
                yield return $"{key}:EscalationWebhookUrl {escalation}";
            if (string.IsNullOrWhiteSpace(contact.WebhookSecret))
                yield return $"{key}:WebhookSecret is required with a webhook: the platform verifies each notice's signature with it.";
            else if (WebhookSecret.IsStandard(contact.WebhookSecret))
            {
                if (WebhookSecret.Problem(contact.WebhookSecret) is { } secret) yield return $"{key}:WebhookSecret {secret}";
            }
            else if (contact.WebhookSecret.Length < MinimumSecretLength)
                yield return $"{key}:WebhookSecret must be at least {MinimumSecretLength} characters long.";
        }
    }
}
