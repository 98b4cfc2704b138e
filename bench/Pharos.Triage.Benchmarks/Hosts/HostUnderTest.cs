using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pharos.Triage.Benchmarks.Hosts;

/// <summary>
/// The Pharos host as a real process, built in the benchmark's configuration (Release), on its own port and
/// data directory: measured from outside, as its users meet it. Samples its resident memory while it runs.
/// </summary>
public sealed class HostUnderTest : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakRssBytes;

    private HostUnderTest(string name, Process process, int port, string dataDirectory)
    {
        Name = name;
        _process = process;
        Port = port;
        DataDirectory = dataDirectory;
        _sampling = SampleMemoryAsync(_stop.Token);
    }

    public string Name { get; }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public string DataDirectory { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>
    /// The largest resident set seen: the kernel's high-water mark (VmHWM), which catches peaks between samples.
    /// </summary>
    public long PeakWorkingSetBytes => Math.Max(Interlocked.Read(ref _peakRssBytes), ReadStatus("VmHWM"));

    public static async Task<HostUnderTest> StartAsync(string name, string dataDirectory, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        Directory.CreateDirectory(dataDirectory);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(HostAssembly());
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Pharos__DataDirectory"] = dataDirectory;
        // Information logs per request would measure the console, not the service.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // The load comes from the demo analyst, one principal filing for everyone: the rate limits are not under measure.
        start.Environment["Pharos__DemoPrincipals"] = "true";
        start.Environment["Pharos__Limits__RateLimits__analyst__PermitsPerSecond"] = "1000000";
        start.Environment["Pharos__Limits__RateLimits__analyst__Burst"] = "1000000";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("the host did not start");
        var host = new HostUnderTest(name, process, port, dataDirectory);
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"{name} exited with {process.ExitCode}:\n{host.Output}");
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return host;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        await host.DisposeAsync();
        throw new TimeoutException($"{name} was not ready within {timeout}:\n{host.Output}");
    }

    /// <summary>
    /// The host's build output in this benchmark's configuration (the project reference builds it), or the one
    /// named by PHAROS_BENCH_HOST: another build of the host, to compare two versions with the same benchmark.
    /// </summary>
    public static string HostAssembly()
    {
        if (Environment.GetEnvironmentVariable("PHAROS_BENCH_HOST") is { Length: > 0 } other)
            return File.Exists(other) ? other : throw new FileNotFoundException("PHAROS_BENCH_HOST names no file.", other);
        var here = new DirectoryInfo(AppContext.BaseDirectory); // bench/Pharos.Triage.Benchmarks/bin/<Configuration>/<tfm>/
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Pharos.Triage.sln"))) root = root.Parent;
        if (root is null) throw new DirectoryNotFoundException("Pharos.Triage.sln not found above the benchmark's output");
        var path = Path.Combine(root.FullName, "Services", "Pharos.Triage.Host", "bin", configuration, tfm, "Pharos.Triage.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the host first.", path);
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length < 200_000) _output.AppendLine(line);
        }
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
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
