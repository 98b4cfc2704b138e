using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Api.OpenApi;
using Pharos.Triage.Infrastructure.Platforms;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.PlatformLiaison.Contacts;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.PlatformLiaison.Api;

/// <summary>The body of <c>PUT /api/admin/platforms/{id}/webhook</c>.</summary>
public sealed record SetWebhook(string? Url);

public sealed class SetWebhookValidator : AbstractValidator<SetWebhook>
{
    public SetWebhookValidator()
    {
        RuleFor(w => w.Url).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("url is required: where the platform's notices go.")
            .MaximumLength(2048).WithMessage("url must be at most 2048 characters.")
            .Must(url => ReceiverAddress.Problem(url!) is null).WithMessage(w => $"url {ReceiverAddress.Problem(w.Url!)}");
    }
}

/// <summary>A change of a platform's webhook, as the audit lists it: who, when, what, the URL before and after; never a secret.</summary>
public sealed record WebhookChangeView(long Id, DateTimeOffset At, string Actor, string Change, string? UrlBefore, string? UrlAfter);

/// <summary>
/// Admins point a platform's notices at its webhook and manage the secret that signs them. A secret is shown once, in the
/// answer that issues it; it is never logged, recorded in the audit or shown again.
/// </summary>
public static partial class WebhookAdminEndpoints
{
    public static void MapWebhookAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var webhook = app.MapGroup("/api/admin/platforms/{id}/webhook").RequireAuthorization(Roles.Admin).WithTags("Admin")
            .WithExamples(LiaisonExamples.Webhook, LiaisonExamples.Secret, LiaisonExamples.WebhookSet);
        webhook.MapPut("/", SetAsync).Accepts<SetWebhook>("application/json")
            .Produces<IssuedWebhookSecret>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("setPlatformWebhook").WithSummary("Set a platform's webhook");
        webhook.MapPost("/secret-rotation", RotateAsync)
            .Produces<IssuedWebhookSecret>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("rotateWebhookSecret").WithSummary("Rotate a platform's webhook secret");
        webhook.MapDelete("/", RemoveAsync)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("removePlatformWebhook").WithSummary("Remove a platform's webhook");
        webhook.MapGet("/changes", ChangesAsync).WithName("listPlatformWebhookChanges")
            .WithSummary("List a platform's webhook changes")
            .WithDescription("Newest first: who set, rotated or removed it, when, and the URL before and after; never a secret.")
            .Produces<Page<WebhookChangeView>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ChangesAsync(string id, LiaisonDatabase database, int? limit, string? cursor, CancellationToken ct)
    {
        if (Cursor.TryReadPaging(limit, cursor, out var pageSize, out var before) is { } pagingProblem) return pagingProblem;
        await using var connection = await database.OpenAsync(ct);
        if (await PlatformDirectory.FindAsync(database, connection, id) is null) return Problems.NotFound("platform");
        var rows = (await Dapper.SqlMapper.QueryAsync<WebhookChangeView>(connection, database.Sql.ListWebhookChanges,
            new { PlatformId = id, Before = before?.Key, Limit = pageSize + 1 })).ToList();
        var items = rows.Take(pageSize).ToList();
        var next = rows.Count > pageSize ? new Cursor(items[^1].Id, id).Encode() : null;
        return Results.Ok(new Page<WebhookChangeView>(items, next));
    }

    private static async Task<IResult> SetAsync(
        string id, HttpRequest http, ClaimsPrincipal user, WebhookStore store, PlatformWebhooks webhooks, LiaisonDatabase database,
        ILogger<WebhookStore> logger, CancellationToken ct)
    {
        // Read whole first, so that a body past the limit is a 413 whatever the platform; judged after the platform is.
        var raw = await http.ReadJsonBytesAsync(ct);
        if (raw.Problem is not null) return raw.Problem;
        if (await Refusal(id, webhooks, database, ct) is { } refused) return refused;
        var read = await http.ReadValidAsync<SetWebhook>(raw.Bytes!, ct);
        if (read.Problem is not null) return read.Problem;
        var issued = await store.SetAsync(id, read.Value!.Url!, user.Actor(), ct);
        Changed(logger, id, "set", user.Actor());
        return Results.Ok(issued);
    }

    private static async Task<IResult> RotateAsync(
        string id, ClaimsPrincipal user, WebhookStore store, PlatformWebhooks webhooks, LiaisonDatabase database, ILogger<WebhookStore> logger, CancellationToken ct)
    {
        if (await Refusal(id, webhooks, database, ct) is { } refused) return refused;
        if (await store.RotateAsync(id, user.Actor(), ct) is not { } issued) return NoWebhook(id);
        Changed(logger, id, "rotated", user.Actor());
        return Results.Ok(issued);
    }

    private static async Task<IResult> RemoveAsync(
        string id, ClaimsPrincipal user, WebhookStore store, PlatformWebhooks webhooks, LiaisonDatabase database, ILogger<WebhookStore> logger, CancellationToken ct)
    {
        if (await Refusal(id, webhooks, database, ct) is { } refused) return refused;
        if (!await store.RemoveAsync(id, user.Actor(), ct)) return NoWebhook(id);
        Changed(logger, id, "removed", user.Actor());
        return Results.NoContent();
    }

    /// <summary>404 for a platform Liaison does not know; 409 for one whose webhook configuration holds (one source of truth per platform).</summary>
    private static async Task<IResult?> Refusal(string id, PlatformWebhooks webhooks, LiaisonDatabase database, CancellationToken ct)
    {
        await using (var connection = await database.OpenAsync(ct))
        {
            // The platforms Routing announced (the platform directory): Routing owns the records, Liaison their webhooks.
            if (await PlatformDirectory.FindAsync(database, connection, id) is null) return Problems.NotFound("platform");
        }
        if (webhooks.ConfiguredAt(id) is { } key)
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Webhook set in configuration",
                detail: $"The webhook of platform {id} is set in configuration ({key}); change it there, or remove it there to manage it here.");
        return null;
    }

    private static IResult NoWebhook(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"Platform {id} has no webhook.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook of platform {PlatformId} {Change} by {Actor}")]
    private static partial void Changed(ILogger logger, string platformId, string change, string actor);
}
