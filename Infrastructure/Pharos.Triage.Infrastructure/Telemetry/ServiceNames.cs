namespace Pharos.Triage.Infrastructure.Telemetry;

/// <summary>
/// How telemetry names a process and each of its services: <c>service.name</c> for the process (one resource per
/// process), and the <c>pharos.service</c> attribute on each span, since the embedded default runs all four in one.
/// </summary>
public static class ServiceNames
{
    public const string Process = "pharos-triage";

    /// <summary>The span attribute naming the service a span belongs to: intake, routing, platformliaison or escalation.</summary>
    public const string Attribute = "pharos.service";

    /// <summary><c>OTEL_SERVICE_NAME</c> when set; else pharos-triage, followed by the service when one runs alone.</summary>
    public static string OfProcess(string? configured, IReadOnlyCollection<string> composed) =>
        !string.IsNullOrWhiteSpace(configured) ? configured.Trim()
        : composed.Count == 1 ? $"{Process}-{Tag(composed.First())}"
        : Process;

    /// <summary>A module's name (<c>PlatformLiaison</c>) as telemetry writes it (<c>platformliaison</c>), as its queues do.</summary>
    public static string Tag(string service) => service.ToLowerInvariant();

    /// <summary>The service whose assembly (<c>Pharos.Triage.Intake</c>) holds some code, or null for shared code.</summary>
    public static string? OfAssembly(string? assemblyName)
    {
        const string prefix = "Pharos.Triage.";
        return assemblyName is not null && assemblyName.StartsWith(prefix, StringComparison.Ordinal)
            ? Tag(assemblyName[prefix.Length..])
            : null;
    }

    /// <summary>
    /// The service whose queue an address names (<c>loopback://localhost/routing-report-filed</c>,
    /// <c>rabbitmq://host/vhost/routing-report-filed</c>, or the bare queue name): each service's queues start with its name.
    /// </summary>
    public static string? OfQueue(string? address)
    {
        if (string.IsNullOrEmpty(address)) return null;
        var queue = address[(address.LastIndexOf('/') + 1)..];
        var query = queue.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0) queue = queue[..query];
        var dash = queue.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? queue[..dash].ToLowerInvariant() : null;
    }
}
