using System.Text.Json;

namespace Pharos.Triage.FaultTests;

/// <summary>Where a report of a content must end.</summary>
public enum Fate
{
    /// <summary>Routed to its platform (one report carries the request, the others are duplicates of it).</summary>
    Request,

    /// <summary>Forwarded: fraud, or a host outside the catalogue.</summary>
    Forward,
}

/// <summary>What the stand-in platform does with each request it receives for a content.</summary>
public enum PlatformAnswer
{
    /// <summary>Acknowledges and answers <c>removed</c>: the URL is free for a new request at its next report.</summary>
    Remove,

    /// <summary>Acknowledges only: the request stays open, later reports are duplicates.</summary>
    Acknowledge,

    /// <summary>Never answers.</summary>
    Ignore,
}

/// <summary>One piece of content, reported many times under URL variants that normalise alike.</summary>
public sealed record Content(
    string Key, string Category, string? PlatformId, Fate Fate, PlatformAnswer Answer, string NormalizedUrl, Func<int, string> Variant);

/// <summary>One filing as the analysts' tool makes it: the exact body and the Idempotency-Key it retries with.</summary>
public sealed record Filing(int Number, Content Content, string Url, byte[] Body, string IdempotencyKey);

/// <summary>
/// The fixed set of content a test reports: X and YouTube content reported over and over (so that dedup
/// matters, and a removed URL opens a new request at its next report), fraud and unknown hosts that are
/// forwarded. Each test makes its own set, tagged so that its URLs are its own.
/// </summary>
public sealed class Contents
{
    private readonly List<Content> _all = [];
    private readonly Dictionary<string, Content> _byUrl = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    // The probes come after the load's contents and are never part of its rotation.
    private readonly int _loadContents;

    public Contents(string? tag = null)
    {
        Tag = tag ?? Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 12; i++)
        {
            var k = i; // one per content: the variants below capture it
            var answer = (k % 4) switch { 0 or 1 => PlatformAnswer.Remove, 2 => PlatformAnswer.Acknowledge, _ => PlatformAnswer.Ignore };
            var category = k % 2 == 0 ? "terrorism" : "hate_speech";
            var status = $"https://x.com/account{k}/status/{Tag}{k:000}";
            _all.Add(new Content($"x-{k}", category, "x", Fate.Request, answer, status, v => (v % 3) switch
            {
                0 => $"{status}?utm_source=a{v}",
                1 => $"{status}?utm_campaign=b{v}#c{v}",
                _ => $"https://X.com/account{k}/status/{Tag}{k:000}?fbclid=d{v}",
            }));
            var watch = $"https://www.youtube.com/watch?v={Tag}{k:000}";
            _all.Add(new Content($"youtube-{k}", category, "youtube", Fate.Request, answer, watch, v => (v % 3) switch
            {
                0 => $"{watch}&utm_source=a{v}",
                1 => $"{watch}&si=b{v}#t{v}",
                _ => $"https://WWW.youtube.com/watch?v={Tag}{k:000}&utm_medium=c{v}",
            }));
        }
        for (var i = 0; i < 2; i++)
        {
            var k = i;
            var shop = $"https://x.com/shop{k}/status/{Tag}";
            _all.Add(new Content($"fraud-{k}", "fraud", null, Fate.Forward, PlatformAnswer.Ignore, shop, v => $"{shop}?utm_source=a{v}"));
        }
        for (var i = 0; i < 4; i++)
        {
            var k = i;
            var page = $"https://unknown-{k}.example/page/{Tag}";
            _all.Add(new Content($"unknown-{k}", "terrorism", null, Fate.Forward, PlatformAnswer.Ignore, page, v => $"{page}?utm_source=a{v}"));
        }
        _loadContents = _all.Count;
    }

    public string Tag { get; }

    public IReadOnlyList<Content> All => _all;

    /// <summary>A content apart from the load's, reported on its own (by the double-delivery test).</summary>
    public Content AddProbe(int k)
    {
        var url = $"https://x.com/probe{k}/status/{Tag}";
        var probe = new Content($"probe-{k}", "terrorism", "x", Fate.Request, PlatformAnswer.Ignore, url, v => $"{url}?utm_source=p{v}");
        lock (_lock) _all.Add(probe);
        return probe;
    }

    /// <summary>The <paramref name="number"/>th filing of the load: the contents in turn, each time under another variant.</summary>
    public Filing Filing(int number) => Filing(number, _all[number % _loadContents]);

    public Filing Filing(int number, Content content)
    {
        var url = content.Variant(number);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { url, category = content.Category, description = $"fault test {Tag} filing {number}" });
        lock (_lock) _byUrl[url] = content;
        return new Filing(number, content, url, body, $"faults-{Tag}-{number}");
    }

    /// <summary>The content a URL was filed for; null for a URL this test never filed.</summary>
    public Content? Of(string url)
    {
        lock (_lock) return _byUrl.GetValueOrDefault(url);
    }
}
