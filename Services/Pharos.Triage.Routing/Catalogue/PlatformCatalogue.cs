using System.Buffers;

namespace Pharos.Triage.Routing.Catalogue;

/// <summary>
/// The platforms at one <see cref="Version"/> of the catalogue, resolving a host to the platform that hosts it: an
/// exact domain, or any subdomain of one (<c>m.facebook.com</c>). The most specific domain wins, so
/// <c>onedrive.live.com</c> can belong to a platform while <c>live.com</c> does not. Never changed once built: a newer
/// catalogue is a new instance (<see cref="LiveCatalogue"/>).
/// </summary>
public sealed class PlatformCatalogue
{
    private static readonly SearchValues<char> LowerCaseHostChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-_");

    private readonly Dictionary<string, Platform> _byDomain;

    /// <param name="version">The id of the last platform change it includes (the database's <c>catalogue_version</c>).</param>
    public PlatformCatalogue(IEnumerable<Platform> platforms, long version = 0)
    {
        _byDomain = Index(platforms);
        Version = version;
    }

    public long Version { get; }

    public Platform? Resolve(string host)
    {
        var candidate = host.AsSpan().TrimEnd('.');
        // Hosts from UrlNormalizer are already lower case: lower-case (and allocate) only those that are not.
        if (candidate.ContainsAnyExcept(LowerCaseHostChars)) candidate = candidate.ToString().ToLowerInvariant();
        // Parent domains are looked up as slices of the host, not as new strings.
        var byDomain = _byDomain.GetAlternateLookup<ReadOnlySpan<char>>();
        while (true)
        {
            if (byDomain.TryGetValue(candidate, out var platform)) return platform;
            var dot = candidate.IndexOf('.');
            if (dot < 0) return null;
            candidate = candidate[(dot + 1)..];
        }
    }

    private static Dictionary<string, Platform> Index(IEnumerable<Platform> platforms) =>
        platforms.SelectMany(p => p.Domains.Select(d => (Domain: d.ToLowerInvariant(), Platform: p)))
            .ToDictionary(x => x.Domain, x => x.Platform, StringComparer.Ordinal);
}
