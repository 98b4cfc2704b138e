using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FluentValidation;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Pharos.Triage.Infrastructure.Api.OpenApi;

/// <summary>
/// Which fields the document declares required, from what the wire really carries. The generator takes every
/// constructor parameter of a record for required; but a request body is all nullable and its validator says what
/// must be sent (a field is required when the validator refuses a body without it), and a response field
/// written only when it has a value (<c>JsonIgnore(WhenWritingNull)</c>, a report's timeline left out of lists) is
/// not always there.
/// </summary>
public sealed class RequiredFields : IOpenApiSchemaTransformer
{
    private HashSet<Type>? _requestTypes;

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo;
        if (type.Kind != JsonTypeInfoKind.Object || schema.Properties is not { Count: > 0 }) return Task.CompletedTask;

        _requestTypes ??= RequestTypes(context.ApplicationServices);
        if (_requestTypes.Contains(type.Type))
        {
            var required = RequiredByValidator(type, context.ApplicationServices);
            schema.Required = required.Count == 0 ? null : required;
        }
        else if (schema.Required is not null)
        {
            foreach (var property in type.Properties.Where(p => !AlwaysWritten(p))) schema.Required.Remove(property.Name);
            if (schema.Required.Count == 0) schema.Required = null;
        }
        return Task.CompletedTask;
    }

    /// <summary>The bodies the endpoints accept, and every type nested in them.</summary>
    private static HashSet<Type> RequestTypes(IServiceProvider services)
    {
        var types = new HashSet<Type>();
        var endpoints = services.GetService<EndpointDataSource>()?.Endpoints ?? [];
        foreach (var accepts in endpoints.SelectMany(e => e.Metadata.OfType<IAcceptsMetadata>()))
            if (accepts.RequestType is { } body) AddWithNested(body, types);
        return types;
    }

    private static void AddWithNested(Type type, HashSet<Type> types)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments()) AddWithNested(argument, types);
            return;
        }
        if (type.IsArray)
        {
            AddWithNested(type.GetElementType()!, types);
            return;
        }
        if (type.IsPrimitive || type.IsEnum || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true) return;
        if (!types.Add(type)) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)) AddWithNested(property.PropertyType, types);
    }

    /// <summary>
    /// The fields a body sent empty (<c>{}</c>) is refused for, by the validator as the endpoint runs it. So a rule whose
    /// condition is on the request rather than the body counts as it applies to this schema's body: a platform's id and
    /// contact are required on POST (PlatformBody), and not checked again on PATCH, whose body (PlatformPatch) has a
    /// schema of its own. A rule conditional on another field (an outcome's reason, with a refusal only) does not fire
    /// on an empty body, and the field stays optional.
    /// </summary>
    private static HashSet<string> RequiredByValidator(JsonTypeInfo type, IServiceProvider services)
    {
        if (services.GetService(typeof(IValidator<>).MakeGenericType(type.Type)) is not IValidator validator) return [];
        var empty = JsonSerializer.Deserialize("{}", type.Type, type.Options);
        if (empty is null) return [];
        var names = type.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return validator.Validate(new ValidationContext<object>(empty)).Errors
            .Select(e => e.PropertyName).Where(names.Contains).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Written even when null (the API's default), unless an attribute or a predicate leaves it out.</summary>
    private static bool AlwaysWritten(JsonPropertyInfo property) =>
        property.ShouldSerialize is null
        && property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
            .OfType<JsonIgnoreAttribute>().All(a => a.Condition == JsonIgnoreCondition.Never) != false;
}
