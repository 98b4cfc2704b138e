namespace Pharos.Triage.Routing.Normalisation;

/// <summary>A report's URL in the form reports of the same content meet under (<see cref="UrlNormalizer"/>), and its host.</summary>
public sealed record NormalizedUrl(string Value, string Host)
{
    /// <summary>Null for a URL that is not an absolute http(s) URL.</summary>
    public static NormalizedUrl? Of(string url) =>
        UrlNormalizer.TryNormalize(url, out var normalized, out var host) ? new NormalizedUrl(normalized, host) : null;
}
