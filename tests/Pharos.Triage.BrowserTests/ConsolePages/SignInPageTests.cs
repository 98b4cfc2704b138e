using Microsoft.Playwright;
using Pharos.Triage.BrowserTests.Support;

namespace Pharos.Triage.BrowserTests.ConsolePages;

/// <summary>The console's way in, in the embedded default: choosing a demo principal, then signing out.</summary>
public sealed class When_a_person_signs_in_to_the_console
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
    public async Task The_sign_in_page_offers_each_demo_principal_accessibly(Viewport viewport)
    {
        await using var page = await BrowserPage.OpenAsync(_system.Browser, viewport);
        await page.GoToAsync(_system.Url("/console"));

        Assert.That(page.Page.Url, Does.Contain("/console/sign-in"), "someone not signed in is sent to sign in");
        Assert.That(await page.Page.Locator("h1").InnerTextAsync(), Is.EqualTo("Se connecter (démonstration)"));
        Assert.That(await page.Page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Entrer comme") }).CountAsync(), Is.EqualTo(4));
        await PageShape.AssertFitsAsync(page);
        await page.CheckAsync("console-sign-in");
    }

    [Test]
    public async Task Signing_out_leaves_the_console_closed()
    {
        await using var page = await BrowserPage.OpenAsync(_system.Browser, Viewport.Desktop);
        await page.SignInAsync(_system, "demo-ministry");
        Assert.That(page.Page.Url, Does.EndWith("/console/statistics"));

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await page.Page.WaitForURLAsync(url => url.Contains("/console/sign-in", StringComparison.Ordinal));
        await page.GoToAsync(_system.Url("/console"));
        Assert.That(page.Page.Url, Does.Contain("/console/sign-in"));
        Assert.That(page.Errors, Is.Empty);
    }
}
