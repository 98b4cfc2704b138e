using System.Text;
using Microsoft.AspNetCore.Builder;
using Pharos.Triage.Host.Commands;
using RabbitMQ.Client;

namespace Pharos.Triage.EndToEnd;

/// <summary>Issue 18: <c>messages requeue</c>, the operator command, on a real RabbitMQ.</summary>
public sealed class When_an_operator_requeues_an_error_queue_from_the_command_line
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(string broker, params string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration["ConnectionStrings:RabbitMq"] = broker;
        builder.Configuration["Pharos:DataDirectory"] = Path.Combine(Path.GetTempPath(), "pharos-tests", "requeue-" + Guid.NewGuid().ToString("N"));
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await OperatorCommands.InvokeAsync(args, builder, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Test]
    public async Task The_messages_go_back_to_their_queue_up_to_the_limit()
    {
        using var vhost = RabbitMqBroker.CreateVirtualHost("requeue", IfBrokerAbsent.Skip);
        var factory = new ConnectionFactory { Uri = new Uri(vhost.AmqpUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync("routing-report-filed", durable: true, exclusive: false, autoDelete: false);
        await channel.QueueDeclareAsync("routing-report-filed_error", durable: true, exclusive: false, autoDelete: false);
        foreach (var body in new[] { "one", "two", "three" })
            await channel.BasicPublishAsync("", "routing-report-filed_error", Encoding.UTF8.GetBytes(body));

        var run = await RunAsync(vhost.AmqpUri, "messages", "requeue", "--queue", "routing-report-filed_error", "--limit", "2");

        Assert.That(run.Exit, Is.Zero, run.Error);
        Assert.That(run.Output.Trim(), Is.EqualTo("Moved 2 message(s) from routing-report-filed_error to routing-report-filed."));
        Assert.That(await channel.MessageCountAsync("routing-report-filed"), Is.EqualTo(2));
        Assert.That(await channel.MessageCountAsync("routing-report-filed_error"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_broker_that_refuses_the_connection_is_one_line_and_exit_1()
    {
        // Nothing listens on port 1: no broker needed to see the refusal.
        var run = await RunAsync("amqp://guest:guest@127.0.0.1:1/", "messages", "requeue", "--queue", "routing-report-filed_error");

        Assert.That(run.Exit, Is.EqualTo(1), run.Error);
        Assert.That(run.Error, Does.StartWith("messages requeue: "));
        Assert.That(run.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), run.Error);
        Assert.That(run.Error, Does.Not.Contain("   at "));
    }
}
