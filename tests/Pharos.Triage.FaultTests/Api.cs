using System.Net.Http.Headers;
using System.Text.Json;

namespace Pharos.Triage.FaultTests;

public static class Api
{
    public static HttpClient Client(Uri baseAddress, string token, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
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
        element.String(property) is { } text ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Whether a call failed because the service was not there (down, restarting, overloaded): a client retries it later.</summary>
    public static bool IsUnavailable(Exception ex) => ex is HttpRequestException or TaskCanceledException or IOException;
}
