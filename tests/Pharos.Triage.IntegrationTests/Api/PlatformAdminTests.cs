using System.Net.Http.Json;
using System.Text.Json;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Api;

internal static class Platforms
{
    public const string Path = "/api/admin/platforms";

    public static object Rumble(string id = "rumble", params string[] domains) => new
    {
        id, name = "Rumble", domains = domains.Length == 0 ? ["rumble.com"] : domains,
        contact = new { name = "Trust & Safety", email = "tns@rumble.com", phone = "+33 1 23 45 67 89" },
        escalationContact = new { name = "On call", email = (string?)null, phone = "+33 6 00 00 00 00" },
        languages = new[] { "fr", "en" },
    };

    public static Task<HttpResponseMessage> Patch(this HttpClient client, string path, object body) =>
        client.PatchAsync(path, JsonContent.Create(body, options: Http.Json));

    public static async Task<JsonElement> Created(this HttpClient admin, object body)
    {
        var response = await admin.PostJson(Path, body);
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return await response.Body();
    }

    public static Task<JsonElement> Routed(HttpClient analyst, string reportId) =>
        Eventually.ReportReaches(analyst, reportId, r => r.GetProperty("status").GetString() is "routed" or "forwarded", "routed or forwarded");

    public static string? PlatformOf(JsonElement report) =>
        report.GetProperty("platform").ValueKind == JsonValueKind.Null ? null : report.GetProperty("platform").GetProperty("id").GetString();
}

/// <summary>Issue 16: admins add and change platforms over HTTP, and the next report routes by the change, with no restart.</summary>
public sealed class When_an_admin_manages_platforms
{
    private PharosApp _app = null!;
    private HttpClient _admin = null!;

    [SetUp]
    public void Start()
    {
        _app = new PharosApp();
        _admin = _app.As("demo-admin");
    }

    [TearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task An_added_platform_takes_the_reports_of_its_domains_with_no_restart()
    {
        var analyst = _app.Analyst();
        var before = await Platforms.Routed(analyst, await analyst.FileReport("https://rumble.com/v1-propaganda"));
        Assert.That(before.GetProperty("status").GetString(), Is.EqualTo("forwarded"), "no platform takes rumble.com yet");

        var response = await _admin.PostJson(Platforms.Path, Platforms.Rumble());

        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/api/admin/platforms/rumble"));
        var created = await response.Body();
        Assert.That(created.GetProperty("version").GetInt64(), Is.EqualTo(1));
        Assert.That(created.GetProperty("contactReachable").GetBoolean(), Is.True);
        Assert.That(created.GetProperty("updatedBy").GetString(), Is.EqualTo("admin:demo-admin"));
        Assert.That(created.GetProperty("updatedAt").GetString(), Is.EqualTo("2026-11-22T10:00:00Z"));
        Assert.That(created.GetProperty("contact").GetProperty("email").GetString(), Is.EqualTo("tns@rumble.com"));
        Assert.That(created.GetProperty("escalationContact").GetProperty("email").ValueKind, Is.EqualTo(JsonValueKind.Null));

        var after = await Platforms.Routed(analyst, await analyst.FileReport("https://www.rumble.com/v2-propaganda"));
        Assert.That(after.GetProperty("status").GetString(), Is.EqualTo("routed"));
        Assert.That(Platforms.PlatformOf(after), Is.EqualTo("rumble"));
        Assert.That(after.GetProperty("platform").GetProperty("name").GetString(), Is.EqualTo("Rumble"));
        var single = await (await _admin.GetAsync($"{Platforms.Path}/rumble")).Body();
        Assert.That(single.GetProperty("domains").EnumerateArray().Select(d => d.GetString()), Is.EqualTo(new[] { "rumble.com" }));
    }

    [Test]
    public async Task The_list_flags_each_platform_without_a_reachable_contact_and_pages_by_id()
    {
        await _admin.Created(Platforms.Rumble());

        var first = await (await _admin.GetAsync($"{Platforms.Path}?limit=4")).Body();
        var next = first.GetProperty("nextCursor").GetString();
        var rest = await (await _admin.GetAsync($"{Platforms.Path}?limit=200&cursor={next}")).Body();
        var items = first.GetProperty("items").EnumerateArray().Concat(rest.GetProperty("items").EnumerateArray()).ToList();

        var ids = items.Select(i => i.GetProperty("id").GetString()!).ToList();
        Assert.That(ids, Is.EqualTo(new[] { "apple", "facebook", "instagram", "microsoft", "rumble", "snapchat", "telegram", "tiktok", "x", "youtube" }));
        Assert.That(rest.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(items.Where(i => !i.GetProperty("contactReachable").GetBoolean()).Select(i => i.GetProperty("id").GetString()),
            Is.EquivalentTo(ids.Where(id => id != "rumble")), "the seeded platforms have no contact until an admin gives them one");
        var youtube = items.Single(i => i.GetProperty("id").GetString() == "youtube");
        Assert.That(youtube.GetProperty("version").GetInt64(), Is.EqualTo(1));
        Assert.That(youtube.GetProperty("updatedBy").GetString(), Is.EqualTo("migration"));
        Assert.That(youtube.GetProperty("domains").EnumerateArray().Select(d => d.GetString()), Is.EqualTo(new[] { "youtu.be", "youtube.com" }));

        var patched = await _admin.Patch($"{Platforms.Path}/youtube", new { contact = new { name = "YouTube T&S", email = "tns@youtube.com" } });
        Assert.That((int)patched.StatusCode, Is.EqualTo(200), await patched.Content.ReadAsStringAsync());
        Assert.That((await patched.Body()).GetProperty("contactReachable").GetBoolean(), Is.True);
    }

    [Test]
    public async Task An_analyst_or_a_platform_is_refused()
    {
        foreach (var client in new[] { _app.Analyst(), _app.PlatformX(), _app.As("demo-ministry") })
        {
            Assert.That((int)(await client.GetAsync(Platforms.Path)).StatusCode, Is.EqualTo(403));
            Assert.That((int)(await client.GetAsync($"{Platforms.Path}/x")).StatusCode, Is.EqualTo(403));
            Assert.That((int)(await client.GetAsync($"{Platforms.Path}/x/changes")).StatusCode, Is.EqualTo(403));
            Assert.That((int)(await client.PostJson(Platforms.Path, Platforms.Rumble())).StatusCode, Is.EqualTo(403));
            Assert.That((int)(await client.Patch($"{Platforms.Path}/x", new { name = "Mine" })).StatusCode, Is.EqualTo(403));
        }
        Assert.That((int)(await _app.CreateClient().GetAsync(Platforms.Path)).StatusCode, Is.EqualTo(401));
        Assert.That((int)(await _admin.GetAsync($"{Platforms.Path}/rumble")).StatusCode, Is.EqualTo(404), "nothing was created");
    }

    [Test]
    public async Task A_taken_id_is_a_conflict()
    {
        var response = await _admin.PostJson(Platforms.Path, Platforms.Rumble(id: "youtube", "rumble.com"));

        Assert.That((int)response.StatusCode, Is.EqualTo(409));
        Assert.That((await response.Body()).GetProperty("detail").GetString(), Is.EqualTo("A platform with id youtube already exists."));
        Assert.That((int)(await _admin.GetAsync($"{Platforms.Path}/youtube")).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task A_domain_of_another_platform_is_a_conflict_naming_its_owner()
    {
        var created = await _admin.PostJson(Platforms.Path, Platforms.Rumble("rumble", "rumble.com", "YouTube.com"));
        await _admin.Created(Platforms.Rumble());
        var patched = await _admin.Patch($"{Platforms.Path}/rumble", new { domains = new[] { "rumble.com", "t.co" } });

        Assert.That((int)created.StatusCode, Is.EqualTo(409));
        var problem = await created.Body();
        Assert.That(problem.GetProperty("detail").GetString(), Is.EqualTo("youtube.com belongs to youtube."));
        Assert.That(problem.GetProperty("owner").GetString(), Is.EqualTo("youtube"));
        Assert.That((int)patched.StatusCode, Is.EqualTo(409));
        Assert.That((await patched.Body()).GetProperty("owner").GetString(), Is.EqualTo("x"));
        var rumble = await (await _admin.GetAsync($"{Platforms.Path}/rumble")).Body();
        Assert.That(rumble.GetProperty("version").GetInt64(), Is.EqualTo(1), "the refused change left nothing");
    }

    [Test]
    public async Task A_domain_moved_to_another_platform_takes_the_next_reports_and_leaves_those_routed()
    {
        var analyst = _app.Analyst();
        await _admin.Created(Platforms.Rumble("rumble", "rumble.com", "rmbl.ws"));
        var earlier = await Platforms.Routed(analyst, await analyst.FileReport("https://rumble.com/v1"));
        var earlierRequest = earlier.GetProperty("request").GetProperty("id").GetString();

        var moved = await _admin.Patch($"{Platforms.Path}/rumble", new { domains = new[] { "rmbl.ws" } });
        Assert.That((int)moved.StatusCode, Is.EqualTo(200), await moved.Content.ReadAsStringAsync());
        Assert.That((await moved.Body()).GetProperty("version").GetInt64(), Is.EqualTo(2));
        await _admin.Created(Platforms.Rumble("rumble-eu", "rumble.com"));

        var later = await Platforms.Routed(analyst, await analyst.FileReport("https://rumble.com/v2"));
        var again = await analyst.Report(earlier.GetProperty("id").GetString()!);

        Assert.That(Platforms.PlatformOf(later), Is.EqualTo("rumble-eu"));
        Assert.That(Platforms.PlatformOf(again), Is.EqualTo("rumble"), "a routed report keeps its request");
        Assert.That(again.GetProperty("request").GetProperty("id").GetString(), Is.EqualTo(earlierRequest));
        // The same URL again is still a duplicate of the open request at rumble: nothing is routed twice.
        var duplicate = await Eventually.ReportStatus(analyst, await analyst.FileReport("https://rumble.com/v1"), "duplicate");
        Assert.That(duplicate.GetProperty("duplicateOf").GetString(), Is.EqualTo(earlier.GetProperty("id").GetString()));
    }

    [Test]
    public async Task The_changes_list_who_when_the_version_and_the_record_before_and_after()
    {
        await _admin.Created(Platforms.Rumble());
        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        var patched = await _admin.Patch($"{Platforms.Path}/rumble", new { name = "Rumble EU", escalationContact = (object?)null, languages = new[] { "fr" } });
        Assert.That((int)patched.StatusCode, Is.EqualTo(200), await patched.Content.ReadAsStringAsync());
        var unchanged = await _admin.Patch($"{Platforms.Path}/rumble", new { name = "Rumble EU" });
        Assert.That((await unchanged.Body()).GetProperty("version").GetInt64(), Is.EqualTo(2), "a patch that changes nothing makes no version");

        var changes = await (await _admin.GetAsync($"{Platforms.Path}/rumble/changes")).Body();
        var items = changes.GetProperty("items").EnumerateArray().ToList();

        Assert.That(items.Select(i => i.GetProperty("version").GetInt64()), Is.EqualTo(new long[] { 2, 1 }), "newest first");
        Assert.That(items.Select(i => i.GetProperty("changedBy").GetString()), Has.All.EqualTo("admin:demo-admin"));
        Assert.That(items.Select(i => i.GetProperty("changedAt").GetString()), Is.EqualTo(new[] { "2026-11-22T10:05:00Z", "2026-11-22T10:00:00Z" }));
        Assert.That(items[1].GetProperty("before").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(items[1].GetProperty("after").GetProperty("name").GetString(), Is.EqualTo("Rumble"));
        Assert.That(items[0].GetProperty("before").GetProperty("name").GetString(), Is.EqualTo("Rumble"));
        Assert.That(items[0].GetProperty("before").GetProperty("escalationContact").GetProperty("name").GetString(), Is.EqualTo("On call"));
        Assert.That(items[0].GetProperty("after").GetProperty("name").GetString(), Is.EqualTo("Rumble EU"));
        Assert.That(items[0].GetProperty("after").GetProperty("escalationContact").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(items[0].GetProperty("after").GetProperty("languages").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(new[] { "fr" }));
        Assert.That(items[0].GetProperty("after").GetProperty("contact").GetProperty("email").GetString(), Is.EqualTo("tns@rumble.com"), "kept");

        var paged = await (await _admin.GetAsync($"{Platforms.Path}/rumble/changes?limit=1")).Body();
        var cursor = paged.GetProperty("nextCursor").GetString();
        var second = await (await _admin.GetAsync($"{Platforms.Path}/rumble/changes?limit=1&cursor={cursor}")).Body();
        Assert.That(second.GetProperty("items")[0].GetProperty("version").GetInt64(), Is.EqualTo(1));
        Assert.That((int)(await _admin.GetAsync($"{Platforms.Path}/nobody/changes")).StatusCode, Is.EqualTo(404));
        var seeded = await (await _admin.GetAsync($"{Platforms.Path}/x/changes")).Body();
        Assert.That(seeded.GetProperty("items")[0].GetProperty("changedBy").GetString(), Is.EqualTo("migration"));
    }

    [Test]
    public async Task A_contact_once_given_cannot_be_taken_away()
    {
        await _admin.Created(Platforms.Rumble());

        var removed = await _admin.Patch($"{Platforms.Path}/rumble", new { contact = (object?)null });

        Assert.That((int)removed.StatusCode, Is.EqualTo(400));
        Assert.That((await removed.Body()).GetProperty("errors").TryGetProperty("contact", out _), Is.True);
    }

    [Test]
    public async Task A_patch_keeps_the_id_and_answers_404_for_no_platform()
    {
        var renamed = await _admin.Patch($"{Platforms.Path}/x", new { id = "twitter" });
        var same = await _admin.Patch($"{Platforms.Path}/x", new { id = "x", name = "X Corp" });
        var missing = await _admin.Patch($"{Platforms.Path}/nobody", new { name = "Nobody" });

        Assert.That((int)renamed.StatusCode, Is.EqualTo(400));
        Assert.That((await renamed.Body()).GetProperty("errors").TryGetProperty("id", out _), Is.True);
        Assert.That((int)same.StatusCode, Is.EqualTo(200));
        var renamedX = await same.Body();
        Assert.That(renamedX.GetProperty("name").GetString(), Is.EqualTo("X Corp"));
        Assert.That(renamedX.GetProperty("contactReachable").GetBoolean(), Is.False, "a seeded platform changes without a contact, and stays flagged");
        Assert.That((int)missing.StatusCode, Is.EqualTo(404));
        Assert.That((int)(await _admin.GetAsync($"{Platforms.Path}/nobody")).StatusCode, Is.EqualTo(404));
    }
}

/// <summary>API.md: every invalid body is a 400 whose <c>errors</c> names the field, and changes nothing.</summary>
public sealed class When_an_admin_sends_an_invalid_platform
{
    private PharosApp _app = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _app = new PharosApp();
        _admin = _app.As("demo-admin");
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private const string Contact = """{ "name": "T&S", "email": "tns@rumble.com" }""";

    private static string Body(string id = "\"rumble\"", string name = "\"Rumble\"", string domains = "[\"rumble.com\"]", string contact = Contact,
        string extra = "") =>
        $$"""{ "id": {{id}}, "name": {{name}}, "domains": {{domains}}, "contact": {{contact}}{{extra}} }""";

    private static IEnumerable<TestCaseData> Bodies()
    {
        TestCaseData Case(string name, string body, string field) => new TestCaseData(body, field).SetArgDisplayNames(name);
        yield return Case("no id", """{ "name": "Rumble", "domains": ["rumble.com"], "contact": { "name": "T&S", "email": "tns@rumble.com" } }""", "id");
        yield return Case("a short id", Body(id: "\"r\""), "id");
        yield return Case("an id with capitals", Body(id: "\"Rumble\""), "id");
        yield return Case("an empty name", Body(name: "\"\""), "name");
        yield return Case("a long name", Body(name: $"\"{new string('n', 101)}\""), "name");
        yield return Case("no domain", Body(domains: "[]"), "domains");
        yield return Case("a URL for a domain", Body(domains: "[\"https://rumble.com/\"]"), "domains[0]");
        yield return Case("a port", Body(domains: "[\"rumble.com:443\"]"), "domains[0]");
        yield return Case("an IP address", Body(domains: "[\"203.0.113.7\"]"), "domains[0]");
        yield return Case("no dot", Body(domains: "[\"rumble\"]"), "domains[0]");
        yield return Case("a bad label", Body(domains: "[\"-rumble.com\"]"), "domains[0]");
        yield return Case("a domain too long", Body(domains: $"[\"{string.Join('.', Enumerable.Repeat(new string('a', 63), 4))}\"]"), "domains[0]");
        yield return Case("a domain twice", Body(domains: "[\"rumble.com\", \"Rumble.com\"]"), "domains");
        yield return Case("no contact", Body(contact: "null"), "contact");
        yield return Case("a contact without a name", Body(contact: """{ "email": "tns@rumble.com" }"""), "contact.name");
        yield return Case("a contact no one can reach", Body(contact: """{ "name": "T&S" }"""), "contact");
        yield return Case("a bad email", Body(contact: """{ "name": "T&S", "email": "tns@rumble" }"""), "contact.email");
        yield return Case("a bad phone", Body(contact: """{ "name": "T&S", "phone": "01.23.45.67.89" }"""), "contact.phone");
        yield return Case("a bad escalation contact", Body(extra: """, "escalationContact": { "name": "On call", "email": "x" }"""), "escalationContact.email");
        yield return Case("a bad language", Body(extra: """, "languages": ["fre"]"""), "languages[0]");
        yield return Case("a language twice", Body(extra: """, "languages": ["fr", "fr"]"""), "languages");
        yield return Case("an unknown field", Body(extra: """, "webhook": "https://rumble.com/hook" """), "webhook");
        yield return Case("an unknown contact field", Body(contact: """{ "name": "T&S", "email": "tns@rumble.com", "fax": "1234" }"""), "contact.fax");
        yield return Case("a wrong type", Body(domains: "\"rumble.com\""), "domains");
        yield return Case("malformed JSON", "rumble.com", "body");
    }

    [TestCaseSource(nameof(Bodies))]
    public async Task A_post_is_a_400_naming_the_field(string body, string field)
    {
        var response = await _admin.PostRaw(Platforms.Path, body);

        Assert.That((int)response.StatusCode, Is.EqualTo(400), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = (await response.Body()).GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.That(errors, Does.Contain(field));
        Assert.That((int)(await _admin.GetAsync($"{Platforms.Path}/rumble")).StatusCode, Is.EqualTo(404), "nothing was created");
    }

    [TestCase("""{ "contact": { "name": "T&S" } }""", "contact", TestName = "A patch to a contact no one can reach is a 400")]
    [TestCase("""{ "contact": null, "name": "" }""", "name", TestName = "A patch to no contact and no name is a 400")]
    [TestCase("""{ "domains": [] }""", "domains", TestName = "A patch to no domain is a 400")]
    [TestCase("""{ "name": null }""", "name", TestName = "A patch to no name is a 400")]
    [TestCase("""{ "languages": ["EN"] }""", "languages[0]", TestName = "A patch to a bad language is a 400")]
    [TestCase("""{ "colour": "blue" }""", "colour", TestName = "A patch with an unknown field is a 400")]
    public async Task A_patch_is_a_400_naming_the_field(string body, string field)
    {
        var response = await _admin.PatchAsync($"{Platforms.Path}/x", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.That((int)response.StatusCode, Is.EqualTo(400), await response.Content.ReadAsStringAsync());
        Assert.That((await response.Body()).GetProperty("errors").EnumerateObject().Select(e => e.Name), Does.Contain(field));
        Assert.That((await (await _admin.GetAsync($"{Platforms.Path}/x")).Body()).GetProperty("version").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_body_that_is_not_json_is_a_415()
    {
        var response = await _admin.PostRaw(Platforms.Path, Body(), "text/plain");

        Assert.That((int)response.StatusCode, Is.EqualTo(415));
    }
}
