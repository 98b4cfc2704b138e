using Pharos.Triage.Infrastructure.Runtime;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

/// <summary>
/// Sits inside the resilience handler, so it sees every attempt, Polly's retries included: logs each one
/// with its result and notes it on the request for the dispatcher to record in <c>webhook_attempts</c>.
/// </summary>
public sealed partial class AttemptLog(TimeProvider clock, ILogger<AttemptLog> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(DeliveryAttempts.Key, out var attempts);
        var number = attempts?.NextNumber() ?? 1;
        var at = clock.Now();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            Note(attempts, number, at, started, (int)response.StatusCode, null);
            return response;
        }
        catch (OperationCanceledException)
        {
            // The per-attempt timeout or a shutdown cancelled it; the exception says nothing more.
            Note(attempts, number, at, started, null, "cancelled: attempt timeout or shutdown");
            throw;
        }
        catch (Exception ex)
        {
            Note(attempts, number, at, started, null, WebhookError.Of(ex));
            throw;
        }
    }

    private void Note(DeliveryAttempts? attempts, int number, DateTimeOffset at, long started, int? statusCode, string? error)
    {
        var duration = Stopwatch.GetElapsedTime(started);
        attempts?.Add(new DeliveryAttempt(number, at, duration, statusCode, error));
        var delivery = attempts?.Delivery;
        var result = statusCode is { } code ? $"HTTP {code}" : error!;
        if (statusCode is >= 200 and < 300)
            Succeeded(delivery?.Id, delivery?.Event, delivery?.PlatformId, number, result, (long)duration.TotalMilliseconds);
        else
            Failed(delivery?.Id, delivery?.Event, delivery?.PlatformId, number, result, (long)duration.TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} ({Event}) to {PlatformId}, attempt {Attempt}: {Result} in {DurationMs} ms")]
    private partial void Succeeded(string? deliveryId, string? @event, string? platformId, int attempt, string result, long durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} ({Event}) to {PlatformId}, attempt {Attempt}: {Result} in {DurationMs} ms")]
    private partial void Failed(string? deliveryId, string? @event, string? platformId, int attempt, string result, long durationMs);
}
