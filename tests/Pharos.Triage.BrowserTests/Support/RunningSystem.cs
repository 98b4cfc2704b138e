using System.Net.Http.Json;

namespace Pharos.Triage.BrowserTests.Support;

/// <summary>
/// The embedded default as people run it (the host as a process, on a free port and a fresh data directory), with
/// Chromium to look at it. The demo tokens are accepted from loopback, so the API drives the system to where a page
/// is to be seen.
/// </summary>
public sealed class RunningSystem : IAsyncDisposable
{
    private readonly Microsoft.Playwright.IPlaywright _playwright;

    private RunningSystem(HostProcess host, Microsoft.Playwright.IPlaywright playwright, Microsoft.Playwright.IBrowser browser)
    {
        Host = host;
        _playwright = playwright;
        Browser = browser;
    }

    public HostProcess Host { get; }

    /// <summary>The reports filed through <see cref="PublishAsync"/> so far, each a request of its own.</summary>
    private int _filed;

    public Microsoft.Playwright.IBrowser Browser { get; }

    public Uri Url(string path) => new(Host.BaseAddress, path);

    public HttpClient As(string token) => Api.Client(Host.BaseAddress, token);

    public static async Task<RunningSystem> StartAsync()
    {
        Chromium.Require();
        var host = new HostProcess(Path.Combine(Path.GetTempPath(), "pharos-browser-tests", Guid.NewGuid().ToString("N")));
        try
        {
            await host.StartAsync(TimeSpan.FromSeconds(90));
            var (playwright, browser) = await Chromium.LaunchAsync();
            return new RunningSystem(host, playwright, browser);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Files reports as an analyst (URLs of distinct content), waits until every request filed so far is issued, and publishes the figures
    /// of the day around now as the ministry; returns the publication's version.
    /// </summary>
    public async Task<int> PublishAsync(params string[] urls)
    {
        using var analyst = As("demo-analyst");
        using var ministry = As("demo-ministry");
        foreach (var url in urls) await analyst.File(url);
        _filed += urls.Length;
        var now = TimeProvider.System.GetUtcNow();
        var period = new { from = now.AddDays(-1), to = now.AddDays(1) };
        await Api.Eventually(
            async () => await (await ministry.GetAsync($"/api/statistics?from={Uri.EscapeDataString(period.from.ToString("O"))}&to={Uri.EscapeDataString(period.to.ToString("O"))}")).Json(),
            s => s.GetProperty("platforms").EnumerateArray().Sum(p => p.GetProperty("requests").GetInt32()) == _filed,
            "every request issued", TimeSpan.FromSeconds(30));
        var published = await (await ministry.PostAsJsonAsync("/api/publications", period)).Json();
        return published.GetProperty("version").GetInt32();
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
        Host.Dispose();
    }
}
