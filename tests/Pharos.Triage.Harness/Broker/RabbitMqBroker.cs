using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.Sockets;

namespace Pharos.Triage.Harness.Broker;

/// <summary>
/// The local RabbitMQ that .ci/run installs and starts (guest/guest on 127.0.0.1:5672), driven with rabbitmqctl:
/// vhosts of their own for tests and measurements, the whole broker stopped and started again (an outage), what its
/// queues hold and who is connected.
/// </summary>
public static class RabbitMqBroker
{
    public const string Host = "127.0.0.1";

    public const int Port = 5672;

    /// <summary>
    /// How long a broker that must be there may be away before it counts as absent: a fault test stops it for 20 s,
    /// test projects run side by side, and a loaded machine takes its time to start it again.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(120);

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Creates a fresh vhost, <c>pharos-{purpose}-{guid}</c>, and gives <paramref name="user"/> every right on it. Where the
    /// broker must be there (<see cref="IfBrokerAbsent.Fail"/>, or a test in CI) a broker that is down is waited for up to
    /// <see cref="Grace"/>; elsewhere its absence is told at once, as <paramref name="ifAbsent"/> says.
    /// </summary>
    public static RabbitMqVirtualHost CreateVirtualHost(string purpose, IfBrokerAbsent ifAbsent, string user = "guest")
    {
        var required = ifAbsent == IfBrokerAbsent.Fail || (ifAbsent == IfBrokerAbsent.Skip && InCi);
        var waited = Stopwatch.StartNew();
        while (!Listening() && required && waited.Elapsed < Grace) Thread.Sleep(1000);
        if (!Listening())
            Absent(ifAbsent, $"no RabbitMQ listens on {Host}:{Port}{(required ? $" after {Grace.TotalSeconds:0} s" : "")} (.ci/run installs and starts it: service rabbitmq-server start)");

        var vhost = new RabbitMqVirtualHost($"pharos-{purpose}-{Guid.NewGuid():N}");
        try
        {
            Run("rabbitmqctl", "-q", "add_vhost", vhost.Name);
        }
        catch (Win32Exception)
        {
            Absent(ifAbsent, "rabbitmqctl is not installed (apt-get install rabbitmq-server)");
        }
        try
        {
            Run("rabbitmqctl", "-q", "set_permissions", "-p", vhost.Name, user, ".*", ".*", ".*");
        }
        catch
        {
            vhost.Dispose();
            throw;
        }
        return vhost;
    }

    /// <summary>Deletes the vhost with everything in it; one already gone, or a broker gone, is no failure.</summary>
    public static void DeleteVirtualHost(string name)
    {
        try { Run("rabbitmqctl", "-q", "delete_vhost", name); }
        catch (InvalidOperationException) { }
        catch (Win32Exception) { }
    }

    /// <summary>
    /// Waits (at most <paramref name="timeout"/>) until no client of another vhost is connected: stopping the broker
    /// would break whatever test of someone else runs at the same time. Returns the vhosts still connected when it
    /// gave up, empty when the broker is ours alone.
    /// </summary>
    public static async Task<IReadOnlyList<string>> WaitUntilAloneAsync(string vhost, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var others = Run("rabbitmqctl", "list_connections", "-q", "vhost")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(v => v != vhost && v != "vhost").Distinct().ToList();
            if (others.Count == 0 || waited.Elapsed > timeout) return others;
            await Task.Delay(1000);
        }
    }

    /// <summary>Stops the whole broker, as an operator or a crash would: every connection drops.</summary>
    public static void Stop() => Run("service", "rabbitmq-server", "stop");

    /// <summary>Starts the broker and waits until it takes connections again.</summary>
    public static async Task StartAsync(TimeSpan timeout)
    {
        Run("service", "rabbitmq-server", "start");
        var waited = Stopwatch.StartNew();
        while (!TakesConnections())
        {
            if (waited.Elapsed > timeout) throw new TimeoutException($"RabbitMQ did not take connections within {timeout}.");
            await Task.Delay(1000);
        }
    }

    /// <summary>The queues of <paramref name="vhost"/> and the messages each holds (ready and unacknowledged).</summary>
    public static IReadOnlyDictionary<string, long> Queues(string vhost) =>
        Run("rabbitmqctl", "list_queues", "-q", "-p", vhost, "name", "messages")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(columns => columns.Length == 2 && long.TryParse(columns[1], out _) && columns[0] != "name")
            .ToDictionary(columns => columns[0], columns => long.Parse(columns[1], CultureInfo.InvariantCulture));

    [DoesNotReturn]
    private static void Absent(IfBrokerAbsent ifAbsent, string why)
    {
        if (ifAbsent == IfBrokerAbsent.Skip && !InCi) Assert.Ignore(why);
        if (ifAbsent == IfBrokerAbsent.Skip) Assert.Fail($"{why}; CI=true, where a test needing RabbitMQ fails rather than skips");
        if (ifAbsent == IfBrokerAbsent.Fail) Assert.Fail(why);
        throw new RabbitMqUnavailableException(why);
    }

    private static bool TakesConnections()
    {
        try
        {
            Run("rabbitmq-diagnostics", "-q", "check_port_connectivity");
            return true;
        }
        catch (InvalidOperationException) { return false; }
    }

    /// <summary>Runs a command line tool and returns what it wrote; a failure throws with what it wrote to stderr.</summary>
    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}{output} (is RabbitMQ running? service rabbitmq-server start)");
        return output;
    }

    private static bool Listening()
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(Host, Port).Wait(TimeSpan.FromSeconds(2)) && client.Connected;
        }
        catch (AggregateException) { return false; }
        catch (SocketException) { return false; }
    }
}
