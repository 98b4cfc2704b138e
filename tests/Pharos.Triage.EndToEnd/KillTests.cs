using System.Collections.Concurrent;
using System.Text.Json;

namespace Pharos.Triage.EndToEnd;

public sealed class When_the_embedded_host_is_killed_while_reports_are_in_flight
{
    private static readonly string[] Hosts =
        ["x.com", "www.facebook.com", "www.youtube.com", "t.me", "www.tiktok.com", "www.instagram.com", "www.snapchat.com", "unknown-host.example"];

    private static readonly string[] PlatformTokens =
        ["demo-platform-x", "demo-platform-facebook", "demo-platform-youtube", "demo-platform-telegram", "demo-platform-tiktok",
         "demo-platform-instagram", "demo-platform-snapchat"];

    [Test]
    public async Task Every_report_reaches_its_state_with_exactly_one_request_per_open_url()
    {
        var data = Path.Combine(Path.GetTempPath(), "pharos-e2e", Guid.NewGuid().ToString("N"));
        // Stuck work is re-driven within seconds, so the test need not wait for production intervals.
        // The analyst's rate limit is not under test: the restarted host takes what the first did not (up to 110
        // filings at once, beyond the default burst of 100), and answered 429 when the kill came early.
        var environment = new Dictionary<string, string>
        {
            ["Pharos__Redrive__After"] = "00:00:02", ["Pharos__Redrive__Interval"] = "00:00:01",
            ["Pharos__Limits__RateLimits__analyst__PermitsPerSecond"] = "10000", ["Pharos__Limits__RateLimits__analyst__Burst"] = "10000",
        };

        // 40 pieces of content, each reported 4 times under URL variants that normalise alike.
        var filings = Enumerable.Range(0, 160)
            .Select(i => (Content: i % 40, Variant: i / 40))
            .Select(f => $"https://{Hosts[f.Content % Hosts.Length]}/content/{f.Content}?utm_source=v{f.Variant}#{f.Variant}")
            .ToList();
        var accepted = new ConcurrentDictionary<string, string>();
        var next = -1;

        async Task File(Uri baseAddress, int upTo)
        {
            using var analyst = Api.Client(baseAddress, "demo-analyst");
            int i;
            while ((i = Interlocked.Increment(ref next)) < upTo)
            {
                try { accepted[await analyst.File(filings[i])] = filings[i]; }
                catch (HttpRequestException e) when (e.StatusCode is null) { return; } // the host died under us
                catch (TaskCanceledException) { return; }
            }
        }

        using (var first = new HostProcess(data, environment))
        {
            await first.StartAsync(TimeSpan.FromSeconds(60));
            var writers = Enumerable.Range(0, 6).Select(_ => Task.Run(() => File(first.BaseAddress, filings.Count))).ToList();
            await Api.Eventually(() => Task.FromResult(accepted.Count), n => n >= 50, "the first reports", TimeSpan.FromSeconds(60));
            first.Kill();
            await Task.WhenAll(writers);
        }
        var killedAfter = accepted.Count;
        TestContext.Out.WriteLine($"Killed after {killedAfter} accepted reports");
        Assert.That(killedAfter, Is.LessThan(filings.Count), "the kill must land while reports are still being filed");

        using var second = new HostProcess(data, environment);
        await second.StartAsync(TimeSpan.FromSeconds(60));
        next = Math.Min(next, filings.Count) - 1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => File(second.BaseAddress, filings.Count)));

        using var analyst = Api.Client(second.BaseAddress, "demo-analyst");
        var reports = await Api.Eventually(() => analyst.All("/api/reports"),
            all => all.All(r => r.GetProperty("status").GetString() != "received"
                                && (r.GetProperty("status").GetString() == "forwarded" || r.GetProperty("request").ValueKind == JsonValueKind.Object)),
            "every report to leave 'received' and show its request", TimeSpan.FromSeconds(90));

        Assert.That(reports.Select(r => r.GetProperty("id").GetString()), Is.SupersetOf(accepted.Keys), "no accepted report is lost");

        var byContent = reports.GroupBy(r => r.GetProperty("normalizedUrl").GetString()!).ToList();
        foreach (var content in byContent)
        {
            var statuses = content.Select(r => r.GetProperty("status").GetString()).ToList();
            if (content.Key.Contains("unknown-host.example"))
            {
                Assert.That(statuses, Is.All.EqualTo("forwarded"), content.Key);
                continue;
            }
            Assert.That(statuses.Count(s => s == "routed"), Is.EqualTo(1), $"{content.Key}: one report carries the request");
            Assert.That(statuses.Count(s => s == "duplicate"), Is.EqualTo(content.Count() - 1), $"{content.Key}: the others are duplicates");
            Assert.That(content.Select(r => r.GetProperty("request").GetProperty("id").GetString()).Distinct().Count(), Is.EqualTo(1),
                $"{content.Key}: every report shows the same request");
        }

        // And the platforms were asked once per piece of content.
        var asked = new List<string>();
        foreach (var token in PlatformTokens)
        {
            using var platform = Api.Client(second.BaseAddress, token);
            asked.AddRange((await platform.All("/api/platform/requests")).Select(r => r.GetProperty("id").GetString()!));
        }
        var routedRequests = reports.Where(r => r.GetProperty("status").GetString() == "routed")
            .Select(r => r.GetProperty("request").GetProperty("id").GetString()!).ToList();
        Assert.That(asked, Is.EquivalentTo(routedRequests), "one request per open URL, visible to its platform");
        TestContext.Out.WriteLine($"{reports.Count} reports, {byContent.Count} contents, {asked.Count} requests");
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
