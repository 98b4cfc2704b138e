namespace Pharos.Triage.BrowserTests.Support;

/// <summary>Checks of a page's layout that hold on every screen.</summary>
public static class PageShape
{
    /// <summary>The page does not scroll sideways: wide tables scroll in their own region, the rest wraps.</summary>
    public static async Task AssertFitsAsync(BrowserPage page)
    {
        var overflow = await page.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.That(overflow, Is.LessThanOrEqualTo(0), $"the page is wider than a {page.Viewport.Name}'s screen");
    }
}
