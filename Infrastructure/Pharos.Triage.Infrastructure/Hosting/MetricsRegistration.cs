using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Telemetry;

namespace Pharos.Triage.Infrastructure.Hosting;

/// <summary>The project's instruments (<see cref="PharosMetrics"/>) and what reads their gauges. Exporting them is the OpenTelemetry registration's.</summary>
public static class MetricsRegistration
{
    public static IServiceCollection AddPharosMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PharosMetrics>();
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section)
            .Validate(o => o.SampleInterval > TimeSpan.Zero, "Pharos:Metrics:SampleInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<MetricsSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsSampler>());
        return services;
    }

    /// <summary>
    /// Reads, over RabbitMQ, the _error queue of each of <paramref name="queues"/> (this process's consumer queues) and the
    /// dead-letter queue (<see cref="BusOptions.DeadLetterQueue"/>).
    /// </summary>
    public static IServiceCollection AddErrorQueueSample(this IServiceCollection services, string broker, IEnumerable<string> queues)
    {
        var errorQueues = queues.Select(q => q + "_error").ToList();
        services.AddSingleton(sp => new ErrorQueueSample(new Uri(broker),
            [.. errorQueues.Append(sp.GetRequiredService<IOptions<BusOptions>>().Value.DeadLetterQueue).Distinct().Order(StringComparer.Ordinal)],
            sp.GetRequiredService<PharosMetrics>()));
        services.AddSingleton<IMetricsSample>(sp => sp.GetRequiredService<ErrorQueueSample>());
        return services;
    }
}
