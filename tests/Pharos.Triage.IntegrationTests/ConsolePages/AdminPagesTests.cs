using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pharos.Triage.IntegrationTests.Api;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.StaffConsole;

namespace Pharos.Triage.IntegrationTests.ConsolePages;

/// <summary>What the admins' pages show, read as text: the messages beside a field, the token on a page.</summary>
internal static partial class AdminHtml
{
    /// <summary>The messages shown beside the field with this id (its <c>&lt;id&gt;-errors</c> list), as text.</summary>
    public static string ErrorsBeside(string html, string field)
    {
        var match = Regex.Match(html, $"<ul class=\"field-errors\" id=\"{Regex.Escape(field)}-errors\">(.*?)</ul>", RegexOptions.Singleline);
        return match.Success ? WebUtility.HtmlDecode(Regex.Replace(match.Groups[1].Value, "<[^>]+>", " ")).Trim() : "";
    }

    public static string? TokenShown(string html) => TokenOutput().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    public static string Text(string html) => WebUtility.HtmlDecode(html);

    /// <summary>The form's fields for Rumble, as a person types them.</summary>
    public static Dictionary<string, string> Rumble(string id = "rumble", string domains = "rumble.com\nrmbl.ws", string email = "tns@rumble.com") => new()
    {
        ["id"] = id,
        ["name"] = "Rumble",
        ["domains"] = domains,
        ["contact.name"] = "Trust & Safety",
        ["contact.email"] = email,
        ["contact.phone"] = "+33 1 23 45 67 89",
        ["escalationContact.name"] = "",
        ["escalationContact.email"] = "",
        ["escalationContact.phone"] = "",
        ["languages"] = "fr, en",
    };

    /// <summary>X's record as its page's form holds it, with the contact person given.</summary>
    public static Dictionary<string, string> XWithContact(string phone = "+33 1 70 00 00 00", string domains = "t.co\ntwitter.com\nx.com") => new()
    {
        ["name"] = "X",
        ["domains"] = domains,
        ["contact.name"] = "X Safety",
        ["contact.email"] = "safety@x.com",
        ["contact.phone"] = phone,
        ["escalationContact.name"] = "",
        ["escalationContact.email"] = "",
        ["escalationContact.phone"] = "",
        ["languages"] = "",
    };

    [GeneratedRegex("<output id=\"token\">([^<]+)</output>")]
    private static partial Regex TokenOutput();
}

public sealed class When_an_admin_manages_platforms_in_the_console
{
    private PharosApp _app = null!;
    private HttpClient _admin = null!;
    private ConsoleSession _console = null!;

    [SetUp]
    public async Task Start()
    {
        _app = new PharosApp();
        _admin = _app.As("demo-admin");
        _console = await ConsoleSession.SignInAsync(_app, "demo-admin");
    }

    [TearDown]
    public void Stop()
    {
        _console.Dispose();
        _app.Dispose();
    }

    [Test]
    public async Task The_list_shows_each_platform_with_its_domains_and_flags_one_without_a_contact()
    {
        var html = AdminHtml.Text(await _console.PageAsync(ConsolePaths.Platforms));

        Assert.That(html, Does.Contain("youtu.be, youtube.com").And.Contain("t.co, twitter.com, x.com"));
        Assert.That(html, Does.Contain($"href=\"{ConsolePaths.Platform("telegram")}\""));
        Assert.That(html, Does.Contain("Aucun contact joignable"), "the seeded platforms have no contact yet");
    }

    [Test]
    public async Task Adding_a_platform_through_the_form_creates_it_and_a_report_to_its_domain_routes_to_it()
    {
        var answer = await _console.PostFormAsync(ConsolePaths.NewPlatform, AdminHtml.Rumble(), tokenFrom: ConsolePaths.NewPlatform);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await answer.Content.ReadAsStringAsync());
        Assert.That(answer.Headers.Location?.OriginalString, Does.StartWith(ConsolePaths.Platform("rumble")));
        var page = AdminHtml.Text(await _console.PageAsync(answer.Headers.Location!.OriginalString));
        Assert.That(page, Does.Contain("La plateforme est ajoutée").And.Contain("rmbl.ws, rumble.com").And.Contain("tns@rumble.com"));
        var created = await (await _admin.GetAsync($"{Platforms.Path}/rumble")).Body();
        Assert.That(created.GetProperty("contact").GetProperty("phone").GetString(), Is.EqualTo("+33 1 23 45 67 89"));
        Assert.That(created.GetProperty("escalationContact").ValueKind, Is.EqualTo(JsonValueKind.Null), "an empty escalation contact is none");
        Assert.That(created.GetProperty("languages").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(new[] { "fr", "en" }));

        var analyst = _app.Analyst();
        var report = await Platforms.Routed(analyst, await analyst.FileReport("https://rumble.com/v42-propaganda"));
        Assert.That(Platforms.PlatformOf(report), Is.EqualTo("rumble"));
    }

    [Test]
    public async Task Invalid_fields_show_the_APIs_messages_beside_them_and_nothing_is_created()
    {
        var answer = await _console.PostFormAsync(ConsolePaths.NewPlatform,
            AdminHtml.Rumble(id: "Rumble!", domains: "rumble.com\nhttps://rumble.com/embed", email: "tns@rumble"), tokenFrom: ConsolePaths.NewPlatform);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a refused form comes back to be corrected");
        var html = await answer.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(AdminHtml.ErrorsBeside(html, "id"), Does.StartWith("id must be 2 to 40 characters"));
            Assert.That(AdminHtml.ErrorsBeside(html, "domains"), Does.Contain("https://rumble.com/embed"), "a list item's message is beside the list's box");
            Assert.That(AdminHtml.ErrorsBeside(html, "contact.email"), Does.StartWith("contact.email must be an email address"));
            Assert.That(AdminHtml.ErrorsBeside(html, "contact.name"), Is.Empty);
            Assert.That(html, Does.Contain("aria-describedby=\"contact.email-errors\""));
            Assert.That(AdminHtml.Text(html), Does.Contain("value=\"tns@rumble\"").And.Contain("value=\"Rumble!\""), "what was typed stays");
        });
        Assert.That((await _admin.GetAsync($"{Platforms.Path}/rumble")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _admin.GetAsync($"{Platforms.Path}/Rumble!")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_domain_owned_by_another_platform_is_shown_as_the_conflict_it_is()
    {
        var answer = await _console.PostFormAsync(ConsolePaths.NewPlatform, AdminHtml.Rumble(domains: "rumble.com\nx.com"), tokenFrom: ConsolePaths.NewPlatform);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await answer.Content.ReadAsStringAsync();
        Assert.That(AdminHtml.ErrorsBeside(html, "domains"), Does.Contain("appartient déjà à une autre plateforme").And.Contain("x.com belongs to x"));
        Assert.That(AdminHtml.Text(html), Does.Contain("Cette action n'est plus possible"));
        Assert.That((await _admin.GetAsync($"{Platforms.Path}/rumble")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_change_of_contact_through_the_form_is_recorded_in_the_changes()
    {
        var answer = await _console.PostFormAsync(ConsolePaths.Platform("x"), AdminHtml.XWithContact(), tokenFrom: ConsolePaths.Platform("x"));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther), await answer.Content.ReadAsStringAsync());
        var x = await (await _admin.GetAsync($"{Platforms.Path}/x")).Body();
        Assert.That(x.GetProperty("contact").GetProperty("email").GetString(), Is.EqualTo("safety@x.com"));
        Assert.That(x.GetProperty("domains").EnumerateArray().Select(d => d.GetString()), Is.EqualTo(new[] { "t.co", "twitter.com", "x.com" }), "the domains are kept");
        var changes = await (await _admin.GetAsync($"{Platforms.Path}/x/changes")).Body();
        var latest = changes.GetProperty("items")[0];
        Assert.That(latest.GetProperty("version").GetInt64(), Is.EqualTo(2));
        Assert.That(latest.GetProperty("changedBy").GetString(), Is.EqualTo("admin:demo-admin"));

        var page = AdminHtml.Text(await _console.PageAsync(answer.Headers.Location!.OriginalString));
        Assert.That(page, Does.Contain("Les modifications sont enregistrées"));
        Assert.That(Regex.IsMatch(page, @"<th scope=""row"">2</th>\s*<td><time[^>]*>[^<]+</time></td>\s*<td>admin:demo-admin</td>\s*<td>contact</td>"),
            Is.True, "the history says version 2, when, who and what: " + page);
    }

    [Test]
    public async Task An_invalid_change_shows_the_APIs_message_beside_the_field_and_changes_nothing()
    {
        var answer = await _console.PostFormAsync(ConsolePaths.Platform("x"), AdminHtml.XWithContact(phone: "01.23.45"), tokenFrom: ConsolePaths.Platform("x"));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await answer.Content.ReadAsStringAsync();
        Assert.That(AdminHtml.ErrorsBeside(html, "contact.phone"), Does.StartWith("contact.phone must be 4 to 15 digits"));
        Assert.That(html, Does.Contain("value=\"01.23.45\""));
        var x = await (await _admin.GetAsync($"{Platforms.Path}/x")).Body();
        Assert.That(x.GetProperty("version").GetInt64(), Is.EqualTo(1));
        Assert.That(x.GetProperty("contact").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task A_change_taking_another_platforms_domain_is_shown_as_the_conflict_and_changes_nothing()
    {
        var answer = await _console.PostFormAsync(ConsolePaths.Platform("x"), AdminHtml.XWithContact(domains: "x.com\nyoutube.com"), tokenFrom: ConsolePaths.Platform("x"));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(AdminHtml.ErrorsBeside(await answer.Content.ReadAsStringAsync(), "domains"), Does.Contain("youtube.com belongs to youtube"));
        Assert.That((await (await _admin.GetAsync($"{Platforms.Path}/x")).Body()).GetProperty("version").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    public async Task Forms_without_their_anti_forgery_token_change_nothing()
    {
        var adding = await _console.PostFormAsync(ConsolePaths.NewPlatform, AdminHtml.Rumble(), withToken: false);
        var changing = await _console.PostFormAsync(ConsolePaths.Platform("x"), AdminHtml.XWithContact(), withToken: false);

        Assert.That(adding.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(changing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _admin.GetAsync($"{Platforms.Path}/rumble")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await (await _admin.GetAsync($"{Platforms.Path}/x")).Body()).GetProperty("version").GetInt64(), Is.EqualTo(1));
    }
}

public sealed class When_an_admin_manages_api_keys_in_the_console
{
    private PharosApp _app = null!;
    private HttpClient _admin = null!;
    private ConsoleSession _console = null!;

    [SetUp]
    public async Task Start()
    {
        _app = new PharosApp();
        _admin = _app.As("demo-admin");
        _console = await ConsoleSession.SignInAsync(_app, "demo-admin");
    }

    [TearDown]
    public void Stop()
    {
        _console.Dispose();
        _app.Dispose();
    }

    private static Dictionary<string, string> XKey(string name = "X integration") =>
        new() { ["name"] = name, ["role"] = "platform", ["platformId"] = "x" };

    [Test]
    public async Task Issuing_a_key_shows_its_token_once_on_the_answer_and_the_token_works_with_the_API()
    {
        var answer = await _console.PostFormAsync(ConsolePaths.ApiKeys, XKey(), tokenFrom: ConsolePaths.ApiKeys);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the token is on the page the post answers with, not behind a redirect");
        Assert.That(answer.Headers.CacheControl?.NoStore, Is.True);
        var html = await answer.Content.ReadAsStringAsync();
        var token = AdminHtml.TokenShown(html);
        Assert.That(token, Is.Not.Null.And.Not.Empty, html);
        Assert.That(AdminHtml.Text(html), Does.Contain("elle ne sera plus affichée"));

        using var platform = _app.As(token!);
        var requests = await platform.GetAsync("/api/platform/requests");
        Assert.That(requests.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the key is X's");
        Assert.That((await platform.GetAsync(Platforms.Path)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "and only X's");

        var list = await _console.PageAsync(ConsolePaths.ApiKeys);
        Assert.That(list, Does.Contain("X integration").And.Not.Contain(token!), "the list never shows a token again");
    }

    [Test]
    public async Task A_platform_key_without_a_platform_shows_the_APIs_message_beside_the_platform_and_issues_nothing()
    {
        var answer = await _console.PostFormAsync(ConsolePaths.ApiKeys, XKey().Also("platformId", ""), tokenFrom: ConsolePaths.ApiKeys);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var html = await answer.Content.ReadAsStringAsync();
        Assert.That(AdminHtml.ErrorsBeside(html, "platformId"), Is.EqualTo("platformId is required for role platform."));
        Assert.That(AdminHtml.TokenShown(html), Is.Null);
        Assert.That(html, Does.Contain("value=\"X integration\""));
        var keys = await (await _admin.GetAsync("/api/admin/api-keys")).Body();
        Assert.That(keys.GetProperty("items").EnumerateArray().Select(k => k.GetProperty("name").GetString()), Has.No.Member("X integration"));
    }

    [Test]
    public async Task Revoking_through_the_confirmation_makes_the_token_refused_at_once()
    {
        var (id, token) = await IssueAsync("To revoke");
        using var platform = _app.As(token);
        Assert.That((await platform.GetAsync("/api/platform/requests")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var confirmation = AdminHtml.Text(await _console.PageAsync(ConsolePaths.RevokeApiKey(id)));
        Assert.That(confirmation, Does.Contain("Révoquer la clé To revoke ?"));
        Assert.That((await platform.GetAsync("/api/platform/requests")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "asking is not revoking");

        var answer = await _console.PostFormAsync(ConsolePaths.RevokeApiKey(id), [], tokenFrom: ConsolePaths.RevokeApiKey(id));

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That((await platform.GetAsync("/api/platform/requests")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var list = AdminHtml.Text(await _console.PageAsync(answer.Headers.Location!.OriginalString));
        Assert.That(list, Does.Contain("La clé est révoquée").And.Contain("révoquée le"));
    }

    [Test]
    public async Task Revoking_a_key_that_does_not_exist_says_so()
    {
        var confirmation = await _console.GetAsync(ConsolePaths.RevokeApiKey("no-such-key"));
        var answer = await _console.PostFormAsync(ConsolePaths.RevokeApiKey("no-such-key"), [], tokenFrom: ConsolePaths.ApiKeys);

        Assert.That(confirmation.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Forms_without_their_anti_forgery_token_change_nothing()
    {
        var (id, token) = await IssueAsync("Kept");

        var issuing = await _console.PostFormAsync(ConsolePaths.ApiKeys, XKey("Forged"), withToken: false);
        var revoking = await _console.PostFormAsync(ConsolePaths.RevokeApiKey(id), [], withToken: false);

        Assert.That(issuing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(AdminHtml.TokenShown(await issuing.Content.ReadAsStringAsync()), Is.Null);
        Assert.That(revoking.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var keys = await (await _admin.GetAsync("/api/admin/api-keys")).Body();
        Assert.That(keys.GetProperty("items").EnumerateArray().Select(k => k.GetProperty("name").GetString()), Has.No.Member("Forged"));
        using var platform = _app.As(token);
        Assert.That((await platform.GetAsync("/api/platform/requests")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the key still works");
    }

    private async Task<(string Id, string Token)> IssueAsync(string name)
    {
        var issued = await _admin.PostJson("/api/admin/api-keys", new { role = "platform", platformId = "x", name });
        Assert.That(issued.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await issued.Body();
        return (body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!);
    }
}

internal static class FormFields
{
    /// <summary>The same fields with one set to another value.</summary>
    public static Dictionary<string, string> Also(this Dictionary<string, string> fields, string name, string value) =>
        new(fields) { [name] = value };
}
