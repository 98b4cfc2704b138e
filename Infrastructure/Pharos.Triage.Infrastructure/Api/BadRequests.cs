using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Pharos.Triage.Infrastructure.Api;

/// <summary>
/// What the server itself finds wrong with a request, answered as API.md says, in one place for every
/// endpoint: a body past the size limit is a 413 however it arrives, and a query or route value that
/// cannot be bound to its parameter (<c>from=garbage</c>, <c>limit=abc</c>) is a 400 whose <c>errors</c>
/// names the parameter. Minimal APIs throw these as <see cref="BadHttpRequestException"/> when
/// <c>RouteHandlerOptions.ThrowOnBadRequest</c> is set, which the platform does.
/// </summary>
public sealed partial class BadRequests : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        await ProblemFor(bad).ExecuteAsync(httpContext);
        return true;
    }

    private static IResult ProblemFor(BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => Problems.BodyTooLarge(bad.Message),
        StatusCodes.Status400BadRequest => Invalid(bad.Message),
        _ => Results.Problem(statusCode: bad.StatusCode, title: "Bad request", detail: bad.Message),
    };

    /// <summary>The 400 of a parameter that could not be bound, named from the framework's message.</summary>
    public static IResult Invalid(string message)
    {
        var match = Parameter().Match(message);
        if (!match.Success) return Problems.Invalid("request", "The request could not be read.");
        var name = match.Groups["name"].Value;
        var type = match.Groups["type"].Value;
        if (message.StartsWith("Required parameter", StringComparison.Ordinal)) return Problems.Invalid(name, $"{name} is required.");
        if (message.Contains("request body", StringComparison.Ordinal)) return Problems.Invalid("body", "Malformed JSON.");
        return Problems.Invalid(name, $"{name} must be {Expected(type)}.");
    }

    private static string Expected(string type) => TypeName(type) switch
    {
        "DateTimeOffset" or "DateTime" => "an ISO-8601 UTC timestamp such as 2026-11-22T10:00:00Z",
        "int" or "Int32" or "long" or "Int64" or "short" or "Int16" => "a whole number",
        "bool" or "Boolean" => "true or false",
        "Guid" => "a UUID",
        _ => "a valid value",
    };

    /// <summary><c>int?</c>, <c>Nullable&lt;Int32&gt;</c>, <c>System.Int32</c>: the type's short name (<c>int</c>, <c>Int32</c>).</summary>
    private static string TypeName(string type)
    {
        var name = type.Trim().TrimEnd('?');
        if (name.StartsWith("Nullable<", StringComparison.Ordinal) && name.EndsWith('>')) name = name["Nullable<".Length..^1];
        return name[(name.LastIndexOf('.') + 1)..];
    }

    // RequestDelegateFactory's messages: Failed to bind parameter "int? limit" from "abc". /
    // Required parameter "int version" was not provided from route.
    [GeneratedRegex("""parameter "(?:(?<type>[^"]*)\s)?(?<name>[^"\s]+)"(?: from| was)""")]
    private static partial Regex Parameter();
}
