using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pharos.Triage.BrowserTests.Support;

namespace Pharos.Triage.BrowserTests.ConsolePages;

/// <summary>
/// An analyst's day in Chromium: sign in, file a report with a mistake first, fix it from the message beside the field,
/// follow the report on its page, find it in the filtered list, and answer the question the platform asked about it.
/// Only what is not the analyst's is set up through the API: the platform's contact persons (an admin's) and its
/// question (the platform's).
/// </summary>
public sealed partial class When_an_analyst_files_and_follows_a_report
{
    private const string Url = "https://www.snapchat.com/add/someone-threatening";
    private RunningSystem _system = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _system = await RunningSystem.StartAsync();
        using var admin = _system.As("demo-admin");
        var patched = await admin.PatchAsync("/api/admin/platforms/snapchat", JsonContent.Create(new
        {
            contact = new { name = "Camille Martin (Trust & Safety)", email = "law-enforcement@snapchat.example", phone = "+33 1 40 00 00 01" },
            escalationContact = new { name = "Astreinte juridique", email = (string?)null, phone = "+33 6 00 00 00 02" },
        }));
        await patched.Json();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_system is not null) await _system.DisposeAsync();
    }

    [Test]
    public async Task The_journey_from_filing_to_answering_the_platform_works_and_every_page_passes_its_checks()
    {
        await using var page = await BrowserPage.OpenAsync(_system.Browser, Viewport.Desktop);
        var p = page.Page;
        await page.SignInAsync(_system, "demo-analyst");
        Assert.That(p.Url, Does.EndWith("/console/reports"));
        await page.CheckAsync("analyst-reports");

        // The form, with one mistake: the evidence hash is too short.
        await p.GetByRole(AriaRole.Link, new() { Name = "Nouveau signalement" }).First.ClickAsync();
        await p.WaitForURLAsync(u => u.EndsWith("/console/reports/new", StringComparison.Ordinal));
        await page.CheckAsync("analyst-report-form");
        await p.GetByLabel("Adresse du contenu (URL) *").FillAsync(Url);
        await p.GetByLabel("Catégorie *").SelectOptionAsync("threats_violence");
        await p.GetByLabel("Description *").FillAsync("Menaces de mort répétées contre une élue, vidéo publiée ce matin.");
        await p.GetByLabel("Empreinte SHA-256 de la capture").FillAsync("abc123");
        await p.GetByLabel("Urgent").CheckAsync();
        await p.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le signalement" }).ClickAsync();
        await p.WaitForLoadStateAsync(LoadState.Load);

        var evidence = p.GetByLabel("Empreinte SHA-256 de la capture");
        Assert.That(await p.Locator("#evidenceSha256-errors").InnerTextAsync(), Is.EqualTo("evidenceSha256 must be 64 hexadecimal characters."));
        Assert.That(await evidence.GetAttributeAsync("aria-describedby"), Does.Contain("evidenceSha256-errors"), "the message is tied to its field");
        Assert.That(await p.Locator(".problem").InnerTextAsync(), Does.Contain("Le formulaire contient des erreurs"));
        Assert.That(await p.GetByLabel("Adresse du contenu (URL) *").InputValueAsync(), Is.EqualTo(Url), "what was typed is kept");
        Assert.That(await p.GetByLabel("Urgent").IsCheckedAsync(), Is.True);
        await page.CheckAsync("analyst-report-form-refused");

        // Fixed, and filed: the report's page.
        await evidence.FillAsync(new string('e', 64));
        await p.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le signalement" }).ClickAsync();
        await p.WaitForURLAsync(ReportPage());
        var id = ReportPage().Match(p.Url).Groups[1].Value;
        Assert.That(await p.Locator(".notice").InnerTextAsync(), Is.EqualTo("Le signalement est enregistré."));
        using var analyst = _system.As("demo-analyst");
        var routed = await Api.Eventually(async () => await (await analyst.GetAsync($"/api/reports/{id}")).Json(),
            r => r.Object("request") is not null && r.GetProperty("platform").Object("contact") is not null, "the report routed to Snapchat", TimeSpan.FromSeconds(30));
        var reference = routed.GetProperty("request").String("reference")!;

        await page.GoToAsync(_system.Url($"/console/reports/{id}"));
        Assert.That(await p.Locator("h1").InnerTextAsync(), Does.Contain(reference));
        Assert.That(await p.Locator(".countdown").CountAsync(), Is.EqualTo(2), "acknowledge-by and act-by count down");
        Assert.That(await p.Locator(".countdown").First.InnerTextAsync(), Does.StartWith("reste "));
        Assert.That(await p.Locator("main").InnerTextAsync(), Does.Contain("Camille Martin (Trust & Safety)").And.Contain("Astreinte juridique"));
        Assert.That(await p.Locator(".timeline li").CountAsync(), Is.EqualTo(routed.GetProperty("timeline").GetArrayLength()));
        await page.CheckAsync("report-page");

        // The list, filtered by category, leads back to the report.
        await p.GetByRole(AriaRole.Link, new() { Name = "Signalements", Exact = true }).ClickAsync();
        await p.GetByLabel("Catégorie").SelectOptionAsync("threats_violence");
        await p.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await p.WaitForURLAsync(u => u.Contains("category=threats_violence", StringComparison.Ordinal));
        Assert.That(await p.Locator("table.reports tbody tr").CountAsync(), Is.EqualTo(1));
        await page.CheckAsync("analyst-reports-filtered");

        // Snapchat asks a question through its API; the analyst answers it on the report's page.
        using var snapchat = _system.As("demo-platform-snapchat");
        var requestId = routed.GetProperty("request").String("id");
        await Api.Eventually(() => snapchat.GetAsync($"/api/platform/requests/{requestId}"), r => r.IsSuccessStatusCode, "Snapchat to see the request", TimeSpan.FromSeconds(30));
        await (await snapchat.PostAsJsonAsync($"/api/platform/requests/{requestId}/outcome",
            new { outcome = "clarification_requested", reason = "Quel compte précisément ? L'adresse en désigne deux." })).Json();
        await Api.Eventually(async () => await (await analyst.GetAsync($"/api/reports/{id}")).Json(),
            r => r.GetProperty("request").String("status") == "clarification_requested", "the question on the report", TimeSpan.FromSeconds(30));

        await p.GetByRole(AriaRole.Link, new() { Name = Url }).ClickAsync();
        await p.WaitForURLAsync(ReportPage());
        Assert.That(await p.Locator("blockquote.question").InnerTextAsync(), Is.EqualTo("Quel compte précisément ? L'adresse en désigne deux."));
        await page.CheckAsync("analyst-report-question");
        await p.GetByLabel("Votre réponse *").FillAsync("Le compte « someone-threatening », celui de l'adresse.");
        await p.GetByRole(AriaRole.Button, new() { Name = "Envoyer la réponse" }).ClickAsync();
        await p.WaitForURLAsync(u => u.Contains("done=answered", StringComparison.Ordinal));
        Assert.That(await p.Locator(".notice").First.InnerTextAsync(), Does.StartWith("Votre réponse est transmise"));
        await page.CheckAsync("analyst-report-answered");
        await Api.Eventually(async () => await (await analyst.GetAsync($"/api/reports/{id}")).Json(),
            r => r.GetProperty("request").String("status") is "pending" or "acknowledged", "the request resumed", TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task The_report_page_fits_a_phone()
    {
        using var analyst = _system.As("demo-analyst");
        var id = await analyst.File("https://www.youtube.com/watch?v=phone", "hate_speech");
        await Api.Eventually(async () => await (await analyst.GetAsync($"/api/reports/{id}")).Json(),
            r => r.Object("request") is not null, "the report routed", TimeSpan.FromSeconds(30));
        await using var page = await BrowserPage.OpenAsync(_system.Browser, Viewport.Phone);
        await page.SignInAsync(_system, "demo-analyst");

        await page.GoToAsync(_system.Url($"/console/reports/{id}"));

        Assert.That(await page.Page.Locator(".countdown").CountAsync(), Is.EqualTo(2));
        await PageShape.AssertFitsAsync(page);
        await page.CheckAsync("report-page");
    }

    [GeneratedRegex("/console/reports/([0-9a-f-]{36})")]
    private static partial Regex ReportPage();
}
