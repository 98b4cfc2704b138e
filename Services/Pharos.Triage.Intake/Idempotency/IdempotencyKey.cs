using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Intake.Api;
using Pharos.Triage.Intake.Data;

namespace Pharos.Triage.Intake.Idempotency;

/// <summary>
/// A principal's <c>Idempotency-Key</c> on <c>POST /api/reports</c>, bound to the exact body it came
/// with: the same key and body again get the first answer and file nothing; another body, a 422.
/// </summary>
public sealed record IdempotencyKey(string Principal, string Key, string RequestHash)
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 200;

    /// <summary>The header's key, null when none was sent; or a 400 naming the header.</summary>
    public static (string? Key, IResult? Problem) ReadHeader(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Header, out var values)) return (null, null);
        var key = values.Count == 1 ? values[0] : null;
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength || !key.All(c => c is >= ' ' and <= '~'))
            return (null, Problems.Invalid(Header, $"{Header} must be sent once, as 1 to {MaxLength} printable ASCII characters."));
        return (key, null);
    }

    /// <summary><paramref name="principal"/>'s key, bound to the SHA-256 of the body's exact bytes.</summary>
    public static IdempotencyKey For(string principal, string key, byte[] body) =>
        new(principal, key, Convert.ToHexStringLower(SHA256.HashData(body)));

    /// <summary>What the first filing with this key answered, for this body: the same 201, or a 422 for another body.</summary>
    public IResult Replay(IdempotencyKeyRow first) =>
        string.Equals(first.RequestHash, RequestHash, StringComparison.Ordinal)
            ? new ReportCreated(first.ReportId, first.ResponseBody)
            : Problems.IdempotencyKeyReused();

    /// <summary>The parameters that find this key's row.</summary>
    public object Lookup() => new { Principal, IdempotencyKey = Key };

    /// <summary>The row that keeps the first answer.</summary>
    public object Row(string reportId, string responseBody, DateTimeOffset createdAt) => new
    {
        Principal, IdempotencyKey = Key, RequestHash, ReportId = reportId, ResponseBody = responseBody, CreatedAt = createdAt,
    };

    /// <summary>The header in the OpenAPI document.</summary>
    public static Task Document(OpenApiOperation operation)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Optional. The same key with the same body returns the first response and files nothing new; "
                          + "with another body, 422. Kept per analyst for Pharos:Idempotency:Retention (24 hours by default).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = MaxLength, Pattern = "^[\\x20-\\x7E]+$" },
        });
        return Task.CompletedTask;
    }
}
