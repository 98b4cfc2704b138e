using Dapper;
using Microsoft.Extensions.Options;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Platforms;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.PlatformLiaison.Contacts;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>Where a platform's notices go and the secrets that sign them now, the current one first.</summary>
public sealed record PlatformWebhook(string Url, string? EscalationUrl, string? EscalationContact, IReadOnlyList<string> Secrets)
{
    /// <summary>Where a notice of <paramref name="event"/> goes: escalations to the escalation receiver, if the platform has one.</summary>
    public string ReceiverOf(string @event) =>
        @event == WebhookEvent.RequestEscalated && !string.IsNullOrWhiteSpace(EscalationUrl) ? EscalationUrl : Url;

    public IEnumerable<byte[]> Keys => Secrets.Select(WebhookSecret.KeyOf);
}

/// <summary>
/// Each platform's webhook, from one source: the operator's configuration (<c>Pharos:PlatformContacts:&lt;id&gt;</c>) when it
/// names one, else what the admin API set (<c>platform_webhooks</c>).
/// </summary>
public sealed class PlatformWebhooks(IOptions<PlatformContacts> contacts)
{
    /// <summary>The configuration key that holds the platform's webhook, if configuration does; the admin API leaves it alone.</summary>
    public string? ConfiguredAt(string platformId) =>
        contacts.Value.WebhookOf(platformId) is null ? null : $"{PlatformContacts.Section}:{platformId}:WebhookUrl";

    /// <summary>
    /// The platform's webhook as of <paramref name="now"/>, naming its escalation contact; null for a platform served by the
    /// API alone. For the notices a consumer queues.
    /// </summary>
    public async Task<PlatformWebhook?> FindAsync(UnitOfWork uow, LiaisonSql sql, string platformId, DateTimeOffset now)
    {
        var webhook = Configured(platformId)
            ?? Of(await uow.QuerySingleOrDefaultAsync<PlatformWebhookRow>(sql.SelectWebhook, new { PlatformId = platformId }), now);
        if (webhook is null || webhook.EscalationContact is not null) return webhook;
        return webhook with { EscalationContact = Describe((await PlatformDirectory.FindAsync(uow, platformId))?.EscalationContact) };
    }

    /// <summary>Where the platform's notices go and what signs them as of <paramref name="now"/>: for the dispatcher.</summary>
    public async Task<PlatformWebhook?> FindAsync(LiaisonDatabase database, string platformId, DateTimeOffset now, CancellationToken ct)
    {
        if (Configured(platformId) is { } configured) return configured;
        await using var connection = await database.OpenAsync(ct);
        return Of(await connection.QuerySingleOrDefaultAsync<PlatformWebhookRow>(database.Sql.SelectWebhook, new { PlatformId = platformId }), now);
    }

    /// <summary>Configuration's webhook, with the escalation contact and receiver an operator may name beside it.</summary>
    private PlatformWebhook? Configured(string platformId) =>
        contacts.Value.WebhookOf(platformId) is { } c
            ? new(c.WebhookUrl!, c.EscalationWebhookUrl, string.IsNullOrWhiteSpace(c.EscalationContact) ? null : c.EscalationContact, [c.WebhookSecret!])
            : null;

    private static PlatformWebhook? Of(PlatformWebhookRow? row, DateTimeOffset now) =>
        row is null ? null : new(row.Url, null, null, WebhookRotation.SigningSecrets(row, now));

    /// <summary>The escalation contact Routing keeps for the platform, as one line: <c>Name &lt;email&gt; phone</c>.</summary>
    private static string? Describe(ContactPerson? person) =>
        person is null ? null : string.Join(' ', new[] { person.Name, person.Email is null ? null : $"<{person.Email}>", person.Phone }.Where(p => !string.IsNullOrWhiteSpace(p)));
}
