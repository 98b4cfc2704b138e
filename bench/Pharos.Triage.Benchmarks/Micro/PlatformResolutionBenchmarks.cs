using System.Collections.Frozen;
using BenchmarkDotNet.Attributes;
using Pharos.Triage.Routing.Catalogue;
using Pharos.Triage.Tests.Routing;

namespace Pharos.Triage.Benchmarks.Micro;

/// <summary>
/// <see cref="PlatformCatalogue.Resolve"/> over the seeded platforms (API.md's, as migration 004 seeds them), against one exact lookup of the same hosts
/// in a <see cref="FrozenDictionary{TKey, TValue}"/> of the seeded domains: what the subdomain walk costs on top.
/// </summary>
public class PlatformResolutionBenchmarks
{
    private const int Count = 16;

    // Hosts as UrlNormalizer hands them over (lower case, no trailing dot): seeded domains, their subdomains,
    // and hosts no platform takes. The last two are as a direct caller might pass them.
    private static readonly string[] Hosts =
    [
        "www.youtube.com", "youtu.be", "m.youtube.com", "www.facebook.com", "m.facebook.com", "fb.watch", "t.me", "x.com",
        "mobile.twitter.com", "www.instagram.com", "vm.tiktok.com", "files.onedrive.live.com", "music.apple.com",
        "xn--bcher-kva.example", "WWW.FaceBook.COM", "www.youtube.com.",
    ];

    private readonly PlatformCatalogue _catalogue = new(ApiSeededPlatforms.All);

    private readonly FrozenDictionary<string, Platform> _byDomain =
        ApiSeededPlatforms.All.SelectMany(p => p.Domains.Select(d => KeyValuePair.Create(d, p))).ToFrozenDictionary(StringComparer.Ordinal);

    [GlobalSetup]
    public void Setup()
    {
        if (Hosts.Length != Count) throw new InvalidOperationException($"Count is {Count}, the table holds {Hosts.Length}");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count, Description = "baseline: FrozenDictionary exact host lookup")]
    public int FrozenDictionaryLookup()
    {
        var found = 0;
        foreach (var host in Hosts)
            if (_byDomain.TryGetValue(host, out _)) found++;
        return found;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "PlatformCatalogue.Resolve")]
    public int Resolve()
    {
        var found = 0;
        foreach (var host in Hosts)
            if (_catalogue.Resolve(host) is not null) found++;
        return found;
    }
}
