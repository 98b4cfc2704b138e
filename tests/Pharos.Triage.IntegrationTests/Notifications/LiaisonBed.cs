using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pharos.Triage.Contracts;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.PlatformLiaison.Consumers;
using Pharos.Triage.PlatformLiaison.Data;
using Pharos.Triage.PlatformLiaison.Contacts;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.IntegrationTests.Notifications;

/// <summary>PlatformLiaison's consumers and webhook dispatcher on a <see cref="ServiceBed{TDatabase}"/>.</summary>
public static class LiaisonBed
{
    public static readonly DateTimeOffset T0 = PharosApp.Start;

    /// <summary>The platform's webhook secret in configuration, in the Standard Webhooks form (<c>whsec_</c> and base64).</summary>
    public static string SecretOf(string platformId) =>
        "whsec_" + Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"secret-of-{platformId}-0123456789-0123456789"));

    /// <summary>
    /// Webhook settings for the given platforms, with quick retries that wait next to nothing: Polly's
    /// waits are real time, the durable schedule follows the bed's fake clock.
    /// </summary>
    public static Dictionary<string, string?> Settings(params (string PlatformId, Uri Url)[] webhooks)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pharos:Webhooks:QuickRetries"] = "3",
            ["Pharos:Webhooks:QuickRetryDelay"] = "00:00:00.001",
            ["Pharos:Webhooks:AttemptTimeout"] = "00:00:05",
            ["Pharos:Webhooks:FirstRetryAfter"] = "00:01:00",
            ["Pharos:Webhooks:MaxRetryAfter"] = "01:00:00",
            ["Pharos:Webhooks:PollInterval"] = "00:00:00.050",
        };
        foreach (var (platformId, url) in webhooks)
        {
            settings[$"Pharos:PlatformContacts:{platformId}:WebhookUrl"] = url.ToString();
            settings[$"Pharos:PlatformContacts:{platformId}:WebhookSecret"] = SecretOf(platformId);
        }
        return settings;
    }

    public static Task<ServiceBed<LiaisonDatabase>> StartAsync(Dictionary<string, string?> settings, LogCapture? logs = null, Action<IServiceCollection>? more = null) =>
        ServiceBed<LiaisonDatabase>.StartAsync(
            (provider, connection, synchronous) => new LiaisonDatabase(provider, connection, synchronous),
            x =>
            {
                x.AddConsumer<RequestIssuedConsumer>();
                x.AddConsumer<ReminderDueConsumer>();
                x.AddConsumer<RequestEscalatedConsumer>();
                x.AddConsumer<RequestSupersededConsumer>();
            },
            services =>
            {
                services.AddPlatformNotifications();
                // The harness starts hosted services; these tests run the dispatcher by hand, or start it themselves.
                services.RemoveAll<IHostedService>();
                if (logs is not null) services.AddSingleton<ILoggerProvider>(logs);
                more?.Invoke(services);
            },
            settings);

    public static WebhookDispatcher Dispatcher(this ServiceBed<LiaisonDatabase> bed) => bed.Provider.GetRequiredService<WebhookDispatcher>();

    public static Task<int> DispatchDue(this ServiceBed<LiaisonDatabase> bed) => bed.Dispatcher().DispatchDueAsync(CancellationToken.None);

    public static RequestIssued Issued(string requestId = "q1", string platformId = "x") =>
        new(requestId, $"PHR-2026-{requestId}", $"report-{requestId}", platformId, platformId.ToUpperInvariant(), $"https://{platformId}.com/{requestId}",
            $"https://{platformId}.com/{requestId}", Category.Terrorism, LegalBasis.TcoRemovalOrder, "reasons", null, T0, T0.AddHours(1), T0.AddHours(1),
            T0.AddHours(2), T0.AddMinutes(30), T0.AddMinutes(30));

    public static async Task<List<DeliveryState>> Deliveries(this ServiceBed<LiaisonDatabase> bed)
    {
        await using var connection = await bed.Database.OpenAsync();
        return (await connection.QueryAsync<DeliveryState>("""
            SELECT id AS Id, request_id AS RequestId, platform_id AS PlatformId, event AS Event, step AS Step, body AS Body,
                   next_attempt_at AS NextAttemptAt, dispatches AS Dispatches, delivered_at AS DeliveredAt,
                   abandoned_at AS AbandonedAt, last_error AS LastError
            FROM webhook_deliveries ORDER BY created_at, id
            """)).ToList();
    }

    public static async Task<List<AttemptState>> Attempts(this ServiceBed<LiaisonDatabase> bed, string deliveryId)
    {
        await using var connection = await bed.Database.OpenAsync();
        return (await connection.QueryAsync<AttemptState>("""
            SELECT dispatch AS Dispatch, attempt AS Attempt, at AS At, duration_ms AS DurationMs, status_code AS StatusCode, error AS Error
            FROM webhook_attempts WHERE delivery_id = @deliveryId ORDER BY id
            """, new { deliveryId })).ToList();
    }
}

public sealed class DeliveryState
{
    public string Id { get; set; } = "";
    public string RequestId { get; set; } = "";
    public string PlatformId { get; set; } = "";
    public string Event { get; set; } = "";
    public string Step { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTimeOffset? NextAttemptAt { get; set; }
    public int Dispatches { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? AbandonedAt { get; set; }
    public string? LastError { get; set; }
}

public sealed class AttemptState
{
    public int Dispatch { get; set; }
    public int Attempt { get; set; }
    public DateTimeOffset At { get; set; }
    public long DurationMs { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
}

/// <summary>Keeps what was logged, to check that each attempt and each abandonment is.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose() { }

    private sealed class Logger(string category, LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
