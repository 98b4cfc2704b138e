using System.Text.Json;
using System.Text.Json.Serialization;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>
/// The body of a notice, written once when the delivery is queued, so that every attempt sends (and
/// signs) the same bytes and the receiver can de-duplicate on <see cref="DeliveryId"/>.
/// </summary>
public sealed record WebhookNotice(
    string DeliveryId,
    string Event,
    DateTimeOffset OccurredAt,
    NoticeRequest Request,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EscalationContact,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] NoticeReplacement? SupersededBy = null)
{
    // API.md's conventions: camelCase, ISO-8601 UTC timestamps.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new UtcTimestampConverter() } };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>The request a notice is about, as its platform sees it in the API.</summary>
public sealed record NoticeRequest(
    string Id,
    string Reference,
    string Url,
    string Category,
    string LegalBasis,
    DateTimeOffset IssuedAt,
    DateTimeOffset AcknowledgeBy,
    DateTimeOffset ActBy,
    string Status)
{
    public static NoticeRequest From(RequestRow r) =>
        new(r.Id, r.Reference, r.Url, r.Category, r.LegalBasis, r.IssuedAt, r.AcknowledgeBy, r.ActBy, r.Status);
}

/// <summary>The request that replaced a superseded one: the platform answers that one now.</summary>
public sealed record NoticeReplacement(string Id, string Reference, string LegalBasis);

/// <summary>
/// The body of a <c>ping</c>: it announces nothing, and shows the platform that notices reach its receiver and verify.
/// </summary>
public sealed record PingNotice(string DeliveryId, string Event, DateTimeOffset OccurredAt, string PlatformId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new UtcTimestampConverter() } };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
