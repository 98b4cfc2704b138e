using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pharos.Triage.Infrastructure.Api;

/// <summary>
/// Reads and validates a JSON body, turning every kind of bad input into a problem (415, 400 with an
/// <c>errors</c> object) before anything is stored.
/// </summary>
public static class RequestJson
{
    public sealed record Read<T>(T? Value, IResult? Problem);

    /// <summary>A body read whole, for callers that need its exact bytes (an Idempotency-Key is bound to them).</summary>
    public sealed record RawBody(byte[]? Bytes, IResult? Problem);

    /// <summary>
    /// The body is read whole before it is parsed, so that one past the size limit is a 413 however it
    /// arrives (with a Content-Length or chunked), never a 400 for what came before the limit.
    /// </summary>
    public static async Task<Read<T>> ReadValidAsync<T>(this HttpRequest request, CancellationToken ct) where T : class
    {
        var raw = await request.ReadJsonBytesAsync(ct);
        if (raw.Problem is not null) return new(null, raw.Problem);
        return await request.ReadValidAsync<T>(raw.Bytes!, ct);
    }

    /// <summary>
    /// Reads the whole JSON body into memory: 415 when it is not JSON. A body past the size limit throws
    /// <see cref="BadHttpRequestException"/> (413), answered by <see cref="BadRequests"/>.
    /// </summary>
    public static async Task<RawBody> ReadJsonBytesAsync(this HttpRequest request, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
            return new(null, Problems.UnsupportedMediaType());
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return new(buffer.ToArray(), null);
    }

    /// <summary>Deserializes and validates a body already read by <see cref="ReadJsonBytesAsync"/>, with the same answers.</summary>
    public static async Task<Read<T>> ReadValidAsync<T>(this HttpRequest request, byte[] body, CancellationToken ct) where T : class
    {
        using var stream = new MemoryStream(body, writable: false);
        return await DeserializeValidAsync<T>(request, stream, ct);
    }

    private static async Task<Read<T>> DeserializeValidAsync<T>(HttpRequest request, Stream body, CancellationToken ct) where T : class
    {
        var json = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync<T>(body, json, ct);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return new(null, Problems.Invalid(field, JsonErrorMessage(ex)));
        }

        if (value is null)
            return new(null, Problems.Invalid("body", "A JSON object is required."));

        var validator = request.HttpContext.RequestServices.GetService<IValidator<T>>();
        if (validator is not null)
        {
            var result = await validator.ValidateAsync(value, ct);
            if (!result.IsValid)
                return new(null, Results.ValidationProblem(
                    result.Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())));
        }
        return new(value, null);
    }

    private static string JsonErrorMessage(JsonException ex)
    {
        // System.Text.Json's messages name CLR types; keep the part a caller can act on.
        var message = ex.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal)) return "Unknown field.";
        if (message.Contains("could not be converted", StringComparison.Ordinal)) return "Wrong type for this field.";
        return "Malformed JSON.";
    }
}
