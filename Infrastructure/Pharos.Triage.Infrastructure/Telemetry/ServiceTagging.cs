using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using OpenTelemetry;

namespace Pharos.Triage.Infrastructure.Telemetry;

/// <summary>
/// Writes <see cref="ServiceNames.Attribute"/> on every span it can place: a consumer's from its queue, an HTTP call's
/// from the assembly of the endpoint that answered it (<see cref="TagHttpServer"/>), the project's own spans where they
/// start them, and any other span (a publish, an outgoing HTTP call) from its parent in this process.
/// </summary>
internal sealed class ServiceTagging(IReadOnlyCollection<string> services) : BaseProcessor<Activity>
{
    // MassTransit's tags naming the queue a consumer reads.
    private static readonly string[] QueueTags = ["messaging.masstransit.input_address", "messaging.destination.name"];

    public override void OnStart(Activity data)
    {
        if (data.GetTagItem(ServiceNames.Attribute) is not null) return;
        var service = data.Kind == ActivityKind.Consumer ? FromQueue(data) : null;
        service ??= data.Parent?.GetTagItem(ServiceNames.Attribute) as string;
        if (service is not null) data.SetTag(ServiceNames.Attribute, service);
    }

    public override void OnEnd(Activity data)
    {
        if (data.GetTagItem(ServiceNames.Attribute) is null && data.Kind == ActivityKind.Consumer && FromQueue(data) is { } service)
            data.SetTag(ServiceNames.Attribute, service);
    }

    private string? FromQueue(Activity activity) =>
        QueueTags.Select(tag => ServiceNames.OfQueue(activity.GetTagItem(tag) as string)).FirstOrDefault(Known);

    private bool Known(string? service) => service is not null && services.Contains(service);

    /// <summary>For the ASP.NET Core instrumentation: the service whose endpoint answered, once routing has chosen it.</summary>
    public void TagHttpServer(Activity activity, HttpResponse response)
    {
        var handler = response.HttpContext.GetEndpoint()?.Metadata.GetMetadata<MethodInfo>();
        if (ServiceNames.OfAssembly(handler?.DeclaringType?.Assembly.GetName().Name) is { } service && Known(service))
            activity.SetTag(ServiceNames.Attribute, service);
    }
}
