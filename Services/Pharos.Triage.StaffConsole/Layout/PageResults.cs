using Microsoft.AspNetCore.Http;

namespace Pharos.Triage.StaffConsole.Layout;

/// <summary>The answers a page gives besides itself.</summary>
public static class PageResults
{
    /// <summary>
    /// After a form did its work: 303 to the page that shows the result, so that reloading it reads again and never
    /// posts the form a second time.
    /// </summary>
    public static IResult SeeOther(string path) => new SeeOtherResult(path);

    private sealed class SeeOtherResult(string path) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = path;
            return Task.CompletedTask;
        }
    }
}
