using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Pharos.Triage.Infrastructure.Api.OpenApi;

/// <summary>
/// Which fields the document declares required, from what the wire really carries. The generator takes every
/// constructor parameter of a record for required; but a request body is all nullable and its validator says what
/// must be sent (a field is required only when a rule without condition refuses it missing), and a response field
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

    private static HashSet<string> RequiredByValidator(JsonTypeInfo type, IServiceProvider services)
    {
        var required = new HashSet<string>();
        if (services.GetService(typeof(IValidator<>).MakeGenericType(type.Type)) is not IValidator validator) return required;
        var rules = validator.CreateDescriptor().Rules.Where(r => !r.HasCondition && !r.HasAsyncCondition).ToList();
        foreach (var property in type.Properties)
        {
            var member = (property.AttributeProvider as MemberInfo)?.Name ?? property.Name;
            var refusedMissing = rules
                .Where(r => string.Equals(r.PropertyName, member, StringComparison.OrdinalIgnoreCase)
                            || string.Equals(r.PropertyName, property.Name, StringComparison.OrdinalIgnoreCase))
                .SelectMany(r => r.Components)
                .Any(c => !c.HasCondition && !c.HasAsyncCondition && c.Validator is INotNullValidator or INotEmptyValidator);
            if (refusedMissing) required.Add(property.Name);
        }
        return required;
    }

    /// <summary>Written even when null (the API's default), unless an attribute or a predicate leaves it out.</summary>
    private static bool AlwaysWritten(JsonPropertyInfo property) =>
        property.ShouldSerialize is null
        && property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
            .OfType<JsonIgnoreAttribute>().All(a => a.Condition == JsonIgnoreCondition.Never) != false;
}
