using BenchmarkDotNet.Attributes;
using Pharos.Triage.Routing.Normalisation;

namespace Pharos.Triage.Benchmarks.Micro;

/// <summary>
/// <see cref="UrlNormalizer.TryNormalize"/> on every report Routing receives, against the BCL's own parse and
/// rebuild of the same URLs (<see cref="Uri.TryCreate(string?, UriKind, out Uri?)"/> + <see cref="Uri.GetLeftPart"/>),
/// which lower-cases the host and drops the fragment but keeps tracking parameters.
/// </summary>
public class UrlNormalisationBenchmarks
{
    private const int Count = 16;

    // URLs as reporters paste them: share links with tracking parameters, mixed case, IDN, ports, fragments.
    private static readonly string[] Urls =
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&si=Fz1xY2abCdEfGhIj&t=42",
        "https://youtu.be/dQw4w9WgXcQ?si=abcdefGHIJ1234",
        "https://WWW.YouTube.com/shorts/abcDEF12345#comments",
        "https://m.facebook.com/story.php?story_fbid=1234567890&id=100012345678&mibextid=Nif5oz&fbclid=IwAR0xYzAbCdEf",
        "https://www.facebook.com/groups/123456/posts/7890/?utm_source=share&utm_medium=copy_link&fbclid=IwZXh0bgNhZW0CMTEAAR",
        "  https://fb.watch/abcDEF123/  ",
        "https://t.me/somechannel/1234",
        "HTTPS://X.COM/someone/status/1790000000000000000?s=20&t=AbCdEfGh",
        "https://twitter.com/someone/status/1790000000000000000?ref_src=twsrc%5Etfw#reply",
        "https://www.instagram.com/p/C1a2B3c4D5e/?igsh=MWxyZ3Z0bW9hZzZ6bA%3D%3D",
        "https://www.tiktok.com/@someone/video/7300000000000000000?is_from_webapp=1&sender_device=pc&_t=8hXyZ",
        "https://vm.tiktok.com/ZMabc123/",
        "https://bücher.example/angebote/Seite?id=7",
        "http://example.org:8080/path/to/page.html?utm_campaign=spring&id=5",
        "https://example.org.:443/a?UTM_Source=mail&utm%5Fmedium=x&id=5#top",
        "https://files.onedrive.live.com/redir?resid=ABC123%21456&authkey=%21XYZ",
    ];

    [GlobalSetup]
    public void Setup()
    {
        if (Urls.Length != Count) throw new InvalidOperationException($"Count is {Count}, the table holds {Urls.Length}");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count, Description = "baseline: Uri.TryCreate + GetLeftPart(Query)")]
    public int UriGetLeftPart()
    {
        var length = 0;
        foreach (var url in Urls)
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri)) length += uri.GetLeftPart(UriPartial.Query).Length;
        return length;
    }

    [Benchmark(OperationsPerInvoke = Count, Description = "UrlNormalizer.TryNormalize")]
    public int TryNormalize()
    {
        var length = 0;
        foreach (var url in Urls)
            if (UrlNormalizer.TryNormalize(url, out var normalized, out var host)) length += normalized.Length + host.Length;
        return length;
    }
}
