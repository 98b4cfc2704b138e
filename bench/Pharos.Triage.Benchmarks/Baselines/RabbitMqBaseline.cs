using Pharos.Triage.Benchmarks.Reporting;
using System.Diagnostics;
using System.Text.Json;
using Pharos.Triage.Contracts;
using Pharos.Triage.Harness.Broker;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Pharos.Triage.Benchmarks.Baselines;

/// <summary>
/// What the broker gives raw: messages/s end to end (published, confirmed, consumed, acked) of ReportFiled-sized
/// persistent messages through a durable quorum queue, with one publish in flight and with a window of
/// <see cref="Window"/>. <see cref="Messages"/> is the message count, <see cref="MessageBytes"/> each body's size.
/// </summary>
public sealed record RabbitMqFigures(int Messages, int MessageBytes, double OneInFlightPerSecond, double WindowPerSecond, CpuUse OneInFlightCpu, CpuUse WindowCpu)
{
    /// <summary>The broker's CPU per message in the windowed run, in microseconds (null when the broker is not local).</summary>
    public double? BrokerMicrosecondsPerMessage => BrokerMicrosecondsPer(WindowCpu);

    /// <summary>The same with one message in flight: what the broker spends when it cannot batch.</summary>
    public double? OneInFlightBrokerMicrosecondsPerMessage => BrokerMicrosecondsPer(OneInFlightCpu);

    /// <summary>Publisher and consumer together (this process), per message, in microseconds.</summary>
    public double ClientMicrosecondsPerMessage => WindowCpu.MicrosecondsPer(RabbitMqBaseline.Client, Messages);

    private double? BrokerMicrosecondsPer(CpuUse cpu) =>
        cpu.Processes.Any(p => p.Name == RabbitMqBaseline.Broker) ? cpu.MicrosecondsPer(RabbitMqBaseline.Broker, Messages) : null;
}

/// <summary>
/// The floor for the system's messaging: raw RabbitMQ.Client against the local broker, on a vhost created for the
/// run and deleted after it (so nothing of another run or test is consumed or left behind).
/// </summary>
public static class RabbitMqBaseline
{
    public const string DefaultUri = "amqp://guest:guest@localhost:5672/";

    /// <summary>Publishes in flight in the windowed variant: about what MassTransit's batched confirm handling keeps.</summary>
    public const int Window = 100;

    /// <summary>The names the CPU of the broker and of this process go by in <see cref="RabbitMqFigures.WindowCpu"/>.</summary>
    public const string Broker = "RabbitMQ broker", Client = "raw client";

    // Deep enough that the consumer never waits on the broker for its next delivery.
    private const ushort Prefetch = 100;

    /// <summary>The broker the system is configured with (<c>ConnectionStrings__RabbitMq</c>), else the local one.</summary>
    public static string ConnectionUri =>
        Environment.GetEnvironmentVariable("ConnectionStrings__RabbitMq") is { Length: > 0 } uri ? uri : DefaultUri;

    /// <summary>
    /// Measures both variants over <paramref name="messages"/> messages each, on a fresh vhost of the broker at
    /// <paramref name="amqpUri"/> (default <see cref="ConnectionUri"/>; its vhost is ignored). The vhost is made with
    /// rabbitmqctl, so the broker must be local.
    /// </summary>
    public static async Task<RabbitMqFigures> MeasureAsync(string? amqpUri = null, int messages = 20_000, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(messages, 1);
        var uri = new Uri(amqpUri ?? ConnectionUri);
        var user = uri.UserInfo.Length > 0 ? Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]) : "guest";
        using var vhost = RabbitMqBroker.CreateVirtualHost("bench-baseline", IfBrokerAbsent.Throw, user);
        var factory = new ConnectionFactory { Uri = uri, VirtualHost = vhost.Name, ClientProvidedName = "pharos-bench-baseline" };
        var body = MessageBody();
        // Publisher and consumer on connections of their own, as they are in two services.
        await using var publishing = await factory.CreateConnectionAsync(ct);
        await using var consuming = await factory.CreateConnectionAsync(ct);
        // Untimed: JIT, the connections' buffers and the broker's quorum machinery warm up here.
        await RunAsync(publishing, consuming, "baseline-warmup", Math.Min(messages, 1000), Window, body, ct);
        var broker = CpuMeter.RabbitMqBroker();
        CpuMeter Meter() => broker is { } pid ? CpuMeter.Start((Broker, pid), (Client, Environment.ProcessId)) : CpuMeter.Start((Client, Environment.ProcessId));
        var oneCpu = Meter();
        var one = await RunAsync(publishing, consuming, "baseline-one-in-flight", messages, 1, body, ct);
        var oneUse = oneCpu.Stop();
        var windowCpu = Meter();
        var window = await RunAsync(publishing, consuming, "baseline-window", messages, Window, body, ct);
        return new RabbitMqFigures(messages, body.Length, one, window, oneUse, windowCpu.Stop());
    }

    /// <summary>Messages/s from the first publish until every message is both confirmed and acked by the consumer.</summary>
    private static async Task<double> RunAsync(
        IConnection publishing, IConnection consuming, string queue, int messages, int window, byte[] body, CancellationToken ct)
    {
        // Tracking on: each BasicPublishAsync completes when the broker confirms it. The library's own limiter is off
        // (null) so that the in-flight count is exactly this method's window, not its throttling from 64 up.
        await using var publisher = await publishing.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true,
            outstandingPublisherConfirmationsRateLimiter: null), ct);
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);

        await using var receiver = await consuming.CreateChannelAsync(cancellationToken: ct);
        await receiver.BasicQosAsync(0, Prefetch, global: false, ct);
        var acked = 0;
        var allAcked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(receiver);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await receiver.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct);
            if (Interlocked.Increment(ref acked) == messages) allAcked.TrySetResult();
        };
        var tag = await receiver.BasicConsumeAsync(queue, autoAck: false, consumer, ct);

        using var inFlight = new SemaphoreSlim(window, window);
        var publishes = new List<Task>(messages);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            await inFlight.WaitAsync(ct);
            publishes.Add(PublishAsync());
        }
        await Task.WhenAll(publishes);
        await allAcked.Task.WaitAsync(TimeSpan.FromMinutes(5), ct);
        var elapsed = watch.Elapsed;

        await receiver.BasicCancelAsync(tag, cancellationToken: ct);
        await publisher.QueueDeleteAsync(queue, cancellationToken: ct);
        return messages / elapsed.TotalSeconds;

        async Task PublishAsync()
        {
            try
            {
                var properties = new BasicProperties
                {
                    Persistent = true,
                    ContentType = "application/json",
                    MessageId = Guid.NewGuid().ToString(),
                };
                await publisher.BasicPublishAsync("", queue, mandatory: true, properties, body, ct);
            }
            finally
            {
                inFlight.Release();
            }
        }
    }

    /// <summary>A ReportFiled as JSON, with values of realistic length: about 500 bytes.</summary>
    private static byte[] MessageBody() => JsonSerializer.SerializeToUtf8Bytes(
        new ReportFiled(
            Guid.CreateVersion7().ToString(),
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
            "hate_speech",
            "Video inciting hatred against a group on the grounds of religion; posted from an account that has " +
            "published similar content before. Screenshots and the archived page are attached as evidence.",
            Convert.ToHexStringLower(new byte[32]),
            false,
            DateTimeOffset.UtcNow,
            "analyst:4f6c2a1e-9b1d-4c3a-8f7e-2d5b6a9c0e11"),
        JsonSerializerOptions.Web);
}
