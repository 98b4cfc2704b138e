using System.Net;
using Microsoft.Playwright;
using Pharos.Triage.BrowserTests.Support;

namespace Pharos.Triage.BrowserTests.ConsolePages;

/// <summary>
/// An admin's journey in Chromium: the platforms, adding Rumble (refused once for a mistyped e-mail, then added), giving
/// X its contact person, issuing a key for X (seen once) and revoking it. Every page passes the checks.
/// </summary>
public sealed class When_an_admin_manages_platforms_and_keys_in_the_console
{
    private RunningSystem _system = null!;

    [OneTimeSetUp]
    public async Task Start() => _system = await RunningSystem.StartAsync();

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_system is not null) await _system.DisposeAsync();
    }

    [Test]
    public async Task The_admin_adds_a_platform_changes_a_contact_and_issues_and_revokes_a_key()
    {
        await using var page = await BrowserPage.OpenAsync(_system.Browser, Viewport.Desktop);
        var p = page.Page;
        await page.SignInAsync(_system, "demo-admin");

        Assert.That(p.Url, Does.EndWith("/console/platforms"));
        Assert.That(await p.Locator("table").InnerTextAsync(), Does.Contain("t.co, twitter.com, x.com"));
        await page.CheckAsync("admin-platforms");

        // Rumble, with a mistake first: the API's message beside the e-mail, what was typed kept.
        await p.GetByRole(AriaRole.Link, new() { Name = "Ajouter une plateforme" }).ClickAsync();
        await page.CheckAsync("admin-new-platform");
        await p.Locator("[name='id']").FillAsync("rumble");
        await p.Locator("[name='name']").FillAsync("Rumble");
        await p.Locator("[name='domains']").FillAsync("rumble.com");
        await p.Locator("[name='contact.name']").FillAsync("Trust & Safety");
        await p.Locator("[name='contact.email']").FillAsync("tns@rumble");
        await p.Locator("[name='languages']").FillAsync("fr, en");
        await p.GetByRole(AriaRole.Button, new() { Name = "Ajouter la plateforme" }).ClickAsync();
        await p.Locator("[id='contact.email-errors']").WaitForAsync();
        Assert.That(await p.Locator("[id='contact.email-errors']").InnerTextAsync(), Does.StartWith("contact.email must be an email address"));
        Assert.That(await p.Locator("[name='contact.name']").InputValueAsync(), Is.EqualTo("Trust & Safety"));
        await page.CheckAsync("admin-new-platform-refused");

        await p.Locator("[name='contact.email']").FillAsync("tns@rumble.com");
        await p.GetByRole(AriaRole.Button, new() { Name = "Ajouter la plateforme" }).ClickAsync();
        await p.WaitForURLAsync(url => url.Contains("/console/platforms/rumble", StringComparison.Ordinal));
        Assert.That(await p.Locator("h1").InnerTextAsync(), Is.EqualTo("Plateforme Rumble"));
        Assert.That(await p.GetByRole(AriaRole.Status).InnerTextAsync(), Does.Contain("La plateforme est ajoutée"));
        await page.CheckAsync("admin-platform-added");

        // X's contact person, from the list.
        await p.GetByRole(AriaRole.Link, new() { Name = "Toutes les plateformes" }).ClickAsync();
        await p.GetByRole(AriaRole.Link, new() { Name = "X", Exact = true }).ClickAsync();
        await p.WaitForURLAsync(url => url.EndsWith("/console/platforms/x", StringComparison.Ordinal));
        await page.CheckAsync("admin-platform-x");
        await p.Locator("[name='contact.name']").FillAsync("X Safety");
        await p.Locator("[name='contact.email']").FillAsync("safety@x.com");
        await p.Locator("[name='contact.phone']").FillAsync("+33 1 70 00 00 00");
        await p.GetByRole(AriaRole.Button, new() { Name = "Enregistrer les modifications" }).ClickAsync();
        await p.WaitForURLAsync(url => url.Contains("done=changed", StringComparison.Ordinal));
        Assert.That(await p.Locator("dl.facts").InnerTextAsync(), Does.Contain("safety@x.com"));
        var latest = p.Locator("section:has(#changes-title) tbody tr").First;
        Assert.That(await latest.InnerTextAsync(), Does.Contain("2").And.Contain("admin:demo-admin").And.Contain("contact"));
        await page.CheckAsync("admin-platform-x-changed");

        // A key for X: its token once, then never again; revoked, it is refused.
        await p.GetByRole(AriaRole.Navigation, new() { Name = "Menu principal" }).GetByRole(AriaRole.Link, new() { Name = "Clés d'API" }).ClickAsync();
        await page.CheckAsync("admin-api-keys");
        await p.Locator("[name='name']").FillAsync("X integration (browser)");
        await p.Locator("[name='role']").SelectOptionAsync("platform");
        await p.Locator("[name='platformId']").SelectOptionAsync("x");
        await p.GetByRole(AriaRole.Button, new() { Name = "Émettre la clé" }).ClickAsync();
        await p.Locator("#token").WaitForAsync();
        var token = (await p.Locator("#token").InnerTextAsync()).Trim();
        Assert.That(await p.GetByRole(AriaRole.Alert).InnerTextAsync(), Does.Contain("elle ne sera plus affichée"));
        Assert.That(p.Url, Does.Not.Contain(token), "never in an address");
        await page.CheckAsync("admin-api-key-issued");
        using (var x = _system.As(token))
            Assert.That((await x.GetAsync("/api/platform/requests")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the token works");

        await p.GetByRole(AriaRole.Link, new() { Name = "Retour aux clés" }).ClickAsync();
        Assert.That(await p.ContentAsync(), Does.Not.Contain(token), "the list never shows it again");
        await p.GetByRole(AriaRole.Link, new() { Name = "Révoquer la clé X integration (browser)" }).ClickAsync();
        Assert.That(await p.Locator("h1").InnerTextAsync(), Is.EqualTo("Révoquer la clé X integration (browser) ?"));
        await page.CheckAsync("admin-api-key-revocation");
        await p.GetByRole(AriaRole.Button, new() { Name = "Révoquer la clé" }).ClickAsync();
        await p.WaitForURLAsync(url => url.Contains("done=revoked", StringComparison.Ordinal));
        Assert.That(await p.GetByRole(AriaRole.Status).InnerTextAsync(), Does.Contain("La clé est révoquée"));
        await page.CheckAsync("admin-api-key-revoked");
        using (var x = _system.As(token))
            Assert.That((await x.GetAsync("/api/platform/requests")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "refused at once");
    }

    [Test]
    public async Task The_platforms_list_fits_a_phone()
    {
        await using var page = await BrowserPage.OpenAsync(_system.Browser, Viewport.Phone);
        await page.SignInAsync(_system, "demo-admin");

        Assert.That(page.Page.Url, Does.EndWith("/console/platforms"));
        Assert.That(await page.Page.Locator("tbody tr").CountAsync(), Is.GreaterThanOrEqualTo(9));
        await PageShape.AssertFitsAsync(page);
        await page.CheckAsync("admin-platforms");
    }
}
