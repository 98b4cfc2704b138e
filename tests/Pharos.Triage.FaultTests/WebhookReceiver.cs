using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pharos.Triage.FaultTests;

/// <summary>
/// Stands in for the platforms' webhooks (Kestrel on loopback, a port of its own): answers 200 to every
/// notice and keeps each POST as it came, so the ledger can count deliveries per request and event.
/// It takes a moment to answer, as a real receiver does, so that a kill of PlatformLiaison finds notices
/// in flight: received here, their answer never read.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Notice(
        string Platform, string DeliveryId, string Event, string? RequestId, bool SignatureValid, DateTimeOffset ReceivedAt);

    private readonly WebApplication _app;
    private readonly IReadOnlyDictionary<string, string> _secrets;
    private static readonly TimeSpan AnswerAfter = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentQueue<Notice> _received = new();
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);
    private volatile TaskCompletionSource _answer = Answered();

    private WebhookReceiver(WebApplication app, IReadOnlyDictionary<string, string> secrets)
    {
        _app = app;
        _secrets = secrets;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<Notice> Received => [.. _received];

    /// <summary>Starts a receiver for the platforms named in <paramref name="secrets"/> (platform id → webhook secret).</summary>
    public static async Task<WebhookReceiver> StartAsync(IReadOnlyDictionary<string, string> secrets)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secrets);
        app.MapPost("/hook/{platform}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Urls.Single());
        return receiver;
    }

    /// <summary>Keeps every notice received from now on unanswered, until <see cref="ReleaseAnswers"/>.</summary>
    public void HoldAnswers() => _answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseAnswers()
    {
        _answer.TrySetResult();
        _held.Clear();
    }

    private static TaskCompletionSource Answered()
    {
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        answered.SetResult();
        return answered;
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until a notice received since <see cref="HoldAnswers"/> is held unanswered.</summary>
    public async Task<bool> WaitForNoticeHeldAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_held.IsEmpty)
        {
            if (DateTime.UtcNow > deadline) return false;
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
            if (repeated.Count == deliveryIds.Count || DateTime.UtcNow > until) return repeated;
            await Task.Delay(250);
        }
    }

    public string UrlFor(string platform) => new Uri(BaseAddress, $"/hook/{platform}").ToString();

    private async Task<IResult> ReceiveAsync(string platform, HttpRequest request)
    {
        var delivery = request.Headers["X-Pharos-Delivery"].ToString();
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        string? requestId = null;
        try
        {
            requestId = JsonDocument.Parse(body).RootElement.GetProperty("request").GetProperty("id").GetString();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException) { }
        _received.Enqueue(new Notice(
            platform,
            delivery,
            request.Headers["X-Pharos-Event"].ToString(),
            requestId,
            SignatureHolds(platform, request.Headers["X-Pharos-Timestamp"].ToString(), body, request.Headers["X-Pharos-Signature"].ToString()),
            DateTimeOffset.UtcNow));
        var answer = _answer.Task;
        if (!answer.IsCompleted) _held.TryAdd(delivery, 0);
        await Task.WhenAll(Task.Delay(AnswerAfter), answer);
        return Results.Ok();
    }

    // As a platform checks it (README "Notices to platforms"): HMAC-SHA256 of "<timestamp>.<body>".
    private bool SignatureHolds(string platform, string timestamp, string body, string signature)
    {
        if (!_secrets.TryGetValue(platform, out var secret)) return false;
        var expected = "sha256=" + Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
