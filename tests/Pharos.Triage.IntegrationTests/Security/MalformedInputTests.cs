using System.Net.Http.Headers;
using System.Text;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Security;

/// <summary>A corpus of malformed input, sent to every endpoint that takes a body: only 4xx answers, and nothing changes.</summary>
public sealed class When_malformed_input_arrives
{
    private static readonly string Deep = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);

    // Raw bodies: some are not even JSON.
    private static readonly (string Name, byte[] Body)[] Corpus =
    [
        ("truncated JSON", Utf8("""{"url":"https://x.com/a","category":"terr""")),
        ("a lone brace", Utf8("{")),
        ("empty body", []),
        ("a JSON string", Utf8("\"hello\"")),
        ("a JSON array", Utf8("[{}]")),
        ("a JSON number", Utf8("42")),
        ("wrong types everywhere", Utf8("""{"url":1,"category":true,"description":[],"outcome":2,"answer":{},"role":["admin"],"name":null}""")),
        ("a number too large for a timestamp", Utf8("""{"url":"https://x.com/a","category":"other","description":"d","observedAt":1e309,"outcome":"removed","actedAt":1e309}""")),
        ("huge strings", Utf8($$"""{"url":"https://x.com/{{new string('u', 5000)}}","category":"other","description":"{{new string('d', 5000)}}","answer":"{{new string('a', 5000)}}","outcome":"refused","reason":"{{new string('r', 5000)}}","role":"analyst","name":"{{new string('n', 5000)}}"}""")),
        ("control characters", Utf8("""{"url":"https://x.com/a","category":"other","description":"a\u0000b\u001b[2J","answer":"\u0007","outcome":"refused","reason":"\u007f","platformTicket":"T\u0000","role":"analyst","name":"n\u0000"}""")),
        ("a file URL", Utf8("""{"url":"file:///etc/passwd","category":"other","description":"d"}""")),
        ("a javascript URL", Utf8("""{"url":"javascript:alert(1)","category":"other","description":"d"}""")),
        ("a data URL", Utf8("""{"url":"data:text/html,<script>alert(1)</script>","category":"other","description":"d"}""")),
        ("a private IP literal", Utf8("""{"url":"http://10.1.2.3/admin","category":"other","description":"d"}""")),
        ("a unique-local IPv6 literal", Utf8("""{"url":"http://[fd00::1]/","category":"other","description":"d"}""")),
        ("the cloud metadata address", Utf8("""{"url":"http://169.254.169.254/latest/meta-data","category":"other","description":"d"}""")),
        ("deeply nested JSON", Utf8(Deep)),
        ("bytes that are not UTF-8", [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
        ("unknown fields", Utf8("""{"url":"https://x.com/a","category":"other","description":"d","isAdmin":true,"outcome":"removed","answer":"a","role":"analyst","name":"n","$type":"x"}""")),
    ];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Test]
    public async Task Every_endpoint_answers_4xx_and_nothing_changes()
    {
        using var app = new PharosApp();
        var analyst = app.Analyst();
        var reportId = await analyst.FileReport("https://x.com/corpus/1");
        var requestId = (await Eventually.ReportStatus(analyst, reportId, "routed")).GetProperty("request").GetProperty("id").GetString();
        await Eventually.Until(() => app.PlatformX().GetAsync($"/api/platform/requests/{requestId}"), r => r.IsSuccessStatusCode, "the request at X");

        async Task<string> Snapshot() => string.Join("\n",
            await (await analyst.GetAsync("/api/reports?limit=200")).Content.ReadAsStringAsync(),
            await (await analyst.GetAsync($"/api/reports/{reportId}")).Content.ReadAsStringAsync(),
            await (await app.PlatformX().GetAsync("/api/platform/requests")).Content.ReadAsStringAsync(),
            await (await app.As("demo-admin").GetAsync("/api/admin/api-keys")).Content.ReadAsStringAsync());
        var before = await Snapshot();

        var endpoints = new (string Path, string Token)[]
        {
            ("/api/reports", "demo-analyst"),
            ($"/api/reports/{reportId}/clarification", "demo-analyst"),
            ($"/api/platform/requests/{requestId}/outcome", "demo-platform-x"),
            ("/api/admin/api-keys", "demo-admin"),
        };
        var answers = new List<string>();
        foreach (var (path, token) in endpoints)
        foreach (var (name, body) in Corpus)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var response = await app.As(token).PostAsync(path, content);
            var status = (int)response.StatusCode;
            answers.Add($"{status} {path} {name}");
            Assert.That(status, Is.InRange(400, 499), $"{path} with {name}: {await response.Content.ReadAsStringAsync()}");
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), $"{path} with {name}");
        }
        TestContext.Out.WriteLine(string.Join("\n", answers));

        // Each of these endpoints changes its own state before it answers, so a change would show at once.
        Assert.That(await Snapshot(), Is.EqualTo(before), "the malformed input changed something");
    }
}
