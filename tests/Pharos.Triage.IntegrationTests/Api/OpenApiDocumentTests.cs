using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Api;

/// <summary>
/// The document platforms generate their clients from (/openapi/v1.json), and the reference made from it (/docs):
/// complete, and true to what the running app sends.
/// </summary>
public sealed class When_an_integrator_reads_the_openapi_document
{
    private PharosApp _app = null!;
    private OpenApiConformance _document = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new PharosApp();
        _document = await OpenApiConformance.ReadAsync(_app.CreateClient());
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private IEnumerable<(string Path, string Method, JsonObject Operation)> Operations() =>
        _document.Document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Select(op => (path.Key, op.Key.ToUpperInvariant(), op.Value!.AsObject())));

    [Test]
    public void Every_operation_has_a_unique_operation_id_and_a_summary()
    {
        var operations = Operations().ToList();
        Assert.That(operations, Has.Count.GreaterThan(20));
        Assert.That(operations.Where(o => string.IsNullOrWhiteSpace(o.Operation["operationId"]?.GetValue<string>())).Select(o => $"{o.Method} {o.Path}"), Is.Empty, "without operationId");
        Assert.That(operations.Where(o => string.IsNullOrWhiteSpace(o.Operation["summary"]?.GetValue<string>())).Select(o => $"{o.Method} {o.Path}"), Is.Empty, "without summary");
        Assert.That(operations.Select(o => o.Operation["operationId"]?.GetValue<string>()), Is.Unique);
        Assert.That(operations.Single(o => o is { Method: "POST", Path: "/api/reports" }).Operation["operationId"]!.GetValue<string>(), Is.EqualTo("fileReport"));
    }

    [Test]
    public void Authenticated_operations_require_the_bearer_scheme_and_public_ones_nothing()
    {
        var scheme = _document.Document["components"]?["securitySchemes"]?["bearer"];
        Assert.That(scheme?["type"]?.GetValue<string>(), Is.EqualTo("http"));
        Assert.That(scheme?["scheme"]?.GetValue<string>(), Is.EqualTo("bearer"));
        foreach (var (path, method, operation) in Operations())
        {
            var security = operation["security"]?.AsArray();
            Assert.That(security, Is.Not.Null, $"{method} {path} says nothing of its security");
            if (path.StartsWith("/public/", StringComparison.Ordinal))
                Assert.That(security, Is.Empty, $"{method} {path} is public");
            else
                Assert.That(security!.Select(r => r!.AsObject().Select(p => p.Key).Single()), Is.EqualTo(new[] { "bearer" }), $"{method} {path}");
        }
    }

    [Test]
    public void Each_operation_documents_every_answer_it_can_give()
    {
        var missing = new List<string>();
        foreach (var (path, method, operation) in Operations())
        {
            var documented = operation["responses"]!.AsObject().Select(r => r.Key).ToHashSet();
            var expected = new List<string> { "429", "503" };
            if (operation["security"]!.AsArray().Count > 0) expected.AddRange(["401", "403"]);
            if (operation["requestBody"] is not null) expected.AddRange(["400", "413", "415"]);
            if (operation["parameters"]?.AsArray().Any(p => p!["in"]!.GetValue<string>() == "query") == true) expected.Add("400");
            if (path.Contains('{')) expected.Add("404");
            missing.AddRange(expected.Where(status => !documented.Contains(status)).Select(status => $"{method} {path}: {status}"));
            missing.AddRange(documented.Where(status => operation["responses"]![status]!["description"]?.GetValue<string>() is null or "")
                .Select(status => $"{method} {path}: {status} has no description"));
        }
        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void Every_body_sent_and_every_success_answered_carries_an_example()
    {
        var missing = new List<string>();
        foreach (var (path, method, operation) in Operations())
        {
            if (operation["requestBody"]?["content"]?["application/json"] is { } body && body["example"] is null)
                missing.Add($"{method} {path}: request body");
            foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')))
                if (response!["content"]?["application/json"] is { } answer && answer["example"] is null)
                    missing.Add($"{method} {path}: {status}");
        }
        Assert.That(missing, Is.Empty);
        Assert.That(_document.Examples().Count(), Is.GreaterThan(30));
    }

    [Test]
    public void Every_example_is_one_its_schema_accepts()
    {
        Assert.That(_document.ExampleViolations(), Is.Empty);
        // Lists leave the timeline out, and their example says so; the report filed answers with one.
        var paths = _document.Document["paths"]!;
        Assert.That(paths["/api/reports"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]!["items"]![0]!.AsObject()
            .ContainsKey("timeline"), Is.False);
        Assert.That(paths["/api/reports"]!["post"]!["responses"]!["201"]!["content"]!["application/json"]!["example"]!["status"]!.GetValue<string>(),
            Is.EqualTo("received"), "the endpoint's own example wins over its group's");
    }

    [Test]
    public void The_example_check_finds_an_example_its_schema_refuses()
    {
        var wrong = _document.Document.DeepClone();
        var filed = wrong["paths"]!["/api/reports"]!["post"]!;
        filed["requestBody"]!["content"]!["application/json"]!["example"]!["urgent"] = "yes";
        filed["responses"]!["201"]!["content"]!["application/json"]!["example"]!.AsObject().Remove("status");
        var violations = new OpenApiConformance(wrong).ExampleViolations();
        Assert.That(violations, Has.Some.Contains("POST /api/reports request application/json").And.Contains("/urgent"));
        Assert.That(violations, Has.Some.Contains("POST /api/reports 201 application/json").And.Contains("status"));
    }

    [Test]
    public void Every_tag_is_described_and_no_server_ends_in_a_slash()
    {
        // Two of Redocly's recommended rules (tag-description, no-server-trailing-slash), checked here without npm.
        Assert.That(_document.Document["tags"]!.AsArray().Where(t => t!["description"] is null).Select(t => t!["name"]!.GetValue<string>()), Is.Empty);
        Assert.That(_document.Document["servers"]?.AsArray().Select(s => s!["url"]!.GetValue<string>()) ?? [], Has.None.EndsWith("/"));
    }

    [Test]
    public void Every_timestamp_is_declared_a_string()
    {
        // Written by the project's own converter, they came out typeless: a generated client could not read them.
        var typeless = OpenApiConformance.Descendants(_document.Document).OfType<JsonObject>()
            .Where(o => o["format"]?.GetValue<string>() == "date-time" && o["type"] is null)
            .Select(o => o.GetPath()).ToList();
        Assert.That(typeless, Is.Empty);
        var observedAt = _document.Document["components"]!["schemas"]!["ReportView"]!["properties"]!["observedAt"]!["type"]!.AsArray().Select(t => t!.GetValue<string>());
        Assert.That(observedAt, Is.EquivalentTo(new[] { "string", "null" }));
    }

    [Test]
    public void Every_api_endpoint_of_the_route_table_is_in_the_document()
    {
        var mapped = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            // Every /api endpoint; every /public one but the public page's own files (its stylesheet and icon), which
            // are not operations and say so (ExcludeFromDescription).
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal)
                        || (e.RoutePattern.RawText!.TrimStart('/').StartsWith("public/", StringComparison.Ordinal)
                            && e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true }))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m =>
                $"{m} /{System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.Trim('/'), @"\{(\w+):[^}]*\}", "{$1}")}"))
            .ToHashSet();
        var documented = Operations().Select(o => $"{o.Method} {o.Path}").ToHashSet();
        Assert.That(mapped.Except(documented), Is.Empty);
    }

    [Test]
    public void No_two_types_of_the_wire_share_a_schema()
    {
        // The document names a schema by its type's name: Routing's PlatformView (an admin's) was described by Intake's
        // (a report's platform), and every admin answer about platforms broke its own document.
        var json = _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var types = new HashSet<Type>();
        void Add(Type? type)
        {
            if (type is null) return;
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type.IsArray) { Add(type.GetElementType()); return; }
            if (type.IsGenericType && type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
            {
                foreach (var argument in type.GetGenericArguments()) Add(argument);
                return;
            }
            if (type.IsPrimitive || type.IsEnum || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true || !types.Add(type)) return;
            foreach (var argument in type.GetGenericArguments()) Add(argument);
            foreach (var property in type.GetProperties()) Add(property.PropertyType);
        }
        foreach (var metadata in _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.Select(e => e.Metadata))
        {
            foreach (var accepts in metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()) Add(accepts.RequestType);
            foreach (var produces in metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>()) Add(produces.Type);
        }
        var shared = types.GroupBy(t => Pharos.Triage.Infrastructure.Api.OpenApi.SchemaNames.Of(json.GetTypeInfo(t)))
            .Where(g => g.Key is not null && g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(t => t.FullName))}");
        Assert.That(types, Has.Count.GreaterThan(20));
        Assert.That(shared, Is.Empty);
        Assert.That(_document.Document["components"]!["schemas"]!["PlatformAdminView"]!["properties"]!.AsObject().ContainsKey("domains"), Is.True);
    }

    [Test]
    public void A_body_declares_required_what_its_validator_refuses_missing()
    {
        string[] Required(string schema) =>
            _document.Document["components"]!["schemas"]![schema]!["required"]?.AsArray().Select(n => n!.GetValue<string>()).ToArray() ?? [];
        // POST refuses a platform without them; a PATCH (its own schema) may send any field alone.
        Assert.That(Required("PlatformBody"), Is.EquivalentTo(new[] { "id", "name", "domains", "contact" }));
        Assert.That(Required("PlatformPatch"), Is.Empty);
        // A reason and a refusal ground go with some outcomes only.
        Assert.That(Required("OutcomeReport"), Is.EquivalentTo(new[] { "outcome" }));
        // A period's end is required with or without its start.
        Assert.That(Required("PublishStatistics"), Is.EquivalentTo(new[] { "from", "to" }));
    }

    [Test]
    public void Only_the_fields_a_report_needs_are_declared_required()
    {
        var required = _document.Document["components"]!["schemas"]!["FileReport"]!["required"]!.AsArray().Select(n => n!.GetValue<string>());
        // observedAt, evidenceSha256, caseReference and urgent are optional (API.md).
        Assert.That(required, Is.EquivalentTo(new[] { "url", "category", "description" }));
    }

    [Test]
    public async Task A_report_list_and_a_problem_are_what_the_document_says()
    {
        var analyst = _app.Analyst();
        await analyst.FileReport("https://x.com/openapi/1");
        var list = await analyst.GetAsync("/api/reports");
        Assert.That((int)list.StatusCode, Is.EqualTo(200));
        var listJson = await list.Content.ReadAsStringAsync();
        Assert.That(JsonNode.Parse(listJson)!["items"]![0]!.AsObject().ContainsKey("timeline"), Is.False, "lists leave the timeline out");
        Assert.That(_document.Violations("GET", "/api/reports", null, 200, "application/json", listJson), Is.Empty);

        var missing = await analyst.GetAsync("/api/reports/no-such-report");
        var problem = await missing.Content.ReadAsStringAsync();
        Assert.That(JsonNode.Parse(problem)!["traceId"], Is.Not.Null);
        Assert.That(_document.Violations("GET", "/api/reports/no-such-report", null, 404, "application/problem+json", problem), Is.Empty);
    }

    [Test]
    public void The_checker_finds_what_the_document_does_not_allow()
    {
        // The checker itself: an undocumented status, a missing required field, a field the schema does not know.
        Assert.That(_document.Violations("GET", "/api/reports", null, 418, null, null), Is.Not.Empty);
        Assert.That(_document.Violations("GET", "/api/reports/r1", null, 200, "application/json", """{ "id": "r1" }"""), Is.Not.Empty);
        Assert.That(_document.Violations("POST", "/api/reports", """{ "url": "https://x.com/a", "category": "terrorism", "description": "d", "colour": "red" }""",
            201, null, null), Is.Not.Empty);
    }

    [Test]
    public async Task The_reference_is_served_at_docs_to_anyone_from_the_app_itself()
    {
        var anonymous = _app.CreateClient();
        var page = await anonymous.GetAsync("/docs/");
        Assert.That((int)page.StatusCode, Is.EqualTo(200));
        var html = await page.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("openapi/v1.json"));
        // Everything it loads comes from the app: no CDN, no fonts from elsewhere.
        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"));
        Assert.That(html, Does.Contain("\"withDefaultFonts\":false"));
        foreach (var asset in new[] { "/docs/scalar.js", "/docs/scalar.aspnetcore.js" })
        {
            var script = await anonymous.GetAsync(asset);
            Assert.That((int)script.StatusCode, Is.EqualTo(200), asset);
            Assert.That(script.Content.Headers.ContentType?.MediaType, Does.Contain("javascript"), asset);
        }
    }
}
