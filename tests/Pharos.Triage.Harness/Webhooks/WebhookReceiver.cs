using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Pharos.Triage.Harness.Webhooks;

/// <summary>
/// Stands in for the platforms' webhooks (Kestrel on loopback, a port of its own, <c>/hook/{platform}</c>): answers 200
/// to every notice and keeps each POST as it came, so that a test can count deliveries per request and event, and a
/// benchmark can tell when each notice arrived. It verifies each notice as a platform would, with the Standard Webhooks
/// library (not with the project's code), so that a notice that verifies here verifies for a platform. It may take a moment to answer, as a real receiver does, and may hold
/// its answers, so that a kill of PlatformLiaison finds notices in flight: received here, their answer never read.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>A notice as it came: <see cref="Arrived"/> is a <see cref="Stopwatch"/> timestamp, for latencies.</summary>
    public sealed record Notice(
        string Platform, string DeliveryId, string Event, string? RequestId, bool SignatureValid, DateTimeOffset ReceivedAt, string? Url, long Arrived);

    private readonly WebApplication _app;
    private readonly IReadOnlyDictionary<string, StandardWebhook> _verifiers;
    private readonly TimeSpan _answerAfter;
    private readonly ConcurrentQueue<Notice> _received = new();
    private readonly ConcurrentDictionary<(string Event, string Url), Notice> _first = new();
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    private volatile TaskCompletionSource _answer = Answered();

    private WebhookReceiver(WebApplication app, IReadOnlyDictionary<string, string> secrets, TimeSpan answerAfter)
    {
        _app = app;
        _verifiers = secrets.ToDictionary(s => s.Key, s => Verifier(s.Value));
        _answerAfter = answerAfter;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<Notice> Received => [.. _received];

    /// <summary>
    /// Starts a receiver for the platforms named in <paramref name="secrets"/> (platform id → webhook secret: <c>whsec_</c>
    /// and base64, or any other string, the UTF-8 bytes of which are the key, as Pharos takes them), which
    /// answers each notice <paramref name="answerAfter"/> after it came.
    /// </summary>
    public static async Task<WebhookReceiver> StartAsync(IReadOnlyDictionary<string, string> secrets, TimeSpan answerAfter)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secrets, answerAfter);
        app.MapPost("/hook/{platform}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Urls.Single());
        return receiver;
    }

    public string UrlFor(string platform) => new Uri(BaseAddress, $"/hook/{platform}").ToString();

    /// <summary>The first notice of <paramref name="event"/> about the request for <paramref name="url"/>, if one came.</summary>
    public bool TryGetFirst(string @event, string url, out Notice notice) => _first.TryGetValue((@event, url), out notice!);

    /// <summary>Keeps every notice received from now on unanswered, until <see cref="ReleaseAnswers"/>.</summary>
    public void HoldAnswers() => _answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseAnswers()
    {
        _answer.TrySetResult();
        _held.Clear();
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until a notice received since <see cref="HoldAnswers"/> is held unanswered.</summary>
    public async Task<bool> WaitForNoticeHeldAsync(TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (_held.IsEmpty)
        {
            if (waited.Elapsed > timeout) return false;
            await Task.Delay(5);
        }
        return true;
    }

    /// <summary>
    /// The deliveries received since <see cref="HoldAnswers"/>: their answers are not written before
    /// <see cref="ReleaseAnswers"/>. A delivery merely in flight may have been answered, and its answer read, an
    /// instant before the sender died; a held one cannot have been.
    /// </summary>
    public IReadOnlyCollection<string> Held() => [.. _held.Keys];

    /// <summary>Waits until each of <paramref name="deliveryIds"/> has been received twice, or <paramref name="until"/>; returns those that were.</summary>
    public async Task<IReadOnlyCollection<string>> WaitForRepeatsAsync(IReadOnlyCollection<string> deliveryIds, DateTime until)
    {
        while (true)
        {
            var repeated = deliveryIds.Where(id => _received.Count(n => n.DeliveryId == id) >= 2).ToList();
            if (repeated.Count == deliveryIds.Count || TimeProvider.System.GetUtcNow().UtcDateTime > until) return repeated;
            await Task.Delay(250);
        }
    }

    private async Task<IResult> ReceiveAsync(string platform, HttpRequest request)
    {
        var arrived = Stopwatch.GetTimestamp();
        var delivery = request.Headers["webhook-id"].ToString();
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        string? requestId = null, url = null, @event = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            @event = document.RootElement.GetProperty("event").GetString();
            var about = document.RootElement.GetProperty("request");
            requestId = about.GetProperty("id").GetString();
            url = about.TryGetProperty("url", out var value) ? value.GetString() : null;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException) { }
        var notice = new Notice(platform, delivery, @event ?? "", requestId, Verifies(platform, body, request.Headers), TimeProvider.System.GetUtcNow(), url, arrived);
        _received.Enqueue(notice);
        if (url is not null) _first.TryAdd((notice.Event, url), notice);
        var answer = _answer.Task;
        if (!answer.IsCompleted) _held.TryAdd(delivery, 0);
        await Task.WhenAll(Task.Delay(_answerAfter), answer);
        return Results.Ok();
    }

    // As a platform checks it (docs/http-api.md, "Notices to platforms"): the library reads webhook-id, webhook-timestamp
    // (within five minutes of its clock) and webhook-signature, and accepts any one v1 signature that matches.
    private bool Verifies(string platform, string body, IHeaderDictionary headers)
    {
        if (!_verifiers.TryGetValue(platform, out var verifier)) return false;
        try
        {
            verifier.Verify(body, headers);
            return true;
        }
        catch (WebhookVerificationException)
        {
            return false;
        }
    }

    /// <summary>The library decodes a <c>whsec_</c> secret itself; Pharos keys any other secret with its UTF-8 bytes.</summary>
    private static StandardWebhook Verifier(string secret) =>
        secret.StartsWith("whsec_", StringComparison.Ordinal) ? new StandardWebhook(secret) : new StandardWebhook(Encoding.UTF8.GetBytes(secret));

    private static TaskCompletionSource Answered()
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        answered.SetResult();
        return answered;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
