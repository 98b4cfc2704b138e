using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.StaffConsole.Api;
using Pharos.Triage.StaffConsole.Layout;
using Pharos.Triage.StaffConsole.SignIn;

namespace Pharos.Triage.StaffConsole.Reports;

/// <summary>The analysts' pages: file a report, the list of reports, one report and its request, answering a platform's question.</summary>
public static class ReportPages
{
    /// <summary>Reports a page of the list shows.</summary>
    public const int PageSize = 25;

    public static void MapReportPages(this IEndpointRouteBuilder console)
    {
        var analyst = ConsoleAuthentication.Policy(Roles.Analyst);
        console.MapGet(ConsolePaths.Reports, ListAsync).RequireAuthorization(analyst);
        console.MapGet(ConsolePaths.NewReport, () => new RazorComponentResult<NewReportPage>(new { Form = ReportForm.Blank() }))
            .RequireAuthorization(analyst);
        console.MapPost(ConsolePaths.NewReport, FileAsync).RequireAuthorization(analyst).Accepts<IFormCollection>(FormTypes[0], FormTypes[1..]);
        console.MapGet(ConsolePaths.Reports + "/{id}", ShowAsync).RequireAuthorization(analyst);
        console.MapPost(ConsolePaths.Reports + "/{id}/clarification", AnswerAsync).RequireAuthorization(analyst).Accepts<IFormCollection>(FormTypes[0], FormTypes[1..]);
    }

    // The forms' bodies are read by hand (ReadFormAsync) rather than bound: every field goes to the API as typed, so a
    // wrong value gets the API's message beside its field, never a binding error of the page's own.
    private static readonly string[] FormTypes = ["application/x-www-form-urlencoded", "multipart/form-data"];

    private static async Task<IFormCollection> FormOf(HttpRequest request, CancellationToken ct) =>
        request.HasFormContentType ? await request.ReadFormAsync(ct) : FormCollection.Empty;

    /// <summary>What the last action did, said on the report's page it led to (post/redirect/get).</summary>
    public static string? NoticeFor(string? done) => done switch
    {
        Done.Filed => "Le signalement est enregistré.",
        Done.Answered => "Votre réponse est transmise à la plateforme ; le délai reprend.",
        _ => null,
    };

    private static class Done
    {
        public const string Filed = "filed";
        public const string Answered = "answered";
    }

    private static async Task<IResult> ListAsync(
        string? status, string? platform, string? category, string? sla, string? cursor, ConsoleApi api, CancellationToken ct)
    {
        var filters = new ReportFilters(status, platform, category, sla, cursor);
        var answer = await api.GetAsync<ReportList>(QueryHelpers.AddQueryString("/api/reports", filters.ForApi(PageSize)), ct);
        return new RazorComponentResult<ReportListPage>(new { Filters = filters, List = answer.Value, answer.Problem });
    }

    private static async Task<IResult> FileAsync(HttpRequest request, ConsoleApi api, CancellationToken ct)
    {
        var form = ReportForm.Read(await FormOf(request, ct));
        var answer = await api.PostAsync<ReportView>("/api/reports", form.ToApiBody(), ct, form.KeyToSend);
        if (answer.Succeeded) return PageResults.SeeOther(ConsolePaths.Report(answer.Value!.Id) + "?done=" + Done.Filed);
        // 422: this key already filed another report (the form was changed after it was sent): a new key files this one.
        if (answer.Status == StatusCodes.Status422UnprocessableEntity) form = form with { IdempotencyKey = ReportForm.NewKey() };
        return new RazorComponentResult<NewReportPage>(new { Form = form, answer.Problem });
    }

    private static async Task<IResult> ShowAsync(string id, string? done, ConsoleApi api, CancellationToken ct)
    {
        var answer = await api.GetAsync<ReportView>(ApiPath(id), ct);
        if (!answer.Succeeded) return Unavailable(answer.Problem!);
        return new RazorComponentResult<ReportPage>(new { Report = answer.Value, Notice = NoticeFor(done) });
    }

    private static async Task<IResult> AnswerAsync(string id, HttpRequest request, ConsoleApi api, CancellationToken ct)
    {
        var typed = (await FormOf(request, ct))["answer"].ToString();
        var answer = await api.PostAsync<ReportView>(ApiPath(id) + "/clarification", new { answer = string.IsNullOrWhiteSpace(typed) ? null : typed }, ct);
        if (answer.Succeeded) return PageResults.SeeOther(ConsolePaths.Report(id) + "?done=" + Done.Answered);
        if (answer.NotFound) return Unavailable(answer.Problem!);

        // Refused (400: the answer; 409: no question is open any more): the page again, as it is now, with why.
        var report = await api.GetAsync<ReportView>(ApiPath(id), ct);
        if (!report.Succeeded) return Unavailable(report.Problem!);
        return new RazorComponentResult<ReportPage>(new { Report = report.Value, answer.Problem, Answer = typed });
    }

    private static string ApiPath(string id) => $"/api/reports/{Uri.EscapeDataString(id)}";

    /// <summary>The API's 404 as a page that says so; anything else it refused, with its status.</summary>
    private static RazorComponentResult<ReportMissingPage> Unavailable(ApiProblem problem) =>
        new RazorComponentResult<ReportMissingPage>(new { Problem = problem })
        {
            StatusCode = problem.Status == StatusCodes.Status404NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status502BadGateway,
        };
}

/// <summary>The list's filters, as the filter form sends them (empty: not filtered) and as the next page's link carries them.</summary>
public sealed record ReportFilters(string? Status, string? Platform, string? Category, string? Sla, string? Cursor)
{
    /// <summary>The query of <c>GET /api/reports</c>: only the filters set.</summary>
    public Dictionary<string, string?> ForApi(int limit)
    {
        var query = Set();
        query["limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!string.IsNullOrWhiteSpace(Cursor)) query["cursor"] = Cursor;
        return query;
    }

    public bool Any => Set().Count > 0;

    /// <summary>The console's address of another page of the same list.</summary>
    public string PageAt(string? cursor)
    {
        var query = Set();
        if (cursor is not null) query["cursor"] = cursor;
        return QueryHelpers.AddQueryString(ConsolePaths.Reports, query);
    }

    private Dictionary<string, string?> Set()
    {
        var query = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(Status)) query["status"] = Status;
        if (!string.IsNullOrWhiteSpace(Platform)) query["platform"] = Platform.Trim();
        if (!string.IsNullOrWhiteSpace(Category)) query["category"] = Category;
        if (!string.IsNullOrWhiteSpace(Sla)) query["sla"] = Sla;
        return query;
    }
}
