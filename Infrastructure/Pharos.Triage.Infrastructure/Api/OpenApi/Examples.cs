using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Pharos.Triage.Infrastructure.Api.OpenApi;

/// <summary>An example value of its type, attached to endpoints (a group's, or one's) with <see cref="ExampleConventions.WithExamples{TBuilder}"/>.</summary>
public sealed record OpenApiExample(object Value);

/// <summary>
/// Examples in the document, by type: each request body and 2xx JSON response of an endpoint shows the example of its
/// type attached to the endpoint, and a page of a type with no example of its own shows one item, the type's example.
/// The examples are typed values written with the API's own JSON options, so they are what the wire carries; a test
/// checks each against the schema it illustrates.
/// </summary>
public sealed class Examples : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        // The endpoint's own come after its group's, and win.
        var byType = new Dictionary<Type, object>();
        foreach (var example in metadata.OfType<OpenApiExample>()) byType[example.Value.GetType()] = example.Value;
        if (byType.Count == 0) return Task.CompletedTask;
        var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        foreach (var body in metadata.OfType<IAcceptsMetadata>().Select(a => a.RequestType).OfType<Type>())
            if (Of(body, byType) is { } value && operation.RequestBody?.Content is { } content)
                foreach (var media in content.Where(c => c.Key.Contains("json", StringComparison.Ordinal)))
                    media.Value.Example = JsonSerializer.SerializeToNode(value, body, json);

        foreach (var produced in metadata.OfType<IProducesResponseTypeMetadata>().Where(p => p.StatusCode is >= 200 and < 300 && p.Type is not null))
        {
            var status = produced.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (Of(produced.Type!, byType) is not { } value || operation.Responses?.GetValueOrDefault(status)?.Content is not { } content) continue;
            foreach (var media in content.Where(c => c.Key.Contains("json", StringComparison.Ordinal)))
                media.Value.Example = JsonSerializer.SerializeToNode(value, produced.Type!, json);
        }
        return Task.CompletedTask;
    }

    /// <summary>The example of <paramref name="type"/>; for a page, one of its own or a page of the item's example.</summary>
    private static object? Of(Type type, Dictionary<Type, object> byType)
    {
        if (byType.TryGetValue(type, out var value)) return value;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(Page<>)) return null;
        var itemType = type.GetGenericArguments()[0];
        if (!byType.TryGetValue(itemType, out var item)) return null;
        var items = Array.CreateInstance(itemType, 1);
        items.SetValue(item, 0);
        return Activator.CreateInstance(type, items, null);
    }
}

public static class ExampleConventions
{
    /// <summary>Shows these values as the examples of their types on the endpoint(s): <c>group.WithExamples(ReportExamples.All)</c>.</summary>
    public static TBuilder WithExamples<TBuilder>(this TBuilder builder, params object[] values) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata([.. values.Select(v => new OpenApiExample(v))]);
}
