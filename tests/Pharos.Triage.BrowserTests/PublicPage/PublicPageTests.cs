using Microsoft.Playwright;
using Pharos.Triage.BrowserTests.Support;

namespace Pharos.Triage.BrowserTests.PublicPage;

/// <summary>The public page before the ministry has published anything, on a desktop and on a phone.</summary>
public sealed class When_the_public_opens_the_page_before_any_publication
{
    private RunningSystem _system = null!;

    [OneTimeSetUp]
    public async Task Start() => _system = await RunningSystem.StartAsync();

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_system is not null) await _system.DisposeAsync();
    }

    [TestCaseSource(typeof(Viewport), nameof(Viewport.All))]
    public async Task It_says_none_is_published_yet_accessibly(Viewport viewport)
    {
        await using var page = await BrowserPage.OpenAsync(_system.Browser, viewport);
        await page.GoToAsync(_system.Url("/"));

        Assert.That(await page.Page.Locator("h1").InnerTextAsync(), Is.EqualTo("Statistiques de non-réponse des plateformes"));
        Assert.That(await page.Page.GetByText("Aucune statistique n'est publiée pour l'instant").CountAsync(), Is.EqualTo(1));
        Assert.That(await page.Page.Locator("header").InnerTextAsync(), Does.Contain("de l'Intérieur").IgnoreCase);
        Assert.That(await page.Page.Locator("table").CountAsync(), Is.Zero);
        await PageShape.AssertFitsAsync(page);
        await page.CheckAsync("public-page-before-publication");
    }
}

/// <summary>
/// The public page after two publications (the second with requests to X and Facebook), on a desktop and on a phone:
/// the figures, the charts, the methodology, and each version's JSON and CSV, which the links really serve.
/// </summary>
public sealed class When_the_public_opens_the_page_after_publications
{
    private RunningSystem _system = null!;
    private int _first;
    private int _latest;

    [OneTimeSetUp]
    public async Task Start()
    {
        _system = await RunningSystem.StartAsync();
        _first = await _system.PublishAsync("https://x.com/browser/1");
        _latest = await _system.PublishAsync("https://x.com/browser/2", "https://www.facebook.com/browser/3");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_system is not null) await _system.DisposeAsync();
    }

    [TestCaseSource(typeof(Viewport), nameof(Viewport.All))]
    public async Task It_shows_the_latest_figures_as_tables_and_charts_accessibly(Viewport viewport)
    {
        await using var page = await BrowserPage.OpenAsync(_system.Browser, viewport);
        await page.GoToAsync(_system.Url("/"));

        Assert.That(await page.Page.Locator(".lead").InnerTextAsync(), Does.Contain($"Publication n°\u00a0{_latest}"));
        var rows = page.Page.Locator("tr[data-platform]");
        Assert.That(await rows.CountAsync(), Is.EqualTo(2), "X and Facebook");
        Assert.That(await page.Page.Locator("tr[data-platform='x'] td[data-figure='requests']").InnerTextAsync(), Is.EqualTo("2"));
        var charts = page.Page.Locator("svg[role='img']");
        Assert.That(await charts.CountAsync(), Is.EqualTo(3));
        foreach (var chart in await charts.AllAsync())
            Assert.That(await chart.GetAttributeAsync("aria-labelledby"), Does.Match("^[^ ]+-title [^ ]+-desc$"));
        Assert.That(await page.Page.GetByRole(AriaRole.Heading, new() { Name = "Méthodologie" }).CountAsync(), Is.EqualTo(1));
        Assert.That(await page.Page.Locator("ol.versions li").CountAsync(), Is.EqualTo(2), "every version");
        await PageShape.AssertFitsAsync(page);
        await page.CheckAsync("public-page");
    }

    [Test]
    public async Task Each_version_links_to_its_JSON_and_CSV()
    {
        await using var page = await BrowserPage.OpenAsync(_system.Browser, Viewport.Desktop);
        await page.GoToAsync(_system.Url("/"));
        foreach (var version in new[] { _first, _latest })
        {
            var item = page.Page.Locator($"li[data-version='{version}']");
            var json = await page.Page.APIRequest.GetAsync(_system.Url(await item.GetByRole(AriaRole.Link, new() { Name = $"JSON de la publication {version}" }).GetAttributeAsync("href") ?? "").ToString());
            Assert.That(json.Status, Is.EqualTo(200));
            Assert.That((await json.JsonAsync())?.GetProperty("version").GetInt32(), Is.EqualTo(version));
            var csv = await page.Page.APIRequest.GetAsync(_system.Url(await item.GetByRole(AriaRole.Link, new() { Name = $"CSV de la publication {version}" }).GetAttributeAsync("href") ?? "").ToString());
            Assert.That(csv.Status, Is.EqualTo(200));
            Assert.That(csv.Headers["content-type"], Does.StartWith("text/csv"));
        }
        Assert.That(page.Errors, Is.Empty);
    }
}
