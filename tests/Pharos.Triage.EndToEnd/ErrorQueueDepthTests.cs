using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Telemetry;

namespace Pharos.Triage.EndToEnd;

/// <summary>The error-queue depth gauge, read over the real RabbitMQ as the alarm reads it.</summary>
public sealed class When_a_message_lands_in_an_error_queue
{
    [Test]
    public async Task Its_depth_is_reported_per_queue_and_falls_once_the_operator_moves_it_back()
    {
        // Fails, not skips, where CI=true (IfBrokerAbsent.Skip says so): CI starts the broker.
        using var vhost = RabbitMqBroker.CreateVirtualHost("error-depth", IfBrokerAbsent.Skip);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Pharos:Transport"] = "RabbitMq";
        builder.Configuration["ConnectionStrings:RabbitMq"] = vhost.AmqpUri;
        builder.Configuration["Pharos:Bus:RetryIntervals:0"] = "10";
        builder.Services.AddPharosMetrics();
        builder.AddPharosBus([new ServiceModule("Depth", _ => { }, x => x.AddServiceConsumer<RefusingConsumer>("depth"), _ => { })]);
        await using var app = builder.Build();
        RefusingConsumer.Refuse = true;
        await app.StartAsync();

        var sample = app.Services.GetRequiredService<ErrorQueueSample>();
        Assert.That(sample.Queues, Is.EqualTo(new[] { "depth-messages-taken_error", "depth-refusing_error", "pharos-dead-letter" }),
            "this process's consumer queues' _error queues, and the dead-letter queue");
        using var depth = new MetricCollector<double>(app.Services.GetRequiredService<IMeterFactory>(), PharosTelemetry.Name, PharosMetrics.ErrorQueueDepth.Name);
        async Task<Dictionary<string, double>> ReadAsync()
        {
            await sample.SampleAsync(CancellationToken.None);
            depth.Clear();
            depth.RecordObservableInstruments();
            return depth.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["queue"]!, m => m.Value);
        }

        Assert.That((await ReadAsync()).Values, Is.All.Zero, "nothing failed: no _error queue yet, read as empty");

        var bus = app.Services.GetRequiredService<IBus>();
        await bus.Publish(new ReportForwarded("poison-1", "https://a.example/", ForwardedTo.FraudService, "fraud", DateTimeOffset.UtcNow));
        await bus.Publish(new ReportForwarded("poison-2", "https://b.example/", ForwardedTo.FraudService, "fraud", DateTimeOffset.UtcNow));
        var read = await Api.Eventually(ReadAsync, d => d.GetValueOrDefault("depth-refusing_error") == 2, "both messages in the _error queue", TimeSpan.FromSeconds(30));
        Assert.That(read["depth-messages-taken_error"], Is.Zero);

        RefusingConsumer.Refuse = false;
        Assert.That(await ErrorQueues.RequeueAsync(new Uri(vhost.AmqpUri), "depth-refusing_error", "depth-refusing", int.MaxValue, CancellationToken.None), Is.EqualTo(2));
        await Api.Eventually(ReadAsync, d => d["depth-refusing_error"] == 0, "the _error queue emptied", TimeSpan.FromSeconds(30));
        await app.StopAsync();
    }

    public sealed class RefusingConsumer : IConsumer<ReportForwarded>
    {
        public static volatile bool Refuse;

        public Task Consume(ConsumeContext<ReportForwarded> context) =>
            Refuse ? throw new InvalidOperationException("refused") : Task.CompletedTask;
    }
}
