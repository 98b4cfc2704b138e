using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pharos.Triage.Harness.Http;

/// <summary>Calls to the Pharos API as its users make them (a bearer token each), and reading what it answers.</summary>
public static class Api
{
    public static HttpClient Client(Uri baseAddress, string token, TimeSpan? timeout = null) =>
        Authorize(new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) }, token);

    public static HttpClient Authorize(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>
    /// The body of a successful answer. Any other answer throws an <see cref="HttpRequestException"/> that carries its
    /// status code: a caller that treats a service that is not there (no status code) as a retry can tell the two apart.
    /// </summary>
    public static async Task<JsonElement> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}", null, response.StatusCode);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Files a report as an analyst; returns its id.</summary>
    public static async Task<string> File(this HttpClient analyst, string url, string category = "terrorism")
    {
        var response = await analyst.PostAsJsonAsync("/api/reports", new { url, category, description = "end-to-end" });
        return (await response.Json()).GetProperty("id").GetString()!;
    }

    /// <summary>Every item of a paged list.</summary>
    public static async Task<List<JsonElement>> All(this HttpClient client, string path)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var separator = path.Contains('?') ? '&' : '?';
            var page = await (await client.GetAsync($"{path}{separator}limit=200{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}")).Json();
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        return items;
    }

    public static string? String(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static JsonElement? Object(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static DateTimeOffset? Time(this JsonElement element, string property) =>
        element.String(property) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : null;

    /// <summary>Whether a call failed because the service was not there (down, restarting, overloaded): a client retries it later.</summary>
    public static bool IsUnavailable(Exception ex) => ex is HttpRequestException or TaskCanceledException or IOException;

    /// <summary>Reads until <paramref name="condition"/> holds and returns what it read; the test fails after <paramref name="timeout"/>.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        T value;
        while (!condition(value = await read()))
        {
            if (waited.Elapsed > timeout) Assert.Fail($"Timed out after {timeout} waiting for {what}; last seen: {value}");
            await Task.Delay(100);
        }
        return value;
    }
}
