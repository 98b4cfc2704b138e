using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>
/// A notice's signature as the Standard Webhooks specification defines it, so that a platform verifies it with any of
/// that specification's libraries: <c>v1,&lt;base64 HMAC-SHA256 of "&lt;id&gt;.&lt;timestamp&gt;.&lt;body&gt;"&gt;</c>,
/// one per key, space-separated. The id and the timestamp are signed too: a receiver de-duplicates on the id and refuses
/// an old notice replayed. Pure.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The symmetric scheme's identifier (the specification's <c>v1</c>).</summary>
    public const string Version = "v1";

    public static string Sign(ReadOnlySpan<byte> key, string id, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}");
        return $"{Version},{Convert.ToBase64String(HMACSHA256.HashData(key, signed))}";
    }

    /// <summary>
    /// The <c>webhook-signature</c> value: one signature per key, the current key's first. With more than one key (a
    /// rotation), the current key's signature is repeated last: the StandardWebhooks package for .NET (1.1.2) never
    /// checks the last entry of a list of several, so without the repeat a receiver holding only the previous secret
    /// would refuse every notice of the rotation. The list stays what the specification allows (any number of
    /// signatures, a receiver accepting one that matches), and every other library reads it the same.
    /// </summary>
    public static string Header(IEnumerable<byte[]> keys, string id, long timestamp, string body)
    {
        var signatures = keys.Select(key => Sign(key, id, timestamp, body)).ToList();
        if (signatures.Count > 1) signatures.Add(signatures[0]);
        return string.Join(' ', signatures);
    }
}
