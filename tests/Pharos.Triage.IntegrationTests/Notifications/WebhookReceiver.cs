using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pharos.Triage.IntegrationTests.Notifications;

/// <summary>A request the receiver got: its headers, its body, and what it answered.</summary>
public sealed record ReceivedNotice(IReadOnlyDictionary<string, string> Headers, string Body, int AnsweredStatus);

/// <summary>
/// A platform's webhook receiver on 127.0.0.1 (Kestrel, a free port): records every request, and can be
/// told to fail the next N, to hang, or to redirect.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedNotice> _received = new();
    private int _failuresLeft;
    private int _arrivals;

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>The status given to the requests told to fail.</summary>
    public int FailWith { get; set; } = 500;

    /// <summary>How long each request hangs before it is answered (unless the caller gives up first).</summary>
    public TimeSpan? HangFor { get; set; }

    /// <summary>Answer 307 to this location instead of accepting.</summary>
    public Uri? RedirectTo { get; set; }

    public IReadOnlyList<ReceivedNotice> Received => [.. _received];

    public IReadOnlyList<ReceivedNotice> Accepted => [.. _received.Where(r => r.AnsweredStatus is >= 200 and < 300)];

    /// <summary>Requests that reached the receiver, answered or not yet.</summary>
    public int Arrivals => Volatile.Read(ref _arrivals);

    public void FailNext(int count) => Volatile.Write(ref _failuresLeft, count);

    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.Run(context => receiver!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver = new WebhookReceiver(app, new Uri(address.TrimEnd('/') + "/hooks/pharos"));
        return receiver;
    }

    /// <summary>A port on 127.0.0.1 where nothing listens: a receiver that is down (connection refused).</summary>
    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _arrivals);
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        int status;
        if (Interlocked.Decrement(ref _failuresLeft) >= 0) status = FailWith;
        else if (RedirectTo is { } location)
        {
            status = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = location.ToString();
        }
        else status = StatusCodes.Status204NoContent;

        if (HangFor is { } hang && status == StatusCodes.Status204NoContent)
        {
            try { await Task.Delay(hang, context.RequestAborted); }
            catch (OperationCanceledException) { status = 499; }
        }
        _received.Enqueue(new ReceivedNotice(headers, body, status));
        if (status != 499) context.Response.StatusCode = status;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
