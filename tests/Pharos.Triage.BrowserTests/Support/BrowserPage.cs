using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Pharos.Triage.BrowserTests.Support;

/// <summary>
/// A page opened in a browser context of its own, at a viewport, that records every console error and uncaught
/// script error while it is open. <see cref="CheckAsync"/> is what every page of every journey must pass.
/// </summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    private BrowserPage(IBrowserContext context, IPage page, Viewport viewport)
    {
        _context = context;
        Page = page;
        Viewport = viewport;
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (_errors) _errors.Add($"console: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => { lock (_errors) _errors.Add($"page error: {error}"); };
    }

    public IPage Page { get; }

    public Viewport Viewport { get; }

    /// <summary>What the console and the page reported as errors so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get { lock (_errors) return _errors.ToList(); }
    }

    public static async Task<BrowserPage> OpenAsync(IBrowser browser, Viewport viewport)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = viewport.Width, Height = viewport.Height },
            IsMobile = viewport.IsMobile,
            HasTouch = viewport.IsMobile,
            DeviceScaleFactor = viewport.IsMobile ? 2 : 1,
            Locale = "fr-FR",
        });
        return new BrowserPage(context, await context.NewPageAsync(), viewport);
    }

    /// <summary>Goes to <paramref name="url"/>; fails unless it answers 200.</summary>
    public async Task GoToAsync(Uri url)
    {
        var response = await Page.GotoAsync(url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        Assert.That(response?.Status, Is.EqualTo(200), $"GET {url}");
    }

    /// <summary>
    /// The checks every page passes: a screenshot saved under the test output (attached to the test), no console
    /// error, no serious or critical accessibility violation that axe finds.
    /// </summary>
    public async Task CheckAsync(string name)
    {
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"{name}-{Viewport.Name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        TestContext.AddTestAttachment(file, $"{name} on a {Viewport.Name}");

        var grave = await GraveViolationsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(Errors, Is.Empty, $"console errors on {name} ({Viewport.Name})");
            Assert.That(grave, Is.Empty, $"serious or critical accessibility violations on {name} ({Viewport.Name})");
        });
    }

    /// <summary>The serious and critical accessibility violations axe finds on the page as it is now.</summary>
    public async Task<List<string>> GraveViolationsAsync()
    {
        var axe = await Page.RunAxe();
        return axe.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))})")
            .ToList();
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
