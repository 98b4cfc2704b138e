using System.Diagnostics;
using System.Net.Sockets;

namespace Pharos.Triage.EndToEnd;

/// <summary>
/// The local RabbitMQ that .ci/run installs and starts. Each test run gets a vhost of its own, so
/// queues left by an earlier run never take this run's messages.
/// </summary>
public static class RabbitMqBroker
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates a fresh vhost and returns its amqp URI; outside CI, skips the test when there is no broker.</summary>
    public static string CreateVirtualHost(string name)
    {
        // In CI the fault tests stop the broker for 20 s, and test projects run side by side: wait it out.
        var deadline = DateTime.UtcNow.AddSeconds(InCi ? 120 : 0);
        while (!PortOpen("127.0.0.1", 5672) && DateTime.UtcNow < deadline) Thread.Sleep(1000);
        if (!PortOpen("127.0.0.1", 5672))
            Unavailable("no RabbitMQ listens on 127.0.0.1:5672 (.ci/run installs and starts it)");
        Run("add_vhost", name);
        Run("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return $"amqp://guest:guest@127.0.0.1:5672/{name}";
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Created = new();

    /// <summary>The vhost's URI, creating it on first use.</summary>
    public static string CreateVirtualHostOnce(string name) => Created.GetOrAdd(name, CreateVirtualHost);

    public static void DeleteVirtualHost(string name)
    {
        if (!Created.TryRemove(name, out _)) return;
        try { Run("delete_vhost", name); } catch (InvalidOperationException) { }
    }

    private static void Unavailable(string why)
    {
        // A test that needs RabbitMQ fails in CI, where the broker must be there; a developer without one is told and skipped.
        if (InCi) Assert.Fail(why);
        Assert.Ignore(why);
    }

    private static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception) { Unavailable("rabbitmqctl is not installed"); return; }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)}: {error.Result}");
        }
    }

    private static bool PortOpen(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(host, port).Wait(TimeSpan.FromSeconds(2)) && client.Connected;
        }
        catch (AggregateException) { return false; }
        catch (SocketException) { return false; }
    }
}
