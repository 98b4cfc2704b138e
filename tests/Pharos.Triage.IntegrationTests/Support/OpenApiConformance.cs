using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Pharos.Triage.IntegrationTests.Support;

/// <summary>
/// Checks each exchange against the app's own OpenAPI document with JsonSchema.Net (OpenAPI 3.1 schemas are JSON
/// Schema 2020-12), not with the project's code: the answer's status must be documented for its operation, its JSON
/// body must match the documented schema, and so must the JSON body of a request the app accepted (a refused one is
/// meant to break the rules).
/// </summary>
public sealed class OpenApiConformance(JsonNode document)
{
    public JsonNode Document { get; } = document;

    /// <summary>The whole API's document, as built into the app (docs/openapi/v1.json): read once, without a request.</summary>
    public static OpenApiConformance WholeApi => Whole.Value;

    private static readonly Lazy<OpenApiConformance> Whole = new(() =>
    {
        var document = Pharos.Triage.Infrastructure.Api.OpenApi.WholeApiDocument.Read();
        // Every node made now: a parsed node is filled in on first read, which is not safe from two threads at once.
        _ = Descendants(document).Count();
        return new OpenApiConformance(document);
    });

    public static async Task<OpenApiConformance> ReadAsync(HttpClient anonymous) =>
        new(JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!);

    /// <param name="onlyDocumented">Leave alone the exchanges of no operation of the document (health, pages, a path a test makes up).</param>
    public DelegatingHandler Handler(bool onlyDocumented = false) => new Checking(this, onlyDocumented);

    /// <summary>What is wrong with this exchange; empty when it is what the document says.</summary>
    public IReadOnlyList<string> Violations(string method, string path, string? requestJson, int status, string? contentType, string? responseJson)
    {
        var exchange = $"{method} {path} -> {status}";
        var (template, operation) = Operation(method, path);
        if (operation is null) return [$"{exchange}: no such operation in the document"];

        var problems = new List<string>();
        if (requestJson is not null && status is >= 200 and < 300
            && operation["requestBody"]?["content"]?["application/json"]?["schema"] is { } requestSchema)
            problems.AddRange(Check(requestSchema, requestJson, $"{exchange}: request body"));

        var response = operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] ?? operation["responses"]?["default"];
        if (response is null) return [.. problems, $"{exchange}: status {status} is not documented for {method} {template}"];
        if (responseJson is not null && contentType is not null)
        {
            var media = response["content"]?[contentType];
            if (media is null) problems.Add($"{exchange}: {contentType} is not documented for status {status}");
            else if (media["schema"] is { } responseSchema) problems.AddRange(Check(responseSchema, responseJson, $"{exchange}: response body"));
        }
        return problems;
    }

    /// <summary>
    /// Each example of a request or response body (a media type's <c>example</c>, and each value of its
    /// <c>examples</c>) with the schema it illustrates.
    /// </summary>
    public IEnumerable<(string Where, JsonNode Schema, JsonNode? Example)> Examples()
    {
        foreach (var (path, item) in Document["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
            {
                var bodies = (operation!["requestBody"]?["content"]?.AsObject() ?? [])
                    .Select(m => ($"{method.ToUpperInvariant()} {path} request {m.Key}", m.Value))
                    .Concat((operation["responses"]?.AsObject() ?? []).SelectMany(r => (r.Value!["content"]?.AsObject() ?? [])
                        .Select(m => ($"{method.ToUpperInvariant()} {path} {r.Key} {m.Key}", m.Value))));
                foreach (var (where, media) in bodies)
                {
                    if (media?["schema"] is not { } schema) continue;
                    if (media.AsObject().TryGetPropertyValue("example", out var example)) yield return (where, schema, example);
                    foreach (var (name, named) in media["examples"]?.AsObject() ?? [])
                        yield return ($"{where} example {name}", schema, named?["value"]);
                }
            }
    }

    /// <summary>What is wrong with the document's examples: each must be a value its schema accepts.</summary>
    public IReadOnlyList<string> ExampleViolations() =>
        [.. Examples().SelectMany(e => Check(e.Schema, e.Example?.ToJsonString() ?? "null", $"{e.Where}: example"))];

    private (string? Template, JsonNode? Operation) Operation(string method, string path)
    {
        var candidates = Document["paths"]!.AsObject()
            .Where(p => Matcher(p.Key).IsMatch(path))
            // /public/statistics/{version}.csv before /public/statistics/{version}: the more literal wins.
            .OrderByDescending(p => Regex.Replace(p.Key, @"\{[^}]*\}", "").Length)
            .ToList();
        foreach (var (template, item) in candidates)
            if (item?[method.ToLowerInvariant()] is { } operation) return (template, operation);
        return (null, null);
    }

    private static Regex Matcher(string template) =>
        new("^" + string.Concat(Regex.Split(template, @"(\{[^}]*\})").Select(part => part.StartsWith('{') ? "[^/]+" : Regex.Escape(part))) + "/?$");

    private IEnumerable<string> Check(JsonNode schemaNode, string json, string what)
    {
        var schema = _schemas.GetOrAdd(schemaNode.GetPath(), _ => SelfContained(schemaNode));
        EvaluationResults results;
        // One schema evaluated by one thread at a time: the tests that send many requests at once checked their answers
        // concurrently, and a shared schema then once reported two matching branches of a nullable oneOf.
        lock (schema) results = schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) yield break;
        foreach (var detail in results.Details.Where(d => d.Errors is { Count: > 0 }))
            foreach (var (keyword, message) in detail.Errors!)
                yield return $"{what}: {detail.InstanceLocation} {keyword}: {message} (at {detail.EvaluationPath})";
    }

    /// <summary>
    /// The schema with the document's component schemas beside it as <c>$defs</c>, its references
    /// (<c>#/components/schemas/X</c>) turned into <c>#/$defs/X</c>: one JSON Schema that needs nothing else.
    /// </summary>
    /// <summary>Each schema made once, by its place in the document: every test client checks every exchange.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonSchema> _schemas = new();

    private JsonSchema SelfContained(JsonNode schema)
    {
        var root = Rewritten(schema) is JsonObject o ? o : new JsonObject { ["allOf"] = new JsonArray(Rewritten(schema)) };
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = Rewritten(Document["components"]!["schemas"]!);
        return JsonSchema.FromText(root.ToJsonString());
    }

    private static JsonNode Rewritten(JsonNode node)
    {
        var copy = node.DeepClone();
        foreach (var reference in Descendants(copy).OfType<JsonObject>().Where(o => o["$ref"] is JsonValue).ToList())
            reference["$ref"] = reference["$ref"]!.GetValue<string>().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        return copy;
    }

    /// <summary>A node and every node below it, depth first.</summary>
    internal static IEnumerable<JsonNode> Descendants(JsonNode? node)
    {
        if (node is null) yield break;
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
            foreach (var descendant in Descendants(child)) yield return descendant;
    }

    private sealed class Checking(OpenApiConformance conformance, bool onlyDocumented) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (onlyDocumented && conformance.Operation(request.Method.Method, request.RequestUri!.AbsolutePath).Operation is null)
                return await base.SendAsync(request, cancellationToken);
            var requestJson = request.Content?.Headers.ContentType?.MediaType == "application/json"
                ? await request.Content.ReadAsStringAsync(cancellationToken)
                : null;
            var response = await base.SendAsync(request, cancellationToken);
            var contentType = response.Content.Headers.ContentType?.MediaType;
            var responseJson = contentType is "application/json" or "application/problem+json"
                ? await response.Content.ReadAsStringAsync(cancellationToken)
                : null;
            if (responseJson is "") responseJson = null;
            var violations = conformance.Violations(request.Method.Method, request.RequestUri!.AbsolutePath, requestJson,
                (int)response.StatusCode, contentType, responseJson);
            if (violations.Count > 0) throw new OpenApiViolationException(string.Join("\n", violations));
            return response;
        }
    }
}

public sealed class OpenApiViolationException(string message) : Exception(message);
