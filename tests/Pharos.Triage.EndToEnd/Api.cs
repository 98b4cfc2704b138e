using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pharos.Triage.EndToEnd;

public static class Api
{
    public static HttpClient Client(Uri baseAddress, string token) => Authorize(new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) }, token);

    public static HttpClient Authorize(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

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
            var page = await (await client.GetAsync($"{path}{separator}limit=200{(cursor is null ? "" : "&cursor=" + cursor)}")).Json();
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Clone()));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);
        return items;
    }

    public static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        T value;
        while (!condition(value = await read()))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {timeout} waiting for {what}; last seen: {value}");
            await Task.Delay(100);
        }
        return value;
    }
}
