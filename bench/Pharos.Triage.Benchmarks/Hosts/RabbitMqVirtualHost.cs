using System.Diagnostics;

namespace Pharos.Triage.Benchmarks.Hosts;

/// <summary>A fresh vhost on the local RabbitMQ for one measurement, so that no queue of an earlier run interferes.</summary>
public sealed class RabbitMqVirtualHost : IDisposable
{
    private RabbitMqVirtualHost(string name) => Name = name;

    public string Name { get; }

    public string AmqpUri => $"amqp://guest:guest@127.0.0.1:5672/{Name}";

    public static RabbitMqVirtualHost Create(string purpose, string user = "guest")
    {
        var vhost = new RabbitMqVirtualHost($"pharos-bench-{purpose}-{Guid.NewGuid():N}");
        Rabbitmqctl("add_vhost", vhost.Name);
        Rabbitmqctl("set_permissions", "-p", vhost.Name, user, ".*", ".*", ".*");
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
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("rabbitmqctl is not installed: apt-get install rabbitmq-server");
        }
        using var _ = process;
        var errors = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed ({process.ExitCode}): {errors} — is RabbitMQ running? (service rabbitmq-server start)");
    }
}
