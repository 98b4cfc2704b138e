using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Infrastructure.Runtime;

namespace Pharos.Triage.Infrastructure.Security;

/// <summary>One consultation or change: who, with which role, what, when, from where, and the answer.</summary>
public sealed record AccessEntry(
    DateTimeOffset At, string? Principal, string? Role, string Method, string Route, string Path, int Status, string? Remote);

/// <summary>Keeps the access log (the Access store does, in its own append-only table).</summary>
public interface IAccessRecorder
{
    /// <summary>
    /// Holds room for one entry, before the call is served. False when the log already holds as many
    /// unwritten entries as it may: the call is then refused, never served unlogged.
    /// </summary>
    bool TryReserve();

    /// <summary>Records an entry in the room <see cref="TryReserve"/> held for it.</summary>
    void Record(AccessEntry entry);
}

public static class AccessRecording
{
    /// <summary>
    /// Records every call to the API and every page of the staff console (their own stylesheet and script aside),
    /// answered or refused, once its answer is known. When the log cannot
    /// take another entry (its database has refused writes for long enough to fill the buffer), the call
    /// is refused with 503 before anything is read or changed: an unlogged consultation is what the log
    /// exists to prevent.
    /// </summary>
    public static void UseAccessRecording(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var recorder = context.RequestServices.GetService<IAccessRecorder>();
            if (recorder is null || !Recorded(context.Request.Path))
            {
                await next(context);
                return;
            }
            if (!recorder.TryReserve())
            {
                context.Response.Headers.RetryAfter = "5";
                await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Access log unavailable",
                    detail: "The access log cannot be written at the moment, so nothing was done. Try again shortly.").ExecuteAsync(context);
                return;
            }
            var clock = context.RequestServices.GetRequiredService<TimeProvider>();
            var at = clock.Now();
            var failed = false;
            try
            {
                await next(context);
            }
            catch
            {
                failed = true; // not answered by the exception handler further in: the server answers 500
                throw;
            }
            finally
            {
                var user = context.User;
                // The exception handler clears the endpoint before it answers; its feature keeps it.
                var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
                var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                recorder.Record(new AccessEntry(at,
                    user.Identity?.IsAuthenticated == true ? user.Identity.Name : null,
                    user.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value,
                    context.Request.Method, route, context.Request.Path.Value ?? "", failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode,
                    context.Connection.RemoteIpAddress?.ToString()));
            }
        });

    /// <summary>The API and the console's pages: what a person reads or changes.</summary>
    private static bool Recorded(PathString path) =>
        path.StartsWithSegments("/api")
        || (path.StartsWithSegments("/console") && !path.StartsWithSegments("/console/assets"));
}
