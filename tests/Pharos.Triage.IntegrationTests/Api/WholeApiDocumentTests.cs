using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Api;

/// <summary>
/// docs/openapi/v1.json, the whole API's document: what the embedded default generates, served as well by a host that
/// runs only some of the services (behind the gateway, /openapi/v1.json and /docs go to one of them).
/// </summary>
public sealed class When_the_whole_api_is_described
{
    private const string File = "docs/openapi/v1.json";
    private const string RefreshVariable = "PHAROS_REFRESH_OPENAPI";

    private static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "Pharos.Triage.sln"))) return dir.FullName;
            throw new InvalidOperationException("The repository root (Pharos.Triage.sln) is not above the test binaries.");
        }
    }

    private static async Task<JsonObject> Served(PharosApp app)
    {
        var document = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!.AsObject();
        // Where the document is served decides its server; the file has none.
        document.Remove("servers");
        return document;
    }

    private static IEnumerable<string> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {path.Key}"));

    [Test]
    public async Task The_checked_in_document_is_what_the_embedded_default_generates()
    {
        using var app = new PharosApp();
        var generated = await Served(app);
        var path = Path.Combine(Root, File);
        if (Environment.GetEnvironmentVariable(RefreshVariable) == "1")
        {
            await System.IO.File.WriteAllTextAsync(path, generated.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
            Assert.Pass($"{File} written from the embedded default's document: review and commit it.");
        }

        var checkedIn = JsonNode.Parse(await System.IO.File.ReadAllTextAsync(path))!;
        Assert.That(JsonNode.DeepEquals(generated, checkedIn), Is.True,
            $"{File} is not the document the embedded default serves ({FirstDifference(checkedIn, generated)}). "
            + $"Refresh it with `{RefreshVariable}=1 dotnet test tests/Pharos.Triage.IntegrationTests --filter {nameof(When_the_whole_api_is_described)}`, "
            + "review the diff and commit it: a host that runs one service serves this file.");
    }

    [TestCase("Intake")]
    [TestCase("Routing")]
    [TestCase("PlatformLiaison")]
    [TestCase("Escalation")]
    public async Task A_host_running_one_service_serves_every_operation_of_the_four(string service)
    {
        using var whole = new PharosApp();
        using var alone = new PharosApp(new() { ["Pharos:Services:0"] = service });
        var everything = Operations(await Served(whole)).ToList();
        var response = await alone.CreateClient().GetAsync("/openapi/v1.json");
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.That(Operations(served), Is.EquivalentTo(everything));
        Assert.That(everything, Does.Contain("POST /api/reports").And.Contain("POST /api/admin/platforms")
            .And.Contain("POST /api/platform/requests/{id}/outcome").And.Contain("POST /api/publications"));
        // Its server is where it was asked for, as in the generated one.
        Assert.That(served["servers"]!.AsArray().Select(s => s!["url"]!.GetValue<string>()), Is.EqualTo(new[] { "http://localhost" }));

        var docs = await alone.CreateClient().GetAsync("/docs/");
        Assert.That((int)docs.StatusCode, Is.EqualTo(200), "the reference beside it");
        Assert.That(await docs.Content.ReadAsStringAsync(), Does.Contain("openapi/v1.json"));
    }

    /// <summary>The first place the two documents part, as a JSON path, for the failure message.</summary>
    private static string FirstDifference(JsonNode? expected, JsonNode? actual, string at = "$")
    {
        if (expected is JsonObject e && actual is JsonObject a)
        {
            foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
            {
                if (!e.ContainsKey(key)) return $"{at}.{key} is new";
                if (!a.ContainsKey(key)) return $"{at}.{key} is gone";
                if (!JsonNode.DeepEquals(e[key], a[key])) return FirstDifference(e[key], a[key], $"{at}.{key}");
            }
        }
        if (expected is JsonArray ea && actual is JsonArray aa && ea.Count == aa.Count)
            for (var i = 0; i < ea.Count; i++)
                if (!JsonNode.DeepEquals(ea[i], aa[i])) return FirstDifference(ea[i], aa[i], $"{at}[{i}]");
        return $"{at} differs";
    }
}
