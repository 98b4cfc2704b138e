using System.Diagnostics;

namespace Pharos.Triage.Benchmarks.Hosts;

/// <summary>A fresh vhost on the local RabbitMQ for one measurement, so that no queue of an earlier run interferes.</summary>
public sealed class RabbitMqVirtualHost : IDisposable
{
    private RabbitMqVirtualHost(string name) => Name = name;

    public string Name { get; }

    public string AmqpUri => $"amqp://guest:guest@127.0.0.1:5672/{Name}";

    public static RabbitMqVirtualHost Create(string purpose)
    {
        var vhost = new RabbitMqVirtualHost($"pharos-bench-{purpose}-{Guid.NewGuid():N}");
        Rabbitmqctl("add_vhost", vhost.Name);
        Rabbitmqctl("set_permissions", "-p", vhost.Name, "guest", ".*", ".*", ".*");
        return vhost;
    }

    public void Dispose()
    {
        try { Rabbitmqctl("delete_vhost", Name); }
        catch (InvalidOperationException) { }
    }

    private static void Rabbitmqctl(params string[] arguments)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-q");
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start");
        var errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors} — is RabbitMQ running? (service rabbitmq-server start)");
    }
}
