using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Pharos.Triage.Infrastructure.Api.OpenApi;

/// <summary>What the document says of itself: its title, what each tag groups, servers as Redocly's lint wants them.</summary>
public sealed class DocumentInfo : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Reports"] = "Analysts file reports and follow them (role analyst).",
        ["Platform requests"] = "A platform's removal requests: list, acknowledge, record an outcome (role platform, its own only).",
        ["Platform webhook"] = "A platform's profile and its webhook notices: deliveries, redelivery, ping (role platform).",
        ["Admin"] = "Platforms, their contacts and webhooks, and API keys (role admin).",
        ["Statistics"] = "The ministry's preview of a period's figures and its publications (role ministry).",
        ["Public statistics"] = "What has been published, for anyone: JSON and CSV, byte-identical every time.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info ??= new OpenApiInfo();
        document.Info.Title = "Pharos.Triage";
        document.Info.Description = "Reports of illegal content online, the removal requests sent to platforms, their answers "
                                    + "and the published statistics. Errors are RFC 9457 problem details.";
        foreach (var server in document.Servers ?? [])
            if (server.Url is { Length: > 1 } url && url.EndsWith('/')) server.Url = url.TrimEnd('/');
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            if (tag.Name is { } name && Tags.TryGetValue(name, out var description)) tag.Description = description;
        return Task.CompletedTask;
    }
}
