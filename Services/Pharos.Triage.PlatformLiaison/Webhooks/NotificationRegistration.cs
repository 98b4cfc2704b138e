using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Pharos.Triage.PlatformLiaison.Contacts;
using Polly;

namespace Pharos.Triage.PlatformLiaison.Webhooks;

public static class NotificationRegistration
{
    /// <summary>
    /// Platforms' contacts (checked at start), the webhook HTTP client and the dispatcher that sends the
    /// notices the consumers queue.
    /// </summary>
    public static IServiceCollection AddPlatformNotifications(this IServiceCollection services)
    {
        services.AddOptions<PlatformContacts>().BindConfiguration(PlatformContacts.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PlatformContacts>, PlatformContactsValidator>();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();

        services.AddSingleton<PlatformWebhooks>();
        services.AddTransient<AttemptLog>();
        services.AddTransient<NoticeSigning>();

        var client = services.AddHttpClient(WebhookDispatcher.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(ReceiverConnection.Handler)
            // AttemptLog logs every attempt with its delivery; the factory's own request logs would repeat it.
            .RemoveAllLoggers();
        // Added first, so outermost: AttemptLog, added after it, sees each attempt the pipeline makes.
        client.AddResilienceHandler("webhook-attempts", (pipeline, context) =>
            QuickRetries(pipeline, context.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value));
        client.AddHttpMessageHandler<AttemptLog>();
        // Innermost: each attempt, a quick retry too, leaves with its own timestamp and signatures.
        client.AddHttpMessageHandler<NoticeSigning>();

        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<Pharos.Triage.Infrastructure.Telemetry.IMetricsSample, WebhookBacklogSample>();
        return services;
    }

    /// <summary>A few quick retries of transient failures, each attempt under its own timeout.</summary>
    private static void QuickRetries(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, WebhookOptions options)
    {
        // These waits are short and in-process: real time, whatever clock the service keeps its schedule on.
        pipeline.TimeProvider = TimeProvider.System;
        if (options.QuickRetries > 0)
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.QuickRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.QuickRetryDelay,
                MaxDelay = options.LongestQuickRetryDelay,
                // A receiver asking for a long wait gets it from the durable schedule, not from a held task.
                ShouldRetryAfterHeader = false,
            });
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout });
    }
}
