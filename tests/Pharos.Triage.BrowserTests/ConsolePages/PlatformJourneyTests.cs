using System.Net.Http.Json;
using Microsoft.Playwright;
using Pharos.Triage.BrowserTests.Support;
using Pharos.Triage.Harness.Webhooks;

namespace Pharos.Triage.BrowserTests.ConsolePages;

/// <summary>
/// X's contact person in Chromium: the queue of two requests the analyst filed (through the API: that part of the
/// journey is the analyst's), one opened, acknowledged, refused without a ground and then with one, and the notices
/// sent to X's webhook. Every page passes <see cref="BrowserPage.CheckAsync"/>.
/// </summary>
public sealed class When_a_platform_contact_answers_in_the_browser
{
    private RunningSystem _system = null!;
    private WebhookReceiver _receiver = null!;
    private string _terrorism = null!;
    private string _hate = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _system = await RunningSystem.StartAsync();
        _receiver = await WebhookReceiver.StartAsync(new Dictionary<string, string>(), TimeSpan.Zero);
        using var admin = _system.As("demo-admin");
        using var x = _system.As("demo-platform-x");
        (await admin.PutAsJsonAsync("/api/admin/platforms/x/webhook", new { url = _receiver.UrlFor("x") })).EnsureSuccessStatusCode();
        await Api.Eventually(async () => await (await x.GetAsync("/api/platform/profile")).Json(),
            profile => profile.Object("webhook") is not null, "x's webhook known to PlatformLiaison", TimeSpan.FromSeconds(30));

        using var analyst = _system.As("demo-analyst");
        await analyst.File("https://x.com/journey/hate", "hate_speech");
        await analyst.File("https://x.com/journey/terror", "terrorism");
        var requests = await Api.Eventually(() => x.All("/api/platform/requests"), r => r.Count == 2, "both requests at x", TimeSpan.FromSeconds(30));
        _terrorism = requests.Single(r => r.String("category") == "terrorism").String("reference")!;
        _hate = requests.Single(r => r.String("category") == "hate_speech").String("reference")!;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_receiver is not null) await _receiver.DisposeAsync();
        if (_system is not null) await _system.DisposeAsync();
    }

    [Test]
    public async Task The_contact_acknowledges_a_request_and_records_a_refusal_with_its_ground()
    {
        await using var page = await BrowserPage.OpenAsync(_system.Browser, Viewport.Desktop);
        var p = page.Page;
        await page.SignInAsync(_system, "demo-platform-x");

        Assert.That(p.Url, Does.EndWith("/console/requests"), "a contact person starts on the queue");
        Assert.That(await p.Locator("table.queue tbody th a").AllInnerTextsAsync(), Is.EqualTo(new[] { _terrorism, _hate }),
            "the one due first at the top");
        Assert.That(await p.Locator("table.queue tbody tr").First.Locator(".countdown").InnerTextAsync(), Does.StartWith("reste "));
        await PageShape.AssertFitsAsync(page);
        await page.CheckAsync("platform-queue");

        await p.GetByRole(AriaRole.Link, new() { Name = _terrorism }).ClickAsync();
        await p.WaitForURLAsync(url => url.Contains("/console/requests/", StringComparison.Ordinal));
        Assert.That(await p.Locator("h1").InnerTextAsync(), Is.EqualTo($"Demande {_terrorism}"));
        await page.CheckAsync("platform-request");

        await p.GetByRole(AriaRole.Button, new() { Name = "Accuser réception" }).ClickAsync();
        await Assertions.Expect(p.GetByRole(AriaRole.Status)).ToHaveTextAsync("Réception de la demande accusée.");
        Assert.That(await p.GetByRole(AriaRole.Button, new() { Name = "Accuser réception" }).CountAsync(), Is.Zero);
        await page.CheckAsync("platform-request-acknowledged");

        // The ground forgotten: the API's message beside it, the rest as typed.
        await p.GetByLabel("Issue", new() { Exact = true }).SelectOptionAsync("refused");
        await p.GetByLabel("Explication").FillAsync("Satire d'actualité, pas une apologie.");
        await p.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'issue" }).ClickAsync();
        await Assertions.Expect(p.Locator("#refusalGround-errors")).ToContainTextAsync("refusalGround is required");
        Assert.That(await p.GetByLabel("Explication").InputValueAsync(), Is.EqualTo("Satire d'actualité, pas une apologie."));
        await page.CheckAsync("platform-refusal-without-ground");

        await p.GetByLabel("Motif du refus").SelectOptionAsync("not_illegal");
        await p.GetByRole(AriaRole.Button, new() { Name = "Enregistrer l'issue" }).ClickAsync();
        await Assertions.Expect(p.GetByRole(AriaRole.Status)).ToHaveTextAsync("Issue enregistrée.");
        await Assertions.Expect(p.Locator("main")).ToContainTextAsync("Cette demande est clôturée");
        await page.CheckAsync("platform-request-closed");

        await p.GetByRole(AriaRole.Link, new() { Name = "Notifications envoyées" }).ClickAsync();
        await p.WaitForURLAsync(url => url.EndsWith("/console/deliveries", StringComparison.Ordinal));
        await Assertions.Expect(p.Locator("ol.deliveries > li")).ToHaveCountAsync(2);
        await Assertions.Expect(p.Locator("ol.deliveries")).ToContainTextAsync(_terrorism);
        await page.CheckAsync("platform-deliveries");

        await p.GetByRole(AriaRole.Button, new() { Name = "Envoyer une notification de test" }).ClickAsync();
        await Assertions.Expect(p.GetByRole(AriaRole.Status)).ToContainTextAsync("notification de test");
        await Assertions.Expect(p.Locator("ol.deliveries > li").First).ToContainTextAsync("Notification de test (ping)");
        await page.CheckAsync("platform-deliveries-test");
    }

    [Test]
    public async Task The_queue_reads_on_a_phone()
    {
        await using var page = await BrowserPage.OpenAsync(_system.Browser, Viewport.Phone);
        await page.SignInAsync(_system, "demo-platform-x");

        await Assertions.Expect(page.Page.Locator("table.queue tbody tr")).ToHaveCountAsync(2);
        await PageShape.AssertFitsAsync(page);
        await page.CheckAsync("platform-queue");
    }
}
