using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Pharos.Triage.Infrastructure.Security;

/// <summary>One consultation or change: who, with which role, what, when, from where, and the answer.</summary>
public sealed record AccessEntry(
    DateTimeOffset At, string? Principal, string? Role, string Method, string Route, string Path, int Status, string? Remote);

/// <summary>Keeps the access log (the Access store does, in its own append-only table).</summary>
public interface IAccessRecorder
{
    ValueTask RecordAsync(AccessEntry entry, CancellationToken ct);
}

public static class AccessRecording
{
    /// <summary>Records every call to the API, answered or refused, once its answer is known.</summary>
    public static void UseAccessRecording(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var recorder = context.RequestServices.GetService<IAccessRecorder>();
            if (recorder is null || !context.Request.Path.StartsWithSegments("/api"))
            {
                await next(context);
                return;
            }
            var clock = context.RequestServices.GetRequiredService<TimeProvider>();
            var at = Hosting.Clock.Now(clock);
            var failed = false;
            try
            {
                await next(context);
            }
            catch
            {
                failed = true; // answered 500 by the exception handler further out
                throw;
            }
            finally
            {
                var user = context.User;
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                await recorder.RecordAsync(new AccessEntry(at,
                    user.Identity?.IsAuthenticated == true ? user.Identity.Name : null,
                    user.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value,
                    context.Request.Method, route, context.Request.Path.Value ?? "", failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode,
                    context.Connection.RemoteIpAddress?.ToString()), CancellationToken.None);
            }
        });
}
