using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Pharos.Triage.StaffConsole.Api;
using Pharos.Triage.StaffConsole.Layout;

namespace Pharos.Triage.StaffConsole.Requests;

/// <summary>The notices sent to the platform's webhook, each with its attempts; sending one again, sending a test notice.</summary>
internal static class DeliveryPages
{
    private const string DeliveriesApi = "/api/platform/webhook/deliveries";

    public static void MapDeliveryPages(this IEndpointRouteBuilder console, string policy)
    {
        console.MapGet(ConsolePaths.Deliveries, ShowAsync).RequireAuthorization(policy);
        console.MapPost(ConsolePaths.Deliveries + "/{id}/redelivery", RedeliverAsync).RequireAuthorization(policy);
        console.MapPost(ConsolePaths.TestNotice, SendTestAsync).RequireAuthorization(policy);
    }

    private static async Task<IResult> ShowAsync(
        ConsoleApi api, [FromQuery] string? status, [FromQuery] string? cursor, [FromQuery] string? done, CancellationToken ct) =>
        await PageAsync(api, status, cursor, problem: null, Notices.For(done), ct);

    private static async Task<IResult> RedeliverAsync(ConsoleApi api, string id, CancellationToken ct)
    {
        var answer = await api.PostAsync<Delivery>($"{DeliveriesApi}/{Uri.EscapeDataString(id)}/redelivery", body: null, ct);
        if (answer.Succeeded) return PageResults.SeeOther(ConsolePaths.Deliveries + "?done=" + Notices.Redelivery);
        if (answer.NotFound) return new RazorComponentResult<DeliveryNotFoundPage> { StatusCode = StatusCodes.Status404NotFound };
        return await PageAsync(api, status: null, cursor: null, answer.Problem, notice: null, ct);
    }

    private static async Task<IResult> SendTestAsync(ConsoleApi api, CancellationToken ct)
    {
        var answer = await api.PostAsync<Delivery>("/api/platform/webhook/test", body: null, ct);
        if (answer.Succeeded) return PageResults.SeeOther(ConsolePaths.Deliveries + "?done=" + Notices.Test);
        return await PageAsync(api, status: null, cursor: null, answer.Problem, notice: null, ct);
    }

    /// <summary>
    /// The deliveries page, with what the last action's refusal said, if anything. The profile says whether the platform
    /// has a webhook at all (a platform the service has not heard of yet has none).
    /// </summary>
    private static async Task<IResult> PageAsync(
        ConsoleApi api, string? status, string? cursor, ApiProblem? problem, string? notice, CancellationToken ct)
    {
        var profile = await api.GetAsync<PlatformProfile>("/api/platform/profile", ct);
        var list = await api.GetAsync<DeliveryList>(DeliveriesApi + Query.Of(("status", status), ("cursor", cursor)), ct);
        return new RazorComponentResult<DeliveriesPage>(new Dictionary<string, object?>
        {
            [nameof(DeliveriesPage.List)] = list.Value,
            [nameof(DeliveriesPage.Webhook)] = profile.Value?.Webhook,
            [nameof(DeliveriesPage.Status)] = status,
            [nameof(DeliveriesPage.Cursor)] = cursor,
            [nameof(DeliveriesPage.Problem)] = problem ?? list.Problem,
            [nameof(DeliveriesPage.Notice)] = notice,
        });
    }
}
