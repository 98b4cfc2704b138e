using System.Collections.Concurrent;
using System.Text;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Hosting;
using RabbitMQ.Client;

namespace Pharos.Triage.EndToEnd;

/// <summary>A handler that always throws, on the production bus settings over the real RabbitMQ.</summary>
public sealed class When_a_message_poisons_its_consumer
{
    [Test]
    public async Task It_ends_in_the_error_queue_with_its_exception_the_flow_goes_on_and_the_operator_moves_it_back()
    {
        using var vhost = RabbitMqBroker.CreateVirtualHost("poison", IfBrokerAbsent.Skip);
        var broker = vhost.AmqpUri;
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Pharos:Transport"] = "RabbitMq";
        builder.Configuration["ConnectionStrings:RabbitMq"] = broker;
        builder.Configuration["Pharos:Bus:RetryIntervals:0"] = "10";
        builder.Configuration["Pharos:Bus:RetryIntervals:1"] = "10";
        builder.AddPharosBus([new ServiceModule("Test", _ => { }, x => x.AddServiceConsumer<FlakyConsumer>("test"), _ => { })]);
        await using var app = builder.Build();
        FlakyConsumer.Broken = true;
        FlakyConsumer.Handled.Clear();
        await app.StartAsync();
        var bus = app.Services.GetRequiredService<IBus>();

        await bus.Publish(new ReportForwarded("poison", "https://a.example/", ForwardedTo.FraudService, "fraud", DateTimeOffset.UtcNow));
        await bus.Publish(new ReportForwarded("healthy", "https://b.example/", ForwardedTo.FraudService, "fraud", DateTimeOffset.UtcNow));
        await Api.Eventually(() => Task.FromResult(FlakyConsumer.Handled.Contains("healthy")), h => h, "the rest of the flow", TimeSpan.FromSeconds(30));

        // The poison message waits in the _error queue, with the exception that put it there.
        var factory = new ConnectionFactory { Uri = new Uri(broker) };
        await using (var connection = await factory.CreateConnectionAsync())
        {
            // MassTransit creates the _error queue with its first fault; until then a look closes the channel.
            async Task<(IChannel Channel, BasicGetResult? Message)> Look()
            {
                var channel = await connection.CreateChannelAsync();
                try { return (channel, await channel.BasicGetAsync("test-flaky_error", autoAck: false)); }
                catch (RabbitMQ.Client.Exceptions.OperationInterruptedException) { return (channel, null); }
            }
            var (channel, failed) = await Api.Eventually(Look, l => l.Message is not null, "the _error queue", TimeSpan.FromSeconds(30));
            var headers = failed!.BasicProperties.Headers!;
            Assert.That(Encoding.UTF8.GetString((byte[])headers["MT-Fault-Message"]!), Does.Contain("cannot handle poison"));
            Assert.That(Encoding.UTF8.GetString((byte[])headers["MT-Fault-ExceptionType"]!), Does.Contain("InvalidOperationException"));
            await channel.BasicNackAsync(failed.DeliveryTag, multiple: false, requeue: true);
            await channel.CloseAsync();
        }
        Assert.That(FlakyConsumer.Handled, Does.Not.Contain("poison"));

        // Fixed: the operator moves it back, and it is handled.
        FlakyConsumer.Broken = false;
        Assert.That(await ErrorQueues.RequeueAsync(new Uri(broker), "test-flaky_error", "test-flaky", int.MaxValue, CancellationToken.None), Is.EqualTo(1));
        await Api.Eventually(() => Task.FromResult(FlakyConsumer.Handled.Contains("poison")), h => h, "the requeued message to be handled", TimeSpan.FromSeconds(30));
        await app.StopAsync();
    }

    /// <summary>Fails on one message while broken, as a handler with a bug would.</summary>
    public sealed class FlakyConsumer : IConsumer<ReportForwarded>
    {
        public static volatile bool Broken;
        public static readonly ConcurrentBag<string> Handled = [];

        public Task Consume(ConsumeContext<ReportForwarded> context)
        {
            if (Broken && context.Message.ReportId == "poison") throw new InvalidOperationException("cannot handle poison");
            Handled.Add(context.Message.ReportId);
            return Task.CompletedTask;
        }
    }
}
