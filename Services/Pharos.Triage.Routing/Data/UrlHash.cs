using System.Security.Cryptography;
using System.Text;

namespace Pharos.Triage.Routing.Data;

/// <summary>The dedup key of a normalised URL: its SHA-256, short enough for any index.</summary>
public static class UrlHash
{
    public static byte[] Of(string normalizedUrl) => SHA256.HashData(Encoding.UTF8.GetBytes(normalizedUrl));
}
