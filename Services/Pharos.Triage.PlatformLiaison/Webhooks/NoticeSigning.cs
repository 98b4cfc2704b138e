using System.Globalization;
using Pharos.Triage.Infrastructure.Runtime;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>The keys a notice is signed with, carried on its request for <see cref="NoticeSigning"/>.</summary>
public sealed record NoticeKeys(string DeliveryId, string Body, IReadOnlyList<byte[]> Keys)
{
    public static readonly HttpRequestOptionsKey<NoticeKeys> Key = new("Pharos.Triage.NoticeKeys");
}

/// <summary>
/// Stamps and signs each attempt as it leaves (inside the resilience handler, so a quick retry is signed anew): the
/// Standard Webhooks headers, <c>webhook-id</c> the delivery's id on every attempt, <c>webhook-timestamp</c> this
/// attempt's time, <c>webhook-signature</c> one signature per key.
/// </summary>
public sealed class NoticeSigning(TimeProvider clock) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(NoticeKeys.Key, out var notice))
        {
            var timestamp = clock.Now().ToUnixTimeSeconds();
            var headers = request.Headers;
            headers.Remove(WebhookSignature.IdHeader);
            headers.Remove(WebhookSignature.TimestampHeader);
            headers.Remove(WebhookSignature.SignatureHeader);
            headers.Add(WebhookSignature.IdHeader, notice.DeliveryId);
            headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
            // Base64 holds no character a header would need quoted; added unchecked, so that no parser splits it at its spaces.
            headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Header(notice.Keys, notice.DeliveryId, timestamp, notice.Body));
        }
        return base.SendAsync(request, cancellationToken);
    }
}
