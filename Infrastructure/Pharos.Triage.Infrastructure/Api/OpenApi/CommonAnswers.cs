using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Pharos.Triage.Infrastructure.Api.OpenApi;

/// <summary>
/// The answers the platform gives on any endpoint, documented from what the endpoint requires rather than repeated on
/// each: the bearer scheme and 401/403 where a role is required, 400/413/415 where a JSON body is read, 400 where a
/// query is bound, 429 everywhere (the rate limiter is global), 503 everywhere (the access log, the gateway).
/// </summary>
public sealed class CommonAnswers : IOpenApiOperationTransformer, IOpenApiDocumentTransformer
{
    public const string Scheme = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Scheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key issued by an operator (shown once), or in production a JWT from the organisation's "
                          + "OpenID Connect provider. The embedded default accepts demo-analyst, demo-ministry, demo-admin "
                          + "and demo-platform-<platformId>.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document;
        operation.Responses ??= new OpenApiResponses();

        var authenticated = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        if (authenticated)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Scheme, document)] = [] }];
            Add(operation, document, "401", "No or bad credentials.");
            Add(operation, document, "403", "Authenticated, but the role may not call this.");
        }
        else operation.Security = [];

        var readsBody = metadata.OfType<IAcceptsMetadata>().Any(a => a.RequestType is not null);
        if (readsBody)
        {
            Add(operation, document, "400", "Invalid input: errors names each field (unknown fields, malformed JSON).", validation: true);
            Add(operation, document, "413", "The body is too large.");
            Add(operation, document, "415", "The body is not JSON (Content-Type: application/json).");
        }
        if (operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true)
            Add(operation, document, "400", "Invalid query: errors names each parameter.", validation: true);

        AddRetryLater(operation, document, "429", "Rate limited: wait as Retry-After says.");
        // The API refuses a call its access log cannot record (AccessRecording); behind the gateway, a service that is
        // down is answered the same way.
        AddRetryLater(operation, document, "503", "Unavailable, nothing was done: the access log cannot record the call, or "
                                                  + "(behind the gateway) the service is down. Try again as Retry-After says.");
        return Task.CompletedTask;
    }

    private static void AddRetryLater(OpenApiOperation operation, OpenApiDocument? document, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status)) return;
        var answer = Problem(document, description, validation: false);
        answer.Headers = new Dictionary<string, IOpenApiHeader>
        {
            ["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before calling again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0" },
            },
        };
        operation.Responses[status] = answer;
    }

    private static void Add(OpenApiOperation operation, OpenApiDocument? document, string status, string description, bool validation = false)
    {
        if (operation.Responses!.TryGetValue(status, out var existing))
        {
            // Declared by the endpoint (ProducesProblem), which gives no description: keep its content, say what it means.
            if (existing is OpenApiResponse response && string.IsNullOrEmpty(response.Description)) response.Description = description;
            return;
        }
        operation.Responses[status] = Problem(document, description, validation);
    }

    private static OpenApiResponse Problem(OpenApiDocument? document, string description, bool validation) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new()
            {
                Schema = new OpenApiSchemaReference(validation ? "HttpValidationProblemDetails" : "ProblemDetails", document),
            },
        },
    };
}
