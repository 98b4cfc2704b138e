using Pharos.Triage.Infrastructure.Runtime;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Telemetry;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>
/// Sends the queued notices. It claims due deliveries with a lease, POSTs each on its own task, and
/// records every attempt and the outcome. Sends are never awaited by the claiming loop, so a slow or
/// dead receiver holds only its own deliveries: other platforms' notices and the request lifecycle go on.
/// </summary>
public sealed class WebhookDispatcher(
    LiaisonDatabase database,
    IHttpClientFactory httpClients,
    PlatformWebhooks webhooks,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger,
    PharosMetrics? metrics = null) : BackgroundService
{
    public const string HttpClientName = "pharos-webhooks";

    private readonly DeliverySignal _signal = new();
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _inFlightByPlatform = new(StringComparer.Ordinal);
    private int _inFlight;

    /// <summary>
    /// Claims the due deliveries there is room for, sends them concurrently and records the outcomes;
    /// returns how many it claimed. The background loop does the same without waiting for the sends.
    /// </summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct)
    {
        var claimed = await ClaimAsync(ct);
        await Task.WhenAll(claimed.Select(delivery => DeliverAsync(delivery, ct)));
        return claimed.Count;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        database.DeliveriesQueued += _signal.Wake;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        database.DeliveriesQueued -= _signal.Wake;
        return base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    foreach (var delivery in await ClaimAsync(stoppingToken))
                    {
                        var sending = DeliverAsync(delivery, stoppingToken);
                        _running[delivery.Id] = sending;
                        _ = sending.ContinueWith(_ => _running.TryRemove(delivery.Id, out var _), TaskScheduler.Default);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Claiming webhook deliveries failed; trying again");
                }
                await _signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Sends in flight see the cancellation, release their deliveries and end.
        await Task.WhenAll(_running.Values);
    }

    private async Task<List<DeliveryRow>> ClaimAsync(CancellationToken ct)
    {
        var o = options.Value;
        var room = o.MaxConcurrentDeliveries - Volatile.Read(ref _inFlight);
        if (room <= 0) return [];
        var busy = _inFlightByPlatform.Where(p => p.Value >= o.PerPlatformConcurrency).Select(p => p.Key).ToList();

        var now = clock.Now();
        List<DeliveryRow> claimed;
        await using (var uow = await database.BeginAsync(ct))
        {
            claimed = (await uow.QueryAsync<DeliveryRow>(database.Sql.ClaimDeliveries, new
            {
                Now = now, LeaseUntil = now + o.Lease, Busy = busy, PerPlatform = o.PerPlatformConcurrency, Limit = room,
            })).ToList();
            await uow.CommitAsync(ct);
        }
        foreach (var delivery in claimed)
        {
            Interlocked.Increment(ref _inFlight);
            _inFlightByPlatform.AddOrUpdate(delivery.PlatformId, 1, (_, n) => n + 1);
        }
        return claimed;
    }

    /// <summary>Sends one delivery and records what happened; never throws.</summary>
    private async Task DeliverAsync(DeliveryRow delivery, CancellationToken ct)
    {
        // The HTTP calls below (HttpClient's spans) belong to the report's trace, under this span of PlatformLiaison.
        using var span = TracedWork.Start("webhook send", ActivityKind.Internal, new(delivery.TraceParent, delivery.TraceState), LiaisonService.Name);
        span?.SetTag("pharos.webhook.event", delivery.Event).SetTag("pharos.webhook.delivery_id", delivery.Id).SetTag("pharos.platform", delivery.PlatformId);
        try
        {
            var attempts = new DeliveryAttempts(delivery);
            var (result, error, retryAfter) = await SendAsync(delivery, attempts, ct);
            await RecordAsync(delivery, attempts, result, error, retryAfter);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Recording webhook delivery {DeliveryId} failed; it is sent again when its lease ends", delivery.Id);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _inFlightByPlatform.AddOrUpdate(delivery.PlatformId, 0, (_, n) => n - 1);
            _signal.Wake();
        }
    }

    private async Task<(SendResult Result, string? Error, TimeSpan? RetryAfter)> SendAsync(DeliveryRow delivery, DeliveryAttempts attempts, CancellationToken ct)
    {
        if (await webhooks.FindAsync(database, delivery.PlatformId, clock.Now(), ct) is not { } webhook) return (SendResult.NoReceiver, null, null);

        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.ReceiverOf(delivery.Event))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(delivery.Body))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
            },
        };
        // NoticeSigning stamps and signs each attempt as it leaves.
        request.Options.Set(NoticeKeys.Key, new NoticeKeys(delivery.Id, delivery.Body, [.. webhook.Keys]));
        request.Options.Set(DeliveryAttempts.Key, attempts);

        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.IsSuccessStatusCode) return (SendResult.Delivered, null, null);
            // Redirects are not followed: a notice goes where the operators configured it, nowhere else.
            return (SendResult.Failed, $"HTTP {(int)response.StatusCode}", RetryAfter(response));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return (SendResult.Interrupted, null, null);
        }
        catch (Exception ex)
        {
            return (SendResult.Failed, WebhookError.Of(ex), null);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - clock.Now(),
            _ => null,
        };

    private async Task RecordAsync(DeliveryRow delivery, DeliveryAttempts attempts, SendResult result, string? error, TimeSpan? retryAfter)
    {
        var dispatch = delivery.Dispatches + 1;
        var now = clock.Now();
        // Recorded even when shutting down: the attempts happened, and the lease must not hide the delivery for long.
        await using var uow = await database.BeginAsync(CancellationToken.None);
        await uow.ExecuteAsync(database.Sql.InsertAttempt, attempts.All.Select(a => new
        {
            DeliveryId = delivery.Id, Dispatch = dispatch, Attempt = a.Number, a.At,
            DurationMs = (long)a.Duration.TotalMilliseconds, a.StatusCode, a.Error,
        }).ToList());

        if (result == SendResult.Interrupted)
        {
            await uow.ExecuteAsync(database.Sql.ReleaseDelivery, new { delivery.Id, At = now });
            await uow.CommitAsync(CancellationToken.None);
            return;
        }

        // A redelivery starts the retry budget and the backoff afresh; the dispatch numbers go on, so the attempts stay in order.
        var outcome = DeliverySchedule.After(result, error, dispatch - delivery.DispatchesAtRedelivery, retryAfter, now, options.Value);
        await uow.ExecuteAsync(database.Sql.RecordDispatch, new
        {
            delivery.Id, outcome.DeliveredAt, outcome.AbandonedAt, outcome.NextAttemptAt, outcome.Error, Status = DeliveryStatus.After(outcome),
        });
        await uow.CommitAsync(CancellationToken.None);
        metrics?.WebhookDispatched(delivery.PlatformId, DispatchResult.Of(result), outcome.Abandoned);

        if (outcome.Abandoned)
            logger.LogWarning("Webhook delivery {DeliveryId} ({Event}) of request {RequestId} to {PlatformId} abandoned after {Dispatches} dispatches: {Error}",
                delivery.Id, delivery.Event, delivery.RequestId, delivery.PlatformId, dispatch, outcome.Error);
        else if (outcome.NextAttemptAt is { } next)
            logger.LogInformation("Webhook delivery {DeliveryId} ({Event}) to {PlatformId} failed on dispatch {Dispatch} ({Error}); next dispatch at {NextAttemptAt}",
                delivery.Id, delivery.Event, delivery.PlatformId, dispatch, outcome.Error, next);
    }
}
