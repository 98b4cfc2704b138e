using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Pharos.Triage.Benchmarks.Baselines;
using Pharos.Triage.Benchmarks.Hosts;
using Pharos.Triage.Benchmarks.Reporting;
using Pharos.Triage.Harness.Broker;
using Pharos.Triage.Harness.Http;
using Pharos.Triage.Harness.Webhooks;

namespace Pharos.Triage.Benchmarks;

/// <summary>
/// Reports filed through <c>POST /api/reports</c> until the platform is notified of its new request: as fast
/// as the system goes, then at half that rate for latency. On the embedded default (one process, in-memory
/// bus, SQLite) and over RabbitMQ (four processes). Also the embedded default's peak working set.
/// </summary>
public static class PipelineBenchmark
{
    /// <summary>Four platforms, each with its own webhook, so that notices are not queued behind one receiver.</summary>
    private static readonly (string Platform, string UrlFormat)[] Shapes =
    [
        ("youtube", "https://www.youtube.com/watch?v=b{0}"),
        ("x", "https://x.com/someone/status/{0}"),
        ("facebook", "https://www.facebook.com/someone/posts/{0}"),
        ("telegram", "https://t.me/somechannel/{0}"),
    ];

    private const int Concurrency = 32;

    /// <summary>How long the system is loaded before anything is measured.</summary>
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(20);

    /// <summary>Warm-up reports are numbered from here, apart from the measured ones.</summary>
    private const int WarmupFirst = 100_000_000;

    public static async Task RunAsync(BenchReport report, BenchArgs args)
    {
        var transports = args.PipelineTransports.Split(',', StringSplitOptions.TrimEntries);
        if (transports.Contains("embedded")) await RunAsync(report, args, overRabbitMq: false);
        if (transports.Contains("rabbitmq")) await RunAsync(report, args, overRabbitMq: true);
    }

    private static async Task RunAsync(BenchReport report, BenchArgs args, bool overRabbitMq)
    {
        var mode = overRabbitMq ? "RabbitMQ, 4 processes" : "embedded";
        var group = overRabbitMq ? "pipeline (RabbitMQ)" : "pipeline (embedded)";
        await using var system = await PharosUnderTest.StartAsync(overRabbitMq);

        // Warm-up, not measured: the connection pools, SQLite's caches and the JIT. Tiered compilation goes on
        // recompiling hot methods for several seconds under load (perf saw the JIT at 15 % of the host's CPU
        // 7 s in), so the warm-up runs for a time, not for a count.
        var warmed = 0;
        var warmup = Stopwatch.StartNew();
        while (warmup.Elapsed < WarmupTime)
        {
            await FileAndWaitAsync(system, First(WarmupFirst + warmed, 1_000), ratePerSecond: null);
            warmed += 1_000;
        }

        var maxReports = args.PipelineReports;
        var outboxBefore = system.OutboxRows();
        var cpu = system.StartCpuMeter();
        var max = await FileAndWaitAsync(system, First(1_000, maxReports), ratePerSecond: null);
        var cpuUse = cpu.Stop();
        var outboxAfter = system.OutboxRows();
        var rate = maxReports / max.Elapsed.TotalSeconds;
        report.Add(new Measurement(group, "reports/s, filed → request visible to the platform (max rate)", rate, "reports/s",
            Target: overRabbitMq ? null : "≥ 1000", Met: overRabbitMq ? null : rate >= 1000,
            Note: $"{maxReports} reports, {Concurrency} concurrent analysts' calls; {mode}"));

        var half = rate / 2;
        var paced = await FileAndWaitAsync(system, First(1_000 + maxReports, (int)Math.Max(200, half * args.PacedSeconds)), half);
        var p50 = Timing.Percentile(paced.Delays, 50);
        var p99 = Timing.Percentile(paced.Delays, 99);
        report.Add(new Measurement(group, $"filed → visible p50 at half the max rate ({half:0} reports/s)", p50, "ms", Note: mode));
        report.Add(new Measurement(group, $"filed → visible p99 at half the max rate ({half:0} reports/s)", p99, "ms",
            Target: "< 100 ms", Met: p99 < 100, Note: mode));
        report.Add(new Measurement(group, "POST /api/reports p99 at half the max rate", Timing.Percentile(paced.PostLatencies, 99), "ms", Note: mode));

        // Where the cores went at the max rate: a throughput short of its target is explained by these.
        var cpuNote = $"CPU seconds from /proc over the max-rate run ({cpuUse.Elapsed.TotalSeconds:0.0} s on {Environment.ProcessorCount} cores): " +
                      string.Join(", ", cpuUse.Processes.Select(p => $"{p.Name} {p.Seconds:0.0} s")) + $", the rest {cpuUse.OtherSeconds:0.0} s";
        foreach (var (name, _) in cpuUse.Processes)
            report.Add(new Measurement(group, $"CPU per report (max rate): {name}", cpuUse.MicrosecondsPer(name, maxReports), "µs", Note: cpuNote));
        report.Add(new Measurement(group, "machine idle during the max-rate run", cpuUse.IdleShare * 100, "%", Note: cpuNote));

        if (overRabbitMq)
        {
            var published = outboxAfter - outboxBefore;
            var perSecond = published / max.Elapsed.TotalSeconds;
            var raw = await BaselinesBenchmark.RabbitMqAsync(report);
            var ratio = perSecond / raw.WindowPerSecond;
            report.Add(new Measurement(group, "messages through the broker per second (max rate)", perSecond, "msg/s",
                $"raw RabbitMQ, {RabbitMqBaseline.Window} in flight", ratio, "≥ 0.5 × raw RabbitMQ", ratio >= 0.5,
                $"{published} messages published (each confirmed, consumed and acked) for {maxReports} reports, all four services"));
            var services = cpuUse.Processes.Where(p => p.Name is not (PharosUnderTest.Bench or RabbitMqBaseline.Broker)).Sum(p => p.Seconds);
            report.Add(new Measurement(group, "the four services' CPU per message published", services * 1e6 / published, "µs",
                "raw client CPU per message", services * 1e6 / published / raw.ClientMicrosecondsPerMessage, Note: cpuNote));
            if (raw.BrokerMicrosecondsPerMessage is { } rawBroker && cpuUse.Processes.Any(p => p.Name == RabbitMqBaseline.Broker))
            {
                var broker = cpuUse.MicrosecondsPer(RabbitMqBaseline.Broker, published);
                report.Add(new Measurement(group, "RabbitMQ broker CPU per message published", broker, "µs",
                    "raw RabbitMQ broker CPU per message", broker / rawBroker,
                    Note: "each RequestIssued is delivered to 3 queues (Intake, PlatformLiaison, Escalation), each ReportFiled to 1"));
            }
        }
        else
        {
            var peak = system.PeakWorkingSetBytes / 1048576.0;
            report.Add(new Measurement("memory", "embedded default, peak working set over the pipeline runs", peak, "MB",
                Target: "< 300 MB", Met: peak < 300, Note: "VmHWM of the host process"));
        }
    }

    private static IEnumerable<int> First(int from, int count) => Enumerable.Range(from, count);

    private sealed record Run(TimeSpan Elapsed, List<double> Delays, List<double> PostLatencies);

    /// <summary>
    /// Files one report per number (as fast as <see cref="Concurrency"/> callers go, or paced at a rate) and waits
    /// until the platform has been notified of every one. Elapsed runs from the first call to the last notice.
    /// </summary>
    private static async Task<Run> FileAndWaitAsync(PharosUnderTest system, IEnumerable<int> numbers, double? ratePerSecond)
    {
        var run = system.RunId;
        var urls = numbers.Select(n => string.Format(CultureInfo.InvariantCulture, Shapes[n % Shapes.Length].UrlFormat, $"{run}{n:D8}")).ToList();
        var accepted = new ConcurrentDictionary<string, (long Sent, long Accepted)>(StringComparer.Ordinal);
        var start = Stopwatch.GetTimestamp();

        async Task FileAsync(string url, CancellationToken ct)
        {
            var sent = Stopwatch.GetTimestamp();
            using var content = new StringContent(
                $$"""{"url":"{{url}}","category":"hate_speech","description":"benchmark report {{url}}"}""", Encoding.UTF8, "application/json");
            using var response = await system.Analyst.PostAsync("/api/reports", content, ct);
            if (response.StatusCode != HttpStatusCode.Created)
                throw new InvalidOperationException($"POST /api/reports answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            accepted[url] = (sent, Stopwatch.GetTimestamp());
        }

        if (ratePerSecond is { } rate)
        {
            // Open loop: each report leaves at its own time, whether or not earlier ones were answered.
            var calls = new List<Task>(urls.Count);
            for (var i = 0; i < urls.Count; i++)
            {
                var due = start + (long)(i / rate * Stopwatch.Frequency);
                while (Stopwatch.GetTimestamp() < due) await Task.Delay(1);
                calls.Add(FileAsync(urls[i], CancellationToken.None));
            }
            await Task.WhenAll(calls);
        }
        else
        {
            await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, (url, ct) => new ValueTask(FileAsync(url, ct)));
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        var last = 0L;
        foreach (var url in urls)
        {
            long at;
            while (!system.TryGetVisible(url, out at))
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"{urls.Count(u => !system.TryGetVisible(u, out _))} of {urls.Count} reports never reached their platform");
                await Task.Delay(10);
            }
            last = Math.Max(last, at);
        }

        var delays = new List<double>(urls.Count);
        var posts = new List<double>(urls.Count);
        foreach (var url in urls)
        {
            system.TryGetVisible(url, out var visible);
            var (sent, acceptedAt) = accepted[url];
            delays.Add(Stopwatch.GetElapsedTime(acceptedAt, visible).TotalMilliseconds);
            posts.Add(Stopwatch.GetElapsedTime(sent, acceptedAt).TotalMilliseconds);
        }
        return new Run(Stopwatch.GetElapsedTime(start, last), delays, posts);
    }

    /// <summary>The system under measure: its processes, the platforms' webhook receiver, an analyst's client.</summary>
    private sealed class PharosUnderTest : IAsyncDisposable
    {
        private readonly List<HostUnderTest> _hosts;
        private readonly RabbitMqVirtualHost? _vhost;
        private readonly string _dataDirectory;

        private PharosUnderTest(List<HostUnderTest> hosts, WebhookReceiver notices, RabbitMqVirtualHost? vhost, string dataDirectory)
        {
            _hosts = hosts;
            Notices = notices;
            _vhost = vhost;
            _dataDirectory = dataDirectory;
            var intake = hosts.Single(h => h.Name is "Intake" or "embedded");
            Analyst = Api.Authorize(
                new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency * 4 }) { BaseAddress = intake.BaseAddress, Timeout = TimeSpan.FromSeconds(60) },
                "demo-analyst");
        }

        /// <summary>Distinguishes this run's URLs from any earlier run's (each run has its own data, but readable logs help).</summary>
        public string RunId { get; } = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);

        /// <summary>The platforms' webhooks: a <c>request_issued</c> notice is sent once PlatformLiaison has committed the request.</summary>
        public WebhookReceiver Notices { get; }

        /// <summary>
        /// When the request for <paramref name="url"/> became visible to its platform (a <see cref="Stopwatch"/> timestamp): the
        /// arrival of its <c>request_issued</c> notice, which is the moment it is in the platform's API too.
        /// </summary>
        public bool TryGetVisible(string url, out long timestamp)
        {
            var issued = Notices.TryGetFirst("request_issued", url, out var notice);
            timestamp = issued ? notice.Arrived : 0;
            return issued;
        }

        public HttpClient Analyst { get; }

        public long PeakWorkingSetBytes => _hosts.Max(h => h.PeakWorkingSetBytes);

        /// <summary>The name this process (the analysts' client and the platforms' webhook receiver) goes by in CPU figures.</summary>
        public const string Bench = "benchmark client and webhook receiver";

        /// <summary>Starts measuring the CPU of every host, of the broker when there is one, and of this process.</summary>
        public CpuMeter StartCpuMeter()
        {
            var processes = _hosts.Select(h => (h.Name, h.ProcessId)).ToList();
            if (_vhost is not null && CpuMeter.RabbitMqBroker() is { } broker) processes.Add((RabbitMqBaseline.Broker, broker));
            processes.Add((Bench, Environment.ProcessId));
            return CpuMeter.Start([.. processes]);
        }

        public static async Task<PharosUnderTest> StartAsync(bool overRabbitMq)
        {
            var secrets = Shapes.ToDictionary(s => s.Platform, s => $"{s.Platform}-benchmark-webhook-secret-0123456789");
            var notices = await WebhookReceiver.StartAsync(secrets, answerAfter: TimeSpan.Zero);
            var data = Path.Combine(Path.GetTempPath(), "pharos-bench", Guid.NewGuid().ToString("N"));
            var environment = new Dictionary<string, string>();
            foreach (var (platform, secret) in secrets)
            {
                environment[$"Pharos__PlatformContacts__{platform}__WebhookUrl"] = notices.UrlFor(platform);
                environment[$"Pharos__PlatformContacts__{platform}__WebhookSecret"] = secret;
            }

            RabbitMqVirtualHost? vhost = null;
            var hosts = new List<HostUnderTest>();
            try
            {
                if (!overRabbitMq)
                {
                    hosts.Add(await HostUnderTest.StartAsync("embedded", data, environment, TimeSpan.FromMinutes(2)));
                }
                else
                {
                    vhost = RabbitMqBroker.CreateVirtualHost("bench-pipeline", IfBrokerAbsent.Throw);
                    environment["Pharos__Transport"] = "RabbitMq";
                    environment["ConnectionStrings__RabbitMq"] = vhost.AmqpUri;
                    foreach (var service in new[] { "Intake", "Routing", "PlatformLiaison", "Escalation" })
                        hosts.Add(await HostUnderTest.StartAsync(service, Path.Combine(data, service), environment, TimeSpan.FromMinutes(2), service));
                }
            }
            catch
            {
                foreach (var host in hosts) await host.DisposeAsync();
                vhost?.Dispose();
                await notices.DisposeAsync();
                throw;
            }
            return new PharosUnderTest(hosts, notices, vhost, data);
        }

        /// <summary>How many messages the services' outboxes have written: each is one publish to the bus.</summary>
        public long OutboxRows()
        {
            long rows = 0;
            foreach (var file in Directory.EnumerateFiles(_dataDirectory, "*.db", SearchOption.AllDirectories))
            {
                using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
                connection.Open();
                using var has = connection.CreateCommand();
                has.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'outbox';";
                if (Convert.ToInt64(has.ExecuteScalar(), CultureInfo.InvariantCulture) == 0) continue;
                using var count = connection.CreateCommand();
                count.CommandText = "SELECT COALESCE(MAX(id), 0) FROM outbox;"; // ids only grow; purges remove old rows, not ids
                rows += Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            }
            return rows;
        }

        public async ValueTask DisposeAsync()
        {
            Analyst.Dispose();
            foreach (var host in _hosts) await host.DisposeAsync();
            await Notices.DisposeAsync();
            _vhost?.Dispose();
            try { Directory.Delete(_dataDirectory, recursive: true); }
            catch (IOException) { }
        }
    }
}
