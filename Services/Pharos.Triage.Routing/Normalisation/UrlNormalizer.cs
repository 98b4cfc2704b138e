using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Pharos.Triage.Routing.Normalisation;

/// <summary>
/// The form of a URL under which reports of the same content meet: scheme and host lower-cased,
/// default port, fragment and tracking parameters dropped. The path keeps its case: on most
/// platforms <c>/Video</c> and <c>/video</c> are different content.
/// </summary>
public static class UrlNormalizer
{
    private static readonly HashSet<string> TrackingParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "msclkid", "igshid", "igsh", "mc_cid", "mc_eid", "_ga", "yclid", "twclid", "ttclid", "si",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> TrackingLookup =
        TrackingParameters.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool TryNormalize(string url, [NotNullWhen(true)] out string? normalized, [NotNullWhen(true)] out string? host)
    {
        normalized = null;
        host = null;
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return false;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return false;

        host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (host.Length == 0) return false;

        var builder = new StringBuilder(url.Length);
        builder.Append(uri.Scheme).Append("://").Append(host);
        if (!uri.IsDefaultPort) builder.Append(':').Append(uri.Port);
        builder.Append(uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath);

        // The query is walked in place: this runs for every report, and splitting it allocated every pair twice.
        var query = uri.Query.AsSpan().TrimStart('?');
        var separator = '?';
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.IsEmpty) continue;
            var equals = pair.IndexOf('=');
            if (IsTracking(equals < 0 ? pair : pair[..equals])) continue;
            builder.Append(separator).Append(pair);
            separator = '&';
        }

        normalized = builder.ToString();
        return true;
    }

    public static string Normalize(string url) =>
        TryNormalize(url, out var normalized, out _) ? normalized : throw new ArgumentException($"Not an absolute http(s) URL: {url}", nameof(url));

    private static bool IsTracking(ReadOnlySpan<char> name)
    {
        // Names are rarely percent-encoded: decode (and allocate) only those that are.
        var decoded = name.Contains('%') ? Uri.UnescapeDataString(name).AsSpan() : name;
        return decoded.StartsWith("utm_", StringComparison.OrdinalIgnoreCase) || TrackingLookup.Contains(decoded);
    }
}
