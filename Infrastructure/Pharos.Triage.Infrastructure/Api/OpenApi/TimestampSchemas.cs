using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Pharos.Triage.Infrastructure.Api.OpenApi;

/// <summary>
/// Timestamps are written by the project's own converter (<see cref="UtcTimestampConverter"/>), so the generator
/// knows their format but not their type: say they are strings (ISO-8601 UTC), null where the value may be.
/// </summary>
public sealed class TimestampSchemas : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (schema.Type is not null || (underlying != typeof(DateTimeOffset) && underlying != typeof(DateTime))) return Task.CompletedTask;
        schema.Type = underlying == type ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
        schema.Format ??= "date-time";
        return Task.CompletedTask;
    }
}
