using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Pharos.Triage.Intake.Api;

/// <summary>
/// The 201 of a filed report, serialized once: with an Idempotency-Key the same text is stored, so a
/// replay answers byte for byte what the first request got.
/// </summary>
public sealed class ReportCreated(string reportId, string json) : IResult
{
    public string ReportId => reportId;

    public string Json => json;

    public static ReportCreated Of(ReportView view, JsonSerializerOptions options) =>
        new(view.Id, JsonSerializer.Serialize(view, options));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = $"/api/reports/{reportId}";
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }
}
