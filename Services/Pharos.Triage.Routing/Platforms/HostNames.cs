using System.Net;

namespace Pharos.Triage.Routing.Platforms;

/// <summary>
/// What a platform's domain may be: a host name as URLs carry it, which Routing matches with its subdomains. Lower case
/// is what is kept (a domain is taken in any case and lower-cased); an international name is given in its ASCII form
/// (<c>xn--…</c>), as UrlNormalizer hands hosts over.
/// </summary>
public static class HostNames
{
    /// <summary>The most a DNS name holds, and the platform_domains column.</summary>
    public const int MaxLength = 253;

    private const int MaxLabelLength = 63;

    public static string Normalise(string host) => host.ToLowerInvariant();

    /// <summary>What is wrong with <paramref name="host"/> as a domain, in a sentence that names it; null when nothing is.</summary>
    public static string? Problem(string? host)
    {
        if (string.IsNullOrWhiteSpace(host)) return "A domain must not be empty.";
        if (host.Contains("://", StringComparison.Ordinal)) return $"{host} must be a host name without a scheme (example.com, not https://example.com).";
        if (host.Contains('/', StringComparison.Ordinal)) return $"{host} must be a host name without a path.";
        if (host.StartsWith('[') || IPAddress.TryParse(host, out _)) return $"{host} must be a host name, not an IP address.";
        if (host.Contains(':', StringComparison.Ordinal)) return $"{host} must be a host name without a port.";
        if (host.Length > MaxLength) return $"A domain must be at most {MaxLength} characters.";
        var name = Normalise(host);
        if (!name.Contains('.', StringComparison.Ordinal)) return $"{host} must have at least one dot (example.com).";
        var labels = name.Split('.');
        foreach (var label in labels)
        {
            if (label.Length == 0) return $"{host} must not have an empty label (two dots in a row, or a dot at either end).";
            if (label.Length > MaxLabelLength) return $"{host} has a label longer than {MaxLabelLength} characters.";
            if (!label.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
                return $"{host} must hold only letters, digits, hyphens and dots (an international name in its xn-- form).";
            if (label.StartsWith('-') || label.EndsWith('-')) return $"{host} has a label that begins or ends with a hyphen.";
        }
        // 1.2.3.999 is no address, and no host name either: top-level domains are never all digits.
        if (labels[^1].All(char.IsAsciiDigit)) return $"{host} must be a host name, not an IP address.";
        return null;
    }
}
