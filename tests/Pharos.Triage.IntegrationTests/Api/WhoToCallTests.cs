using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Api;

/// <summary>
/// Issue 16, item 3 and the profile of item 5: a platform's contact persons, set by an admin in Routing, reach the
/// analysts on each report, the ministry on its preview (never a publication), and the platform on its profile.
/// </summary>
public sealed class When_an_admin_names_a_platforms_contact_persons
{
    private const string Marker = "QZCONTACTQZ";
    private PharosApp _app = null!;
    private HttpClient _admin = null!;

    private static readonly object XContacts = new
    {
        contact = new { name = $"Ms {Marker}", email = "trust@x.example", phone = "+33 1 00 00 00 01" },
        escalationContact = new { name = "Legal on call", email = (string?)null, phone = "+33 6 00 00 00 02" },
    };

    [SetUp]
    public void Start()
    {
        _app = new PharosApp();
        _admin = _app.As("demo-admin");
    }

    [TearDown]
    public void Stop() => _app.Dispose();

    private async Task GiveXItsContacts()
    {
        var patched = await _admin.Patch($"{Platforms.Path}/x", XContacts);
        Assert.That((int)patched.StatusCode, Is.EqualTo(200), await patched.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task An_analyst_sees_who_to_call_on_the_report()
    {
        var analyst = _app.Analyst();
        var report = await analyst.FileReport("https://x.com/someone/status/42");
        var routed = await Eventually.ReportStatus(analyst, report, "routed");
        Assert.That(routed.GetProperty("platform").GetProperty("contact").ValueKind, Is.EqualTo(JsonValueKind.Null), "a seeded platform has no contact yet");

        await GiveXItsContacts();

        var shown = await Eventually.ReportReaches(analyst, report,
            r => r.GetProperty("platform").GetProperty("contact").ValueKind == JsonValueKind.Object, "the contact on the report");
        var platform = shown.GetProperty("platform");
        Assert.That(platform.GetProperty("contact").GetProperty("name").GetString(), Is.EqualTo($"Ms {Marker}"));
        Assert.That(platform.GetProperty("contact").GetProperty("phone").GetString(), Is.EqualTo("+33 1 00 00 00 01"));
        Assert.That(platform.GetProperty("escalationContact").GetProperty("phone").GetString(), Is.EqualTo("+33 6 00 00 00 02"));
        var listed = (await (await analyst.GetAsync("/api/reports?platform=x")).Body()).GetProperty("items")[0];
        Assert.That(listed.GetProperty("platform").GetProperty("contact").GetProperty("email").GetString(), Is.EqualTo("trust@x.example"), "in the list too");
    }

    [Test]
    public async Task The_ministry_sees_who_to_call_on_its_preview_and_a_publication_names_no_one()
    {
        var analyst = _app.Analyst();
        await Eventually.ReportStatus(analyst, await analyst.FileReport("https://x.com/someone/status/43"), "routed");
        await GiveXItsContacts();
        var ministry = _app.As("demo-ministry");
        const string period = "from=2026-11-22T00:00:00Z&to=2026-11-23T00:00:00Z";

        var preview = await Eventually.Until(async () => await (await ministry.GetAsync($"/api/statistics?{period}")).Body(),
            p => p.GetProperty("contacts").EnumerateArray().Any(c => c.GetProperty("contact").ValueKind == JsonValueKind.Object),
            "the contact on the preview");
        var x = preview.GetProperty("contacts").EnumerateArray().Single(c => c.GetProperty("platformId").GetString() == "x");
        Assert.That(x.GetProperty("contact").GetProperty("name").GetString(), Is.EqualTo($"Ms {Marker}"));

        var published = await ministry.PostJson("/api/publications", new { from = "2026-11-22T00:00:00Z", to = "2026-11-23T00:00:00Z" });
        Assert.That((int)published.StatusCode, Is.EqualTo(201), await published.Content.ReadAsStringAsync());
        var version = (await published.Body()).GetProperty("version").GetInt32();
        var anyone = _app.As("");
        foreach (var path in new[] { "/public/statistics", $"/public/statistics/{version}", $"/public/statistics/{version}.csv" })
        {
            var read = await anyone.GetAsync(path);
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
            var text = await read.Content.ReadAsStringAsync();
            Assert.That(text, Does.Not.Contain(Marker).And.Not.Contain("trust@x.example").And.Not.Contain("+33"), path);
        }
    }

    [Test]
    public async Task A_platform_sees_its_own_record_and_webhook_url_on_its_profile()
    {
        await GiveXItsContacts();
        var x = _app.PlatformX();
        var profile = await Eventually.Until(async () => await (await x.GetAsync("/api/platform/profile")).Body(),
            p => p.GetProperty("contact").ValueKind == JsonValueKind.Object, "the contact on X's profile");
        Assert.That(profile.GetProperty("id").GetString(), Is.EqualTo("x"));
        Assert.That(profile.GetProperty("domains").EnumerateArray().Select(d => d.GetString()), Is.EquivalentTo(new[] { "x.com", "twitter.com", "t.co" }));
        Assert.That(profile.GetProperty("contact").GetProperty("email").GetString(), Is.EqualTo("trust@x.example"));
        Assert.That(profile.GetProperty("webhook").ValueKind, Is.EqualTo(JsonValueKind.Null), "no webhook yet");
        var noPing = await x.PostAsync("/api/platform/webhook/test", null);
        Assert.That(noPing.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "no webhook, no ping");

        var set = await _admin.PutAsJsonAsync("/api/admin/platforms/x/webhook", new { url = "https://hooks.x.example/pharos" }, Http.Json);
        Assert.That((int)set.StatusCode, Is.EqualTo(200), await set.Content.ReadAsStringAsync());

        var withWebhook = await (await x.GetAsync("/api/platform/profile")).Body();
        Assert.That(withWebhook.GetProperty("webhook").GetProperty("url").GetString(), Is.EqualTo("https://hooks.x.example/pharos"));
        Assert.That(withWebhook.ToString(), Does.Not.Contain("whsec_"), "never a secret");
        var ping = await x.PostAsync("/api/platform/webhook/test", null);
        Assert.That(ping.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), "a webhook an admin set takes a ping");
    }

    [Test]
    public async Task An_added_platform_sees_its_record_through_a_key_of_its_own()
    {
        await _admin.Created(Platforms.Rumble());
        var issued = await _admin.PostJson("/api/admin/api-keys", new { role = "platform", platformId = "rumble", name = "Rumble integration" });
        Assert.That((int)issued.StatusCode, Is.EqualTo(201), await issued.Content.ReadAsStringAsync());
        var rumble = _app.As((await issued.Body()).GetProperty("token").GetString()!);

        var profile = await Eventually.Until(async () => await rumble.GetAsync("/api/platform/profile"), r => r.IsSuccessStatusCode, "Rumble's profile");
        var body = await profile.Body();
        Assert.That((body.GetProperty("id").GetString(), body.GetProperty("name").GetString()), Is.EqualTo(("rumble", "Rumble")));
        Assert.That(body.GetProperty("languages").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(new[] { "fr", "en" }));
    }
}
