using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>
/// <c>X-Pharos-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of <c>"&lt;timestamp&gt;.&lt;body&gt;"</c> under the
/// platform's secret. The timestamp is signed too, so a receiver can refuse an old notice replayed.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "sha256=";

    public static string Sign(string secret, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
