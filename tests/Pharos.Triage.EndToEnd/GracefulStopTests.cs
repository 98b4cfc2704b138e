using System.Collections.Concurrent;
using System.Text.Json;

namespace Pharos.Triage.EndToEnd;

public sealed class When_the_host_is_asked_to_stop_under_load
{
    [Test]
    public async Task It_exits_cleanly_and_everything_accepted_reaches_its_state_after_the_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), "pharos-e2e", Guid.NewGuid().ToString("N"));
        var accepted = new ConcurrentBag<string>();
        using (var first = new HostProcess(data))
        {
            await first.StartAsync(TimeSpan.FromSeconds(60));
            using var analyst = Api.Client(first.BaseAddress, "demo-analyst");
            using var stop = new CancellationTokenSource();
            var load = Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try { accepted.Add(await analyst.File($"https://youtu.be/stop-{i % 15}?t={i}")); }
                    catch (HttpRequestException e) when (e.StatusCode is null) { return; } // the host is gone
                    catch (TaskCanceledException) { return; }
                }
            });
            await Api.Eventually(() => Task.FromResult(accepted.Count), n => n >= 40, "some load", TimeSpan.FromSeconds(30));
            var exit = await first.TerminateAsync(TimeSpan.FromSeconds(60));
            await stop.CancelAsync();
            await load;
            Assert.That(exit, Is.Zero, $"a clean exit on SIGTERM:\n{first.Output[^Math.Min(2000, first.Output.Length)..]}");
        }

        using var second = new HostProcess(data);
        await second.StartAsync(TimeSpan.FromSeconds(60));
        using var again = Api.Client(second.BaseAddress, "demo-analyst");
        var reports = await Api.Eventually(() => again.All("/api/reports"),
            all => all.All(r => r.GetProperty("request").ValueKind == JsonValueKind.Object), "every report with its request", TimeSpan.FromSeconds(60));
        Assert.That(reports.Select(r => r.GetProperty("id").GetString()), Is.SupersetOf(accepted));
        Assert.That(reports.GroupBy(r => r.GetProperty("normalizedUrl").GetString()).Select(g => g.Count(r => r.GetProperty("status").GetString() == "routed")),
            Is.All.EqualTo(1), "one request per URL");
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
