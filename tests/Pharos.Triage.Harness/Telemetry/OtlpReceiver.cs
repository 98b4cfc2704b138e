using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pharos.Triage.Harness.Telemetry;

/// <summary>
/// Stands in for an OpenTelemetry collector's OTLP/HTTP receiver (Kestrel on loopback, a port of its own): answers 200 to
/// every export and keeps each as it came (path, content type, body), so that a test can tell which signals arrived and
/// what they carry. Protobuf writes strings as their raw UTF-8 bytes, so a name sent is found in the body as it is.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    /// <summary>One export: <c>/v1/traces</c> or <c>/v1/metrics</c>, its content type and its body.</summary>
    public sealed record Export(string Path, string? ContentType, byte[] Body)
    {
        /// <summary>Whether the body holds <paramref name="text"/>, as protobuf writes a string: its UTF-8 bytes.</summary>
        public bool Carries(string text) => Body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;
    }

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Export> _received = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>The base address, for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (the exporter appends <c>/v1/traces</c>, <c>/v1/metrics</c>).</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<Export> Received => [.. _received];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.Endpoint = new Uri(app.Urls.Single());
        return receiver;
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        _received.Enqueue(new Export(request.Path.Value ?? "", request.ContentType, body.ToArray()));
        // An empty ExportTraceServiceResponse / ExportMetricsServiceResponse: everything accepted.
        return Results.Bytes([], "application/x-protobuf");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
