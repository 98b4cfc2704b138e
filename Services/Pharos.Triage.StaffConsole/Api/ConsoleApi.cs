using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Pharos.Triage.StaffConsole.SignIn;

namespace Pharos.Triage.StaffConsole.Api;

/// <summary>
/// The API, called as the person signed in to the console: every page reads and changes through it, so validation,
/// lifecycle and "not yours" are the API's, and the API's access log sees the person's name on each call.
/// </summary>
public sealed class ConsoleApi(HttpClient http, IHttpContextAccessor accessor)
{
    public const string ClientName = "console-api";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiAnswer<T>> GetAsync<T>(string path, CancellationToken ct) =>
        SendAsync<T>(HttpMethod.Get, path, body: null, idempotencyKey: null, ct);

    public Task<ApiAnswer<T>> PostAsync<T>(string path, object? body, CancellationToken ct, string? idempotencyKey = null) =>
        SendAsync<T>(HttpMethod.Post, path, body, idempotencyKey, ct);

    public Task<ApiAnswer<T>> PatchAsync<T>(string path, object body, CancellationToken ct) =>
        SendAsync<T>(HttpMethod.Patch, path, body, idempotencyKey: null, ct);

    public Task<ApiAnswer<T>> PutAsync<T>(string path, object body, CancellationToken ct) =>
        SendAsync<T>(HttpMethod.Put, path, body, idempotencyKey: null, ct);

    public Task<ApiAnswer<T>> DeleteAsync<T>(string path, CancellationToken ct) =>
        SendAsync<T>(HttpMethod.Delete, path, body: null, idempotencyKey: null, ct);

    private async Task<ApiAnswer<T>> SendAsync<T>(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        var context = accessor.HttpContext ?? throw new InvalidOperationException("The console calls the API only while serving a page.");
        var token = await context.GetTokenAsync(ConsoleAuthentication.CookieScheme, ConsoleAuthentication.ApiTokenName);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);

        using var response = await http.SendAsync(request, ct);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var value = response.Content.Headers.ContentLength == 0 || typeof(T) == typeof(NoContent)
                ? default
                : await response.Content.ReadFromJsonAsync<T>(Json, ct);
            return new ApiAnswer<T>(status, value, null);
        }
        return new ApiAnswer<T>(status, default, await ApiProblem.ReadAsync(response, ct));
    }
}

/// <summary>An answer with no body worth reading.</summary>
public sealed record NoContent;

/// <summary>What the API answered: a value, or the problem it described.</summary>
public sealed record ApiAnswer<T>(int Status, T? Value, ApiProblem? Problem)
{
    public bool Succeeded => Problem is null;

    public bool NotFound => Status == StatusCodes.Status404NotFound;
}

/// <summary>A problem details answer (RFC 9457), with the messages per field of a 400.</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    /// <summary>The messages for one field (its JSON name), none when it is fine.</summary>
    public IReadOnlyList<string> For(string field) =>
        Errors.FirstOrDefault(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).Value ?? [];

    public static async Task<ApiProblem> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var root = document.RootElement;
            var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
                foreach (var field in fields.EnumerateObject())
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(m => m.GetString() ?? "").ToArray()
                        : [field.Value.ToString()];
            return new ApiProblem(status,
                root.TryGetProperty("title", out var title) ? title.GetString() ?? "" : response.ReasonPhrase ?? "",
                root.TryGetProperty("detail", out var detail) ? detail.GetString() : null, errors);
        }
        catch (JsonException)
        {
            return new ApiProblem(status, response.ReasonPhrase ?? $"HTTP {status}", null, NoErrors);
        }
    }
}
