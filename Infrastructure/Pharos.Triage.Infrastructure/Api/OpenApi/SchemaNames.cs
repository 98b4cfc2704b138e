using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;

namespace Pharos.Triage.Infrastructure.Api.OpenApi;

/// <summary>
/// The name of a type's schema in the document, for a type whose name another service's type has too: the document
/// names each schema by its type's name only, and two types of one name would be described by one schema.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SchemaNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

public static class SchemaNames
{
    /// <summary>The type's <see cref="SchemaNameAttribute"/>, else the generator's name (<c>PageOfX</c> for a page of X).</summary>
    public static string? Of(JsonTypeInfo info)
    {
        var type = info.Type;
        if (type.GetCustomAttribute<SchemaNameAttribute>() is { } named) return named.Name;
        if (type is { IsGenericType: true, IsGenericTypeDefinition: false } && type.GetGenericArguments() is [var item]
            && item.GetCustomAttribute<SchemaNameAttribute>() is { } itemName && OpenApiOptions.CreateDefaultSchemaReferenceId(info) is not null)
            return $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}Of{itemName.Name}";
        return OpenApiOptions.CreateDefaultSchemaReferenceId(info);
    }
}
