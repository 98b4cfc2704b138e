using System.Diagnostics;
using System.Net.Sockets;

namespace Pharos.Triage.FaultTests;

/// <summary>
/// The local RabbitMQ that .ci/run installs and starts. Each test gets a vhost of its own, deleted at
/// its end, so queues left by another test never take this test's messages.
/// </summary>
public static class RabbitMqBroker
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates a fresh vhost and returns its amqp URI; outside CI, skips the test when there is no broker.</summary>
    public static string CreateVirtualHost(string name)
    {
        // In CI the broker must be there, but another test may be restarting it (an outage test): give it half a minute.
        var deadline = DateTime.UtcNow + (InCi ? TimeSpan.FromSeconds(30) : TimeSpan.Zero);
        while (!PortOpen("127.0.0.1", 5672) && DateTime.UtcNow < deadline) Thread.Sleep(1000);
        if (!PortOpen("127.0.0.1", 5672))
            Unavailable("no RabbitMQ listens on 127.0.0.1:5672 (.ci/run installs and starts it)");
        Rabbitmqctl("add_vhost", name);
        Rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return $"amqp://guest:guest@127.0.0.1:5672/{name}";
    }

    public static void DeleteVirtualHost(string name)
    {
        try { Rabbitmqctl("delete_vhost", name); } catch (InvalidOperationException) { }
    }

    /// <summary>
    /// Waits (at most <paramref name="timeout"/>) until no client of another vhost is connected: stopping
    /// the broker would break whatever test of someone else runs at the same time. Returns the vhosts
    /// still connected when it gave up, empty when the broker is ours alone.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WaitUntilAloneAsync(string vhost, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var others = Output("rabbitmqctl", "list_connections", "-q", "vhost")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(v => v != vhost && v != "vhost").Distinct().ToList();
            if (others.Count == 0 || DateTime.UtcNow > deadline) return others;
            await Task.Delay(1000);
        }
    }

    /// <summary>Stops the whole broker, as an operator or a crash would: every connection drops.</summary>
    public static void Stop() => Run("service", "rabbitmq-server", "stop");

    /// <summary>Starts the broker and waits until it takes connections again.</summary>
    public static async Task StartAsync(TimeSpan timeout)
    {
        Run("service", "rabbitmq-server", "start");
        var deadline = DateTime.UtcNow + timeout;
        while (!TryRun("rabbitmq-diagnostics", "-q", "check_port_connectivity"))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"RabbitMQ did not take connections within {timeout}.");
            await Task.Delay(1000);
        }
    }

    /// <summary>The queues of <paramref name="vhost"/> and the messages each holds (ready and unacknowledged).</summary>
    public static IReadOnlyDictionary<string, long> Queues(string vhost) =>
        Output("rabbitmqctl", "list_queues", "-q", "-p", vhost, "name", "messages")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(columns => columns.Length == 2 && long.TryParse(columns[1], out _) && columns[0] != "name")
            .ToDictionary(columns => columns[0], columns => long.Parse(columns[1], System.Globalization.CultureInfo.InvariantCulture));

    private static void Unavailable(string why)
    {
        // A test that needs RabbitMQ fails in CI, where the broker must be there; a developer without one is told and skipped.
        if (InCi) Assert.Fail(why);
        Assert.Ignore(why);
    }

    private static void Rabbitmqctl(params string[] arguments)
    {
        try { Run("rabbitmqctl", arguments); }
        catch (System.ComponentModel.Win32Exception) { Unavailable("rabbitmqctl is not installed"); }
    }

    private static bool TryRun(string program, params string[] arguments)
    {
        try
        {
            Run(program, arguments);
            return true;
        }
        catch (InvalidOperationException) { return false; }
    }

    private static void Run(string program, params string[] arguments) => Output(program, arguments);

    private static string Output(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}{output}");
        return output;
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
