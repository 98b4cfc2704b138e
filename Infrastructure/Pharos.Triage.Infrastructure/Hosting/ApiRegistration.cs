using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Api.OpenApi;

namespace Pharos.Triage.Infrastructure.Hosting;

/// <summary>How every HTTP API of the system reads and writes: API.md's JSON, problem details, the OpenAPI document.</summary>
public static class ApiRegistration
{
    public static void AddPharosApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            json.SerializerOptions.Converters.Add(new UtcTimestampConverter());
        });
        services.AddProblemDetails();
        // A value that cannot be bound throws, so that BadRequests answers it with an errors object
        // instead of a bare 400 (and the same in every environment).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequests>();
        services.AddOpenApi(openApi =>
        {
            // The document must say what the wire carries: platforms generate their clients from it.
            openApi.CreateSchemaReferenceId = SchemaNames.Of;
            openApi.AddSchemaTransformer<RequiredFields>();
            openApi.AddSchemaTransformer<ProblemExtensions>();
            openApi.AddSchemaTransformer<TimestampSchemas>();
            openApi.AddOperationTransformer<CommonAnswers>();
            openApi.AddOperationTransformer<Examples>();
            openApi.AddDocumentTransformer<CommonAnswers>();
            openApi.AddDocumentTransformer<DocumentInfo>();
        });

        // Field names in validation errors match the JSON the caller sent.
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
    }
}
