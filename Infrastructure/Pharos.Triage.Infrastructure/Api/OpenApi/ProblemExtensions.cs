using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Pharos.Triage.Infrastructure.Api.OpenApi;

/// <summary>
/// Problem details as they are sent: the host adds a <c>traceId</c> to each (to find the request in the logs), and
/// RFC 9457 lets a problem carry extension members, so the schema may not forbid them.
/// </summary>
public sealed class ProblemExtensions : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not null || !typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type)) return Task.CompletedTask;
        schema.AdditionalPropertiesAllowed = true;
        schema.AdditionalProperties = null;
        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["traceId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The W3C trace id of the request, to find it in the logs.",
        };
        return Task.CompletedTask;
    }
}
