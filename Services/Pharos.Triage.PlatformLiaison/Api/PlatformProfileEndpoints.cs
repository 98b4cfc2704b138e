using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Api.OpenApi;
using Pharos.Triage.Infrastructure.Platforms;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.PlatformLiaison.Api;

/// <summary>A platform's webhook as its profile shows it: where notices go, never what signs them.</summary>
public sealed record WebhookProfile(string Url, string? EscalationUrl);

/// <summary>What the ministry has on record for the calling platform, so that its integrators can check it.</summary>
public sealed record PlatformProfile(
    string Id,
    string Name,
    IReadOnlyList<string> Domains,
    ContactPerson? Contact,
    ContactPerson? EscalationContact,
    IReadOnlyList<string> Languages,
    WebhookProfile? Webhook);

public static class PlatformProfileEndpoints
{
    public static void MapPlatformProfileEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/platform/profile", GetAsync).RequireAuthorization(Roles.Platform).WithTags("Platform webhook")
            .WithSummary("The calling platform's record: its name, domains, contact persons, languages and webhook URL.")
            .WithDescription("The record as Routing, which keeps it, last announced it; the webhook without its secrets. " +
                             "404 while this service has not yet heard of the platform.")
            .Produces<PlatformProfile>().ProducesProblem(StatusCodes.Status404NotFound).WithExamples(LiaisonExamples.Profile)
            .WithName("getPlatformProfile").WithSummary("The calling platform's profile");

    private static async Task<IResult> GetAsync(
        ClaimsPrincipal user, LiaisonDatabase database, PlatformWebhooks webhooks, TimeProvider clock, CancellationToken ct)
    {
        var platformId = user.PlatformId()!;
        KnownPlatform? known;
        await using (var connection = await database.OpenAsync(ct))
            known = await PlatformDirectory.FindAsync(database, connection, platformId);
        if (known is null) return Problems.NotFound("platform");
        var webhook = await webhooks.FindAsync(database, platformId, clock.Now(), ct);
        return Results.Ok(new PlatformProfile(known.Id, known.Name, known.Domains, known.Contact, known.EscalationContact, known.Languages,
            webhook is null ? null : new WebhookProfile(webhook.Url, webhook.EscalationUrl)));
    }
}
