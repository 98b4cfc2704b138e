using System.Diagnostics;
using System.Text.Json;

namespace Pharos.Triage.EndToEnd;

/// <summary>A service's database refuses writes for a while, under load, then comes back.</summary>
public sealed class When_a_database_refuses_writes_for_a_while
{
    [Test]
    public async Task Nothing_is_lost_or_doubled_and_the_flow_resumes_by_itself()
    {
        var data = Path.Combine(Path.GetTempPath(), "pharos-e2e", Guid.NewGuid().ToString("N"));
        using var host = new HostProcess(data, new Dictionary<string, string> { ["Pharos__Redrive__After"] = "00:00:02", ["Pharos__Redrive__Interval"] = "00:00:01" });
        await host.StartAsync(TimeSpan.FromSeconds(60));
        using var analyst = Api.Client(host.BaseAddress, "demo-analyst");
        // The database and its log, not its shared-memory index: SQLite maps the -shm file into memory, and a write to a
        // mapped page of an immutable file is SIGBUS on ext4 (the process dies, no error to handle), which is no
        // database refusing writes but a test killing its host, at random, when a page was last written back.
        var routing = new[] { "routing.db", "routing.db-wal" }.Select(f => Path.Combine(data, f)).ToArray();

        // The immutable attribute refuses writes even to root (who ignores file modes), until it is lifted.
        if (!Chattr("+i", routing)) Assert.Ignore("chattr +i is not supported on this file system");
        var accepted = new List<(string Id, string Url)>();
        try
        {
            for (var i = 0; i < 40; i++)
            {
                var url = $"https://x.com/unwritable/{i % 10}?utm_source={i}";
                accepted.Add((await analyst.File(url), url));
                await Task.Delay(100);
            }
        }
        finally
        {
            Chattr("-i", routing);
        }

        var reports = await Api.Eventually(() => analyst.All("/api/reports"),
            all => all.Count == accepted.Count && all.All(r => r.GetProperty("request").ValueKind == JsonValueKind.Object),
            "every report routed or linked once Routing can write again", TimeSpan.FromSeconds(90));
        var byUrl = reports.GroupBy(r => r.GetProperty("normalizedUrl").GetString()).ToList();
        Assert.That(byUrl, Has.Count.EqualTo(10));
        foreach (var content in byUrl)
        {
            Assert.That(content.Count(r => r.GetProperty("status").GetString() == "routed"), Is.EqualTo(1), content.Key);
            Assert.That(content.Select(r => r.GetProperty("request").GetProperty("id").GetString()).Distinct().Count(), Is.EqualTo(1), content.Key);
        }
        using var x = Api.Client(host.BaseAddress, "demo-platform-x");
        Assert.That(await x.All("/api/platform/requests"), Has.Count.EqualTo(10), "X was asked once per piece of content");
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    private static bool Chattr(string flag, string[] files)
    {
        try
        {
            var start = new ProcessStartInfo("chattr") { RedirectStandardError = true };
            start.ArgumentList.Add(flag);
            foreach (var file in files.Where(File.Exists)) start.ArgumentList.Add(file);
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
