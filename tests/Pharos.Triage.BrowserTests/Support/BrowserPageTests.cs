namespace Pharos.Triage.BrowserTests.Support;

/// <summary>
/// The checks every page passes can fail: a page with an image without text and no language, and a script that
/// logs an error, are caught. Without this, a broken axe run or a deaf console listener would pass every page.
/// </summary>
public sealed class When_a_page_breaks_the_rules
{
    [Test]
    public async Task Axe_and_the_console_listener_report_it()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        try
        {
            await using var page = await BrowserPage.OpenAsync(browser, Viewport.Desktop);
            await page.Page.SetContentAsync(
                "<html><head><title>t</title></head><body><main><img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">" +
                "<script>console.error('broken on purpose')</script></main></body></html>");

            var grave = await page.GraveViolationsAsync();
            Assert.That(grave, Has.Some.Contains("image-alt"), string.Join("\n", grave));
            Assert.That(grave, Has.Some.Contains("html-has-lang"), string.Join("\n", grave));
            Assert.That(page.Errors, Has.Some.Contains("broken on purpose"));
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}
