using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.StaffConsole.Api;
using Pharos.Triage.StaffConsole.Layout;
using Pharos.Triage.StaffConsole.SignIn;

namespace Pharos.Triage.StaffConsole.Requests;

/// <summary>
/// A platform contact person's pages: the queue, a request (acknowledge, record the outcome) and the platform's webhook
/// deliveries. Each reads and changes through the platform's API, so "not yours" is the API's 404.
/// </summary>
public static class RequestPages
{
    private const string RequestsApi = "/api/platform/requests";
    private const string RequestRoute = ConsolePaths.Requests + "/{id}";

    public static void MapRequestPages(this IEndpointRouteBuilder console)
    {
        var platform = ConsoleAuthentication.Policy(Roles.Platform);
        console.MapGet(ConsolePaths.Requests, ShowQueueAsync).RequireAuthorization(platform);
        console.MapGet(RequestRoute, ShowRequestAsync).RequireAuthorization(platform);
        console.MapPost(RequestRoute + "/acknowledgement", AcknowledgeAsync).RequireAuthorization(platform);
        console.MapPost(RequestRoute + "/outcome", RecordOutcomeAsync).RequireAuthorization(platform);
        console.MapDeliveryPages(platform);
    }

    private static async Task<IResult> ShowQueueAsync(
        ConsoleApi api, [FromQuery] string? status, [FromQuery] string? cursor, CancellationToken ct)
    {
        var answer = await api.GetAsync<RequestList>(RequestsApi + Query.Of(("status", status), ("cursor", cursor)), ct);
        return new RazorComponentResult<QueuePage>(new Dictionary<string, object?>
        {
            [nameof(QueuePage.List)] = answer.Value,
            [nameof(QueuePage.Status)] = status,
            [nameof(QueuePage.Cursor)] = cursor,
            [nameof(QueuePage.Problem)] = answer.Problem,
        });
    }

    private static async Task<IResult> ShowRequestAsync(ConsoleApi api, string id, [FromQuery] string? done, CancellationToken ct)
    {
        var answer = await api.GetAsync<PlatformRequest>($"{RequestsApi}/{Uri.EscapeDataString(id)}", ct);
        return RequestOrProblem(answer, OutcomeForm.Empty, problem: null, Notices.For(done));
    }

    private static async Task<IResult> AcknowledgeAsync(ConsoleApi api, string id, CancellationToken ct)
    {
        var answer = await api.PostAsync<PlatformRequest>($"{RequestsApi}/{Uri.EscapeDataString(id)}/acknowledgement", body: null, ct);
        if (answer.Succeeded) return PageResults.SeeOther(ConsolePaths.Request(id) + "?done=" + Notices.Acknowledged);
        return await RefusedAsync(api, id, answer.Problem!, OutcomeForm.Empty, ct);
    }

    private static async Task<IResult> RecordOutcomeAsync(
        ConsoleApi api, string id, [FromForm] string? outcome, [FromForm] string? reason, [FromForm] string? refusalGround,
        [FromForm] string? platformTicket, [FromForm] string? actedAt, CancellationToken ct)
    {
        var form = new OutcomeForm(outcome, reason, refusalGround, platformTicket, actedAt);
        var answer = await api.PostAsync<PlatformRequest>($"{RequestsApi}/{Uri.EscapeDataString(id)}/outcome", form.ToBody(), ct);
        if (answer.Succeeded) return PageResults.SeeOther(ConsolePaths.Request(id) + "?done=" + Notices.OutcomeRecorded);
        return await RefusedAsync(api, id, answer.Problem!, form, ct);
    }

    /// <summary>
    /// The request's page again, as it is now, with what the API refused and what the person typed, at 200; the 404
    /// page when the request is not the platform's (or not there).
    /// </summary>
    private static async Task<IResult> RefusedAsync(ConsoleApi api, string id, ApiProblem problem, OutcomeForm form, CancellationToken ct)
    {
        if (problem.Status == StatusCodes.Status404NotFound) return NotFound();
        var request = await api.GetAsync<PlatformRequest>($"{RequestsApi}/{Uri.EscapeDataString(id)}", ct);
        return RequestOrProblem(request, form, problem, notice: null);
    }

    private static IResult RequestOrProblem(ApiAnswer<PlatformRequest> answer, OutcomeForm form, ApiProblem? problem, string? notice)
    {
        if (answer.NotFound) return NotFound();
        if (answer.Value is null) return new RazorComponentResult<ApiFailurePage>(new { Problem = answer.Problem }) { StatusCode = answer.Status };
        return new RazorComponentResult<RequestPage>(new Dictionary<string, object?>
        {
            [nameof(RequestPage.Request)] = answer.Value,
            [nameof(RequestPage.Form)] = form,
            [nameof(RequestPage.Problem)] = problem,
            [nameof(RequestPage.Notice)] = notice,
        });
    }

    private static RazorComponentResult<RequestNotFoundPage> NotFound() => new() { StatusCode = StatusCodes.Status404NotFound };
}

/// <summary>What an action did, said on the page the person is sent back to; a fixed word in the address, never free text.</summary>
internal static class Notices
{
    public const string Acknowledged = "acknowledged";
    public const string OutcomeRecorded = "outcome";
    public const string Redelivery = "redelivery";
    public const string Test = "test";

    public static string? For(string? done) => done switch
    {
        Acknowledged => "Réception de la demande accusée.",
        OutcomeRecorded => "Issue enregistrée.",
        Redelivery => "La notification sera envoyée à nouveau dans quelques instants.",
        Test => "Une notification de test (ping) part vers votre webhook.",
        _ => null,
    };
}

/// <summary>A query string of the parameters that have a value.</summary>
internal static class Query
{
    public static string Of(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join("&", present);
    }
}
