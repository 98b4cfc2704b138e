using System.Net;
using System.Net.Http.Json;
using Dapper;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Platforms;
using Pharos.Triage.IntegrationTests.Notifications;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.IntegrationTests.Api;

/// <summary>
/// <c>/api/admin/platforms/{id}/webhook</c> on the whole app: rumble is a platform Routing announced (the test announces it
/// on the bus, as Routing does), x one whose webhook an operator configured.
/// </summary>
public sealed class When_an_admin_manages_a_platform_s_webhook
{
    private const string Rumble = "/api/admin/platforms/rumble/webhook";
    private PharosApp _app = null!;
    private LogCapture _logs = null!;
    private HttpClient _admin = null!;

    [SetUp]
    public async Task Start()
    {
        _logs = new LogCapture();
        _app = new PharosApp(new()
        {
            ["Pharos:PlatformContacts:x:WebhookUrl"] = "https://hooks.x.example/pharos",
            ["Pharos:PlatformContacts:x:WebhookSecret"] = LiaisonBed.SecretOf("x"),
        }) { ConfigureServices = services => services.AddSingleton<ILoggerProvider>(_logs) };
        _admin = _app.As("demo-admin");
        await Announce("rumble");
        await Announce("x");
    }

    [TearDown]
    public void Stop() => _app.Dispose();

    /// <summary>Announces a platform as Routing does, and waits until PlatformLiaison knows it.</summary>
    private async Task Announce(string id)
    {
        await _app.Services.GetRequiredService<IBus>().Publish(new PlatformChanged(
            id, 1, id, [$"{id}.com"], new ContactPerson("Trust & Safety", $"tns@{id}.com", null), null, ["en"], PharosApp.Start, "admin:seed"));
        var liaison = _app.Services.GetRequiredService<LiaisonDatabase>();
        await Eventually.Until(async () =>
        {
            await using var connection = await liaison.OpenAsync();
            return await PlatformDirectory.FindAsync(liaison, connection, id);
        }, known => known is not null, $"PlatformLiaison to know {id}");
    }

    private Task<HttpResponseMessage> Put(string path, object body, HttpClient? client = null) =>
        (client ?? _admin).PutAsJsonAsync(path, body, Http.Json);

    private Task<HttpResponseMessage> Rotate(string path, HttpClient? client = null) =>
        (client ?? _admin).PostAsync(path + "/secret-rotation", null);

    /// <summary>The webhook changes of every platform, oldest first: as the admin API lists them, page by page (newest first).</summary>
    private async Task<List<(string Actor, string Change, string? UrlBefore, string? UrlAfter)>> Audit()
    {
        var changes = new List<(string, string, string?, string?)>();
        foreach (var platform in new[] { "rumble", "x" })
        {
            var path = $"/api/admin/platforms/{platform}/webhook/changes?limit=3";
            while (true)
            {
                var response = await _admin.GetAsync(path);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
                var page = await response.Body();
                changes.AddRange(page.GetProperty("items").EnumerateArray().Select(c => (
                    c.GetProperty("actor").GetString()!, c.GetProperty("change").GetString()!,
                    c.GetProperty("urlBefore").GetString(), c.GetProperty("urlAfter").GetString())));
                if (page.GetProperty("nextCursor").GetString() is not { } next) break;
                path = $"/api/admin/platforms/{platform}/webhook/changes?limit=3&cursor={Uri.EscapeDataString(next)}";
            }
        }
        changes.Reverse();
        return changes;
    }

    [Test]
    public async Task Put_shows_a_new_secret_once_and_each_later_put_or_rotation_shows_another_with_the_old_one_signing_for_24_hours()
    {
        var first = await Put(Rumble, new { url = "https://hooks.rumble.example/pharos" });
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), await first.Content.ReadAsStringAsync());
        var set = await first.Body();
        Assert.That(set.GetProperty("platformId").GetString(), Is.EqualTo("rumble"));
        Assert.That(set.GetProperty("url").GetString(), Is.EqualTo("https://hooks.rumble.example/pharos"));
        Assert.That(set.GetProperty("secret").GetString(), Does.Match("^whsec_[A-Za-z0-9+/]{43}=$"));
        Assert.That(set.GetProperty("previousSecretSignsUntil").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null), "nothing to replace");
        Assert.That(set.GetProperty("setAt").GetString(), Is.EqualTo("2026-11-22T10:00:00Z"));
        Assert.That(set.GetProperty("setBy").GetString(), Does.StartWith("admin:"));

        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        var moved = await (await Put(Rumble, new { url = "https://hooks2.rumble.example/pharos" })).Body();
        Assert.That(moved.GetProperty("secret").GetString(), Is.Not.EqualTo(set.GetProperty("secret").GetString()), "every PUT issues a secret");
        Assert.That(moved.GetProperty("previousSecretSignsUntil").GetString(), Is.EqualTo("2026-11-23T10:10:00Z"));

        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        var rotation = await Rotate(Rumble);
        Assert.That(rotation.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var rotated = await rotation.Body();
        Assert.That(rotated.GetProperty("url").GetString(), Is.EqualTo("https://hooks2.rumble.example/pharos"));
        Assert.That(rotated.GetProperty("secret").GetString(), Does.StartWith("whsec_").And.Not.EqualTo(moved.GetProperty("secret").GetString()));
        Assert.That(rotated.GetProperty("previousSecretSignsUntil").GetString(), Is.EqualTo("2026-11-23T10:20:00Z"));

        Assert.That((await _admin.DeleteAsync(Rumble)).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await _admin.DeleteAsync(Rumble)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no webhook left");
        Assert.That((await Rotate(Rumble)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "no webhook to rotate");

        Assert.That((await Audit()).Select(a => (a.Change, a.UrlBefore, a.UrlAfter)), Is.EqualTo(new[]
        {
            ("set", (string?)null, (string?)"https://hooks.rumble.example/pharos"),
            ("set", "https://hooks.rumble.example/pharos", "https://hooks2.rumble.example/pharos"),
            ("rotated", "https://hooks2.rumble.example/pharos", "https://hooks2.rumble.example/pharos"),
            ("removed", "https://hooks2.rumble.example/pharos", null),
        }));

        // Shown once: nothing logged or recorded holds a secret.
        var secrets = new[] { set, moved, rotated }.Select(s => s.GetProperty("secret").GetString()![6..]).ToList();
        var logged = _logs.Entries.Select(e => e.Message).ToList();
        Assert.That(logged, Has.Some.Contains("Webhook of platform rumble rotated by admin:"), "the changes are logged");
        foreach (var secret in secrets)
        {
            Assert.That(logged, Has.None.Contains(secret), "no log line holds a secret");
            Assert.That(string.Join("|", await Audit()), Does.Not.Contain(secret), "no audit row holds a secret");
        }
    }

    [TestCase("demo-analyst")]
    [TestCase("demo-platform-x")]
    [TestCase("demo-ministry")]
    public async Task Another_role_is_refused(string token)
    {
        var caller = _app.As(token);
        Assert.That((await Put(Rumble, new { url = "https://hooks.rumble.example/pharos" }, caller)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await Rotate(Rumble, caller)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await caller.DeleteAsync(Rumble)).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await Audit(), Is.Empty);
    }

    [TestCase("""{ "url": "http://hooks.rumble.example/pharos" }""", "url", "url must use https")]
    [TestCase("""{ "url": "https://169.254.169.254/latest" }""", "url", "url must not name a private, link-local or other internal address.")]
    [TestCase("""{ "url": "https://[64:ff9b::a00:1]/pharos" }""", "url", "url must not name a private, link-local or other internal address.")]
    [TestCase("""{ "url": "https://[2002:a00:1::1]/pharos" }""", "url", "url must not name a private, link-local or other internal address.")]
    [TestCase("""{ "url": "https://198.18.0.1/pharos" }""", "url", "url must not name a private, link-local or other internal address.")]
    [TestCase("""{ "url": "https://user:pw@hooks.rumble.example/" }""", "url", "url must not carry credentials.")]
    [TestCase("""{ "url": "not a url" }""", "url", "url must be an absolute https URL.")]
    [TestCase("""{ }""", "url", "url is required: where the platform's notices go.")]
    [TestCase("""{ "url": "https://hooks.rumble.example/", "secret": "whsec_mine" }""", "secret", "Unknown field.")]
    public async Task A_bad_body_is_a_400_naming_the_field(string body, string field, string message)
    {
        var response = await _admin.PutAsync(Rumble, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await response.Body()).GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { field }));
        Assert.That(errors.GetProperty(field)[0].GetString(), Does.StartWith(message));
        Assert.That(await Audit(), Is.Empty);
    }

    [Test]
    public async Task A_platform_Liaison_has_not_heard_of_is_not_found()
    {
        const string unknown = "/api/admin/platforms/vimeo/webhook";
        var put = await Put(unknown, new { url = "https://hooks.vimeo.example/" });
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await put.Body()).GetProperty("detail").GetString(), Is.EqualTo("No platform with this id."));
        Assert.That((await Rotate(unknown)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await _admin.DeleteAsync(unknown)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_platform_whose_webhook_is_configured_is_a_409_naming_the_key()
    {
        const string configured = "/api/admin/platforms/x/webhook";
        foreach (var response in new[]
        {
            await Put(configured, new { url = "https://hooks.x.example/other" }), await Rotate(configured), await _admin.DeleteAsync(configured),
        })
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((await response.Body()).GetProperty("detail").GetString(), Does.Contain("Pharos:PlatformContacts:x:WebhookUrl"));
        }
        Assert.That(await Audit(), Is.Empty);
    }
}
