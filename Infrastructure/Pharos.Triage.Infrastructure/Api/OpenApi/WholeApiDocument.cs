using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;

namespace Pharos.Triage.Infrastructure.Api.OpenApi;

/// <summary>
/// The document of the whole API, as the embedded default (all four services) generates it, checked in at
/// docs/openapi/v1.json and built into this assembly. A host running only some services maps only their endpoints, so
/// the document it would generate describes only those; behind the gateway, /openapi/v1.json and /docs (whichever
/// service answers them) must describe everything an integrator can call. A test keeps the file equal to what the
/// embedded default generates.
/// </summary>
public static class WholeApiDocument
{
    public const string Path = "/openapi/v1.json";

    private const string ResourceName = "openapi/v1.json";

    private static readonly Lazy<JsonObject> Document = new(() =>
    {
        using var stream = typeof(WholeApiDocument).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"The assembly holds no {ResourceName} (docs/openapi/v1.json).");
        return JsonNode.Parse(stream)!.AsObject();
    });

    /// <summary>The checked-in document, without servers: where it is served decides them.</summary>
    public static JsonObject Read() => Document.Value.DeepClone().AsObject();

    public static IEndpointConventionBuilder MapWholeApiDocument(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, (HttpRequest request) =>
            {
                var document = Read();
                // As the generator does: the server is where the document was asked for (behind the gateway, its host).
                var server = UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase);
                document["servers"] = new JsonArray(new JsonObject { ["url"] = server.Length > 1 && server.EndsWith('/') ? server.TrimEnd('/') : server });
                return Results.Text(document.ToJsonString(), "application/json; charset=utf-8");
            })
            .ExcludeFromDescription();
}
