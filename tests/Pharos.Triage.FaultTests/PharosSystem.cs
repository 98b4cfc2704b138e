using System.Diagnostics;
using System.Text;

namespace Pharos.Triage.FaultTests;

/// <summary>
/// The four services as four processes over a vhost of their own on the real RabbitMQ, each with its own
/// data directory (its SQLite file and its own access.db), and a webhook receiver standing in for X's and
/// YouTube's webhooks. A service may run as two processes (<c>doubled</c>): competing consumers on the same
/// queues, sharing one data directory, as two replicas on one volume would.
/// </summary>
public sealed class PharosSystem : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private static readonly string[] Names = ["Intake", "Routing", "PlatformLiaison", "Escalation"];

    private readonly RabbitMqVirtualHost _vhost;
    private readonly Dictionary<string, HostProcess> _services;
    private readonly Dictionary<string, IReadOnlyList<HostProcess>> _instances;

    private PharosSystem(RabbitMqVirtualHost vhost, string data, WebhookReceiver receiver, Dictionary<string, IReadOnlyList<HostProcess>> instances)
    {
        _vhost = vhost;
        DataDirectory = data;
        Receiver = receiver;
        _instances = instances;
        _services = instances.ToDictionary(i => i.Key, i => i.Value[0]);
    }

    public string VirtualHost => _vhost.Name;

    public string Amqp => _vhost.AmqpUri;

    public string DataDirectory { get; }

    public WebhookReceiver Receiver { get; }

    /// <summary>The platforms with a webhook: the stand-in platform client answers for these.</summary>
    public IReadOnlyList<string> WebhookPlatforms { get; } = ["x", "youtube"];

    /// <summary>The service's first instance.</summary>
    public HostProcess this[string service] => _services[service];

    /// <summary>Each service's first instance: one per service, each with its own data directory.</summary>
    public IEnumerable<HostProcess> Services => _services.Values;

    /// <summary>Every process, each instance of each service.</summary>
    public IEnumerable<HostProcess> Processes => _instances.Values.SelectMany(i => i);

    /// <summary>The instances of <paramref name="service"/>: one, or two when it runs doubled.</summary>
    public IReadOnlyList<HostProcess> Instances(string service) => _instances[service];

    public HostProcess Intake => _services["Intake"];

    public HostProcess Routing => _services["Routing"];

    public HostProcess Liaison => _services["PlatformLiaison"];

    public HostProcess Escalation => _services["Escalation"];

    /// <summary>Whether the data directory is kept when disposed, for the diagnosis of a failure.</summary>
    public bool KeepData { get; set; }

    /// <param name="settings">More environment for every service: a fault a test switches on.</param>
    /// <param name="doubled">The services that run as two processes on one data directory, both started at once.</param>
    public static async Task<PharosSystem> StartAsync(IReadOnlyDictionary<string, string>? settings = null, IReadOnlyCollection<string>? doubled = null)
    {
        var vhost = RabbitMqBroker.CreateVirtualHost("faults", IfBrokerAbsent.Skip);
        var data = Path.Combine(Path.GetTempPath(), "pharos-faults", vhost.Name);
        // Both forms an operator may configure: a Standard Webhooks secret, and a string used as its UTF-8 bytes.
        var secrets = new Dictionary<string, string>
        {
            ["x"] = "whsec_" + Convert.ToBase64String(Encoding.ASCII.GetBytes("x-webhook-secret-0123456789-abcdef")),
            ["youtube"] = "youtube-webhook-secret-0123456789",
        };
        // It takes a moment to answer, as a real receiver does, so that a kill of PlatformLiaison finds notices in flight.
        var receiver = await WebhookReceiver.StartAsync(secrets, answerAfter: TimeSpan.FromMilliseconds(100));

        var common = new Dictionary<string, string>
        {
            ["Pharos__Transport"] = "RabbitMq",
            ["ConnectionStrings__RabbitMq"] = vhost.AmqpUri,
            ["Pharos__DemoPrincipals"] = "true",
            // Stuck reports are filed again within seconds, so that settling takes seconds, not minutes.
            ["Pharos__Redrive__After"] = "00:00:02",
            ["Pharos__Redrive__Interval"] = "00:00:01",
            ["Pharos__Escalation__SweepInterval"] = "00:00:00.5",
            // The load is one analyst principal filing for four people: the rate limits are not under test here.
            ["Pharos__Limits__RateLimits__analyst__PermitsPerSecond"] = "2000",
            ["Pharos__Limits__RateLimits__analyst__Burst"] = "4000",
            ["Pharos__Limits__RateLimits__platform__PermitsPerSecond"] = "2000",
            ["Pharos__Limits__RateLimits__platform__Burst"] = "4000",
            ["Pharos__Limits__RateLimits__ministry__PermitsPerSecond"] = "2000",
            ["Pharos__Limits__RateLimits__ministry__Burst"] = "4000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) common[key] = value;
        var liaison = new Dictionary<string, string>(common)
        {
            // The receiver is local and quick. A short attempt timeout keeps the lease of a delivery that a
            // kill cut short near its floor of a minute (WebhookOptions.Lease), so that the test can wait for it.
            ["Pharos__Webhooks__AttemptTimeout"] = "00:00:02",
            ["Pharos__Webhooks__QuickRetries"] = "1",
            ["Pharos__Webhooks__QuickRetryDelay"] = "00:00:00.2",
            ["Pharos__Webhooks__FirstRetryAfter"] = "00:00:01",
            ["Pharos__Webhooks__MaxRetryAfter"] = "00:00:05",
        };
        foreach (var (platform, secret) in secrets)
        {
            liaison[$"Pharos__PlatformContacts__{platform}__WebhookUrl"] = receiver.UrlFor(platform);
            liaison[$"Pharos__PlatformContacts__{platform}__WebhookSecret"] = secret;
        }

        var instances = Names.ToDictionary(name => name, name => (IReadOnlyList<HostProcess>)Enumerable
            .Range(1, doubled?.Contains(name) == true ? 2 : 1)
            .Select(instance => new HostProcess(Path.Combine(data, name), name == "PlatformLiaison" ? liaison : common, name, instance))
            .ToList());
        var system = new PharosSystem(vhost, data, receiver, instances);
        try
        {
            // All at once: two instances of a service create and migrate their shared files side by side.
            await Task.WhenAll(system.Processes.Select(s => s.StartAsync(StartTimeout)));
        }
        catch
        {
            system.KeepData = true;
            await system.DisposeAsync();
            throw;
        }
        return system;
    }

    /// <summary>Waits until every running process answers <c>/health/ready</c> with 200 Healthy; returns how long that took.</summary>
    public async Task<TimeSpan> WaitAllReadyAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var running = Processes.Where(p => p.IsRunning).ToList();
            var states = await Task.WhenAll(running.Select(s => s.ReadinessAsync()));
            if (states.All(state => state == HostProcess.Ready)) return watch.Elapsed;
            if (watch.Elapsed > timeout)
            {
                var notReady = running.Zip(states).Where(s => s.Second != HostProcess.Ready)
                    .Select(s => $"{s.First.Name} ({s.Second}):\n{s.First.Tail(30)}");
                Assert.Fail($"Not ready {timeout} after the fault:\n{string.Join("\n", notReady)}");
            }
            await Task.Delay(250);
        }
    }

    /// <summary>The end of each service's log, for a failure's message.</summary>
    public string Logs(int lines) =>
        string.Join("\n", Processes.Select(s => $"--- {s.Name} ({s.LogPath}), last {lines} lines:\n{s.Tail(lines)}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Processes) process.Dispose();
        await Receiver.DisposeAsync();
        _vhost.Dispose();
        if (KeepData) return;
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
