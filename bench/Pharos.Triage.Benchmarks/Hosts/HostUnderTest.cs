using System.Globalization;
using Pharos.Triage.Harness.Hosts;

namespace Pharos.Triage.Benchmarks.Hosts;

/// <summary>
/// The Pharos host as a real process (<see cref="HostProcess"/>), built in the benchmark's configuration (Release), on its
/// own port and data directory: measured from outside, as its users meet it. Samples its resident memory while it runs.
/// </summary>
public sealed class HostUnderTest : IAsyncDisposable
{
    private readonly HostProcess _process;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakRssBytes;

    private HostUnderTest(string name, HostProcess process)
    {
        Name = name;
        _process = process;
        _sampling = SampleMemoryAsync(_stop.Token);
    }

    /// <summary>What the host goes by in the figures: "embedded", a service's name.</summary>
    public string Name { get; }

    public int ProcessId => _process.ProcessId;

    public Uri BaseAddress => _process.BaseAddress;

    public string Output => _process.Output;

    /// <summary>
    /// The largest resident set seen: the kernel's high-water mark (VmHWM), which catches peaks between samples.
    /// </summary>
    public long PeakWorkingSetBytes => Math.Max(Interlocked.Read(ref _peakRssBytes), ReadStatus("VmHWM"));

    /// <summary>
    /// Starts the host (one <paramref name="service"/>, or all of them) and waits until it is ready. It runs the build named
    /// by PHAROS_BENCH_HOST when that is set: another build of the host, to compare two versions with the same benchmark.
    /// </summary>
    public static async Task<HostUnderTest> StartAsync(
        string name, string dataDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, string? service = null)
    {
        var measured = new Dictionary<string, string>
        {
            // Information logs per request would measure the console, not the service.
            ["Logging__LogLevel__Default"] = "Warning",
            // The load comes from the demo analyst, one principal filing for everyone: the rate limits are not under measure.
            ["Pharos__DemoPrincipals"] = "true",
            ["Pharos__Limits__RateLimits__analyst__PermitsPerSecond"] = "1000000",
            ["Pharos__Limits__RateLimits__analyst__Burst"] = "1000000",
        };
        foreach (var (key, value) in environment) measured[key] = value;
        var process = new HostProcess(dataDirectory, measured, service, hostAssembly: HostBuild.Assembly(Environment.GetEnvironmentVariable("PHAROS_BENCH_HOST")));
        try
        {
            await process.StartAsync(timeout);
        }
        catch
        {
            process.Dispose();
            throw;
        }
        return new HostUnderTest(name, process);
    }

    private async Task SampleMemoryAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var rss = ReadStatus("VmRSS");
                if (rss > Interlocked.Read(ref _peakRssBytes)) Interlocked.Exchange(ref _peakRssBytes, rss);
                await Task.Delay(100, ct);
            }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>A size line of /proc/PID/status (in kB there), in bytes; 0 once the process is gone.</summary>
    private long ReadStatus(string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_process.ProcessId}/status"))
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { }
        catch (InvalidOperationException) { }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _process.Dispose();
        _stop.Dispose();
    }
}
