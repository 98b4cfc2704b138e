using Microsoft.Playwright;

namespace Pharos.Triage.BrowserTests.Support;

/// <summary>
/// Debian's Chromium (<c>apt-get install -y chromium</c>), driven by Playwright's bundled driver: never a browser that
/// <c>playwright install</c> downloads. Where CI=true a missing Chromium fails the test, since CI installs it and a
/// browser test must never pass by skipping; elsewhere the test is ignored, saying how to install it.
/// </summary>
public static class Chromium
{
    /// <summary>Where Debian puts it; <c>PHAROS_CHROMIUM</c> names another.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("PHAROS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>Fails (CI) or ignores the test (elsewhere) when Chromium is not installed.</summary>
    public static void Require()
    {
        if (File.Exists(ExecutablePath)) return;
        var why = $"Chromium is not at {ExecutablePath} (apt-get install -y chromium, or set PHAROS_CHROMIUM)";
        if (InCi) Assert.Fail($"{why}; CI=true, where a browser test fails rather than skips");
        Assert.Ignore(why);
    }

    /// <summary>
    /// A headless Chromium. Playwright gives each launch a fresh temporary profile (user-data dir) of its own and
    /// deletes it on close, so no state leaks from one run into the next.
    /// </summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Require();
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Args,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
