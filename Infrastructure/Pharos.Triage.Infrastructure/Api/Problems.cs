using Microsoft.AspNetCore.Http;

namespace Pharos.Triage.Infrastructure.Api;

/// <summary>RFC 9457 problem details for the answers API.md names.</summary>
public static class Problems
{
    public static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No {what} with this id.");

    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Transition not allowed", detail: detail);

    /// <summary>An Idempotency-Key sent again with another body: the first request's answer no longer applies.</summary>
    public static IResult IdempotencyKeyReused() =>
        Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused",
            detail: "Idempotency-Key reused with a different body.");

    public static IResult BodyTooLarge(long maxBodyBytes) => BodyTooLarge($"The body must be at most {maxBodyBytes} bytes.");

    public static IResult BodyTooLarge(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: detail);

    public static IResult UnsupportedMediaType() =>
        Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
            detail: "The body must be JSON (Content-Type: application/json).");
}
