using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pharos.Triage.Benchmarks.Hosts;

/// <summary>
/// The platforms' webhook endpoints, on loopback: notes when each <c>request_issued</c> notice arrives, by the
/// URL it is about. A notice is sent once PlatformLiaison has committed the request, so its arrival is the
/// moment the request is visible to the platform (in its API too).
/// </summary>
public sealed class NoticeReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, long> _issued = new(StringComparer.Ordinal);
    private long _notices;

    private NoticeReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public string UrlFor(string platform) => new Uri(BaseAddress, $"/hook/{platform}").ToString();

    public long Notices => Interlocked.Read(ref _notices);

    public int Issued => _issued.Count;

    /// <summary>When the request_issued notice for <paramref name="url"/> arrived (a <see cref="Stopwatch"/> timestamp).</summary>
    public bool TryGetIssued(string url, out long timestamp) => _issued.TryGetValue(url, out timestamp);

    public static async Task<NoticeReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new NoticeReceiver(app);
        app.MapPost("/hook/{platform}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Urls.Single());
        return receiver;
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var at = Stopwatch.GetTimestamp();
        using var notice = await JsonDocument.ParseAsync(request.Body);
        Interlocked.Increment(ref _notices);
        if (notice.RootElement.GetProperty("event").GetString() == "request_issued")
            _issued.TryAdd(notice.RootElement.GetProperty("request").GetProperty("url").GetString()!, at);
        return Results.Ok();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
