using System.Globalization;
using Microsoft.Playwright;
using Pharos.Triage.BrowserTests.Support;

namespace Pharos.Triage.BrowserTests.ConsolePages;

/// <summary>
/// The ministry's journey in the console, after an analyst filed requests to X and Facebook through the API: the
/// figures of the last 30 days with their charts, Publier, the confirmation, confirming, the list of publications;
/// then the public page shows that version.
/// </summary>
public sealed class When_the_ministry_publishes_the_figures_of_a_period
{
    private RunningSystem _system = null!;

    [OneTimeSetUp]
    public async Task Requests_filed_by_an_analyst()
    {
        _system = await RunningSystem.StartAsync();
        using var analyst = _system.As("demo-analyst");
        using var ministry = _system.As("demo-ministry");
        await analyst.File("https://x.com/ministry-journey/1");
        await analyst.File("https://x.com/ministry-journey/2");
        await analyst.File("https://www.facebook.com/ministry-journey/3");
        // The console's default period: the last 30 days, today included (UTC).
        var today = TimeProvider.System.GetUtcNow().UtcDateTime.Date;
        var period = $"from={today.AddDays(-29):yyyy-MM-dd}T00:00:00Z&to={today.AddDays(1):yyyy-MM-dd}T00:00:00Z";
        await Api.Eventually(async () => await (await ministry.GetAsync($"/api/statistics?{period}")).Json(),
            s => s.GetProperty("platforms").EnumerateArray().Sum(p => p.GetProperty("requests").GetInt32()) == 3,
            "every request issued", TimeSpan.FromSeconds(30));
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_system is not null) await _system.DisposeAsync();
    }

    [Test]
    public async Task The_figures_the_confirmation_and_the_list_lead_to_the_public_page()
    {
        await using var page = await BrowserPage.OpenAsync(_system.Browser, Viewport.Desktop);
        await page.SignInAsync(_system, "demo-ministry");

        Assert.That(page.Page.Url, Does.EndWith("/console/statistics"), "the ministry starts on the figures");
        await AssertFiguresAsync(page);
        await page.CheckAsync("ministry-figures");

        await page.Page.GetByRole(AriaRole.Link, new() { Name = "Publier", Exact = true }).ClickAsync();
        await page.Page.WaitForURLAsync(url => url.Contains("/console/publications/new", StringComparison.Ordinal));
        Assert.That(await page.Page.Locator("h1").InnerTextAsync(), Is.EqualTo("Confirmer la publication"));
        Assert.That(await page.Page.Locator("tr[data-platform]").CountAsync(), Is.EqualTo(2), "what will be published, per platform");
        Assert.That(await page.Page.GetByText("Aucun texte libre n'est jamais publié").CountAsync(), Is.EqualTo(1));
        Assert.That(await PublicationsAsync(), Is.Empty, "opening the confirmation publishes nothing");
        await PageShape.AssertFitsAsync(page);
        await page.CheckAsync("ministry-confirmation");

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Confirmer la publication" }).ClickAsync();
        await page.Page.WaitForURLAsync(url => url.Contains("/console/publications?published=", StringComparison.Ordinal));
        var published = await PublicationsAsync();
        Assert.That(published, Has.Count.EqualTo(1), "one publication");
        var version = published[0].GetProperty("version").GetInt32();
        Assert.That(await page.Page.Locator(".notice").InnerTextAsync(), Does.Contain($"La publication n° {version} est publiée."));
        var item = page.Page.Locator($"li[data-version='{version}']");
        Assert.That(await item.GetByRole(AriaRole.Link, new() { Name = $"JSON de la publication {version}" }).GetAttributeAsync("href"), Is.EqualTo($"/public/statistics/{version}"));
        Assert.That(await item.GetByRole(AriaRole.Link, new() { Name = $"CSV de la publication {version}" }).GetAttributeAsync("href"), Is.EqualTo($"/public/statistics/{version}.csv"));
        await PageShape.AssertFitsAsync(page);
        await page.CheckAsync("ministry-publications");

        await item.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Page publique") }).ClickAsync();
        await page.Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        Assert.That(await page.Page.Locator(".lead").InnerTextAsync(), Does.Contain($"Publication n°\u00a0{version}"));
        Assert.That(await page.Page.Locator("tr[data-platform='x'] td[data-figure='requests']").InnerTextAsync(), Is.EqualTo("2"));
        Assert.That(await page.Page.Locator("tr[data-platform='facebook'] td[data-figure='requests']").InnerTextAsync(), Is.EqualTo("1"));
        await page.CheckAsync("ministry-public-page");
    }

    [Test]
    public async Task The_figures_read_on_a_phone()
    {
        await using var page = await BrowserPage.OpenAsync(_system.Browser, Viewport.Phone);
        await page.SignInAsync(_system, "demo-ministry");
        await page.GoToAsync(_system.Url("/console/statistics"));

        await AssertFiguresAsync(page);
        await page.CheckAsync("ministry-figures");
    }

    /// <summary>The default period's figures: a row per platform, and five charts that are images with a title and a description.</summary>
    private static async Task AssertFiguresAsync(BrowserPage page)
    {
        Assert.That(await page.Page.Locator("h1").InnerTextAsync(), Is.EqualTo("Chiffres d'une période"));
        var today = TimeProvider.System.GetUtcNow().UtcDateTime.Date;
        Assert.That(await page.Page.GetByRole(AriaRole.Textbox, new() { Name = "Du jour inclus, UTC" }).InputValueAsync(), Is.EqualTo(today.AddDays(-29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Assert.That(await page.Page.GetByRole(AriaRole.Textbox, new() { Name = "Au jour inclus, UTC" }).InputValueAsync(), Is.EqualTo(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Assert.That(await page.Page.Locator("tr[data-platform]").CountAsync(), Is.EqualTo(2), "X and Facebook");
        Assert.That(await page.Page.Locator("tr[data-platform='x'] td[data-figure='requests']").InnerTextAsync(), Is.EqualTo("2"));
        var charts = page.Page.Locator("svg[role='img']");
        Assert.That(await charts.CountAsync(), Is.EqualTo(5));
        foreach (var chart in await charts.AllAsync())
        {
            Assert.That(await chart.GetAttributeAsync("aria-labelledby"), Does.Match("^[^ ]+-title [^ ]+-desc$"));
            Assert.That(await chart.Locator("desc").TextContentAsync(), Does.Contain("X : "));
        }
        await PageShape.AssertFitsAsync(page);
    }

    private async Task<List<System.Text.Json.JsonElement>> PublicationsAsync()
    {
        using var ministry = _system.As("demo-ministry");
        return await ministry.All("/api/publications");
    }
}
