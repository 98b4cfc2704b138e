using System.Diagnostics;
using System.Globalization;

namespace Pharos.Triage.Harness.Hosts;

/// <summary>
/// The Pharos host as a real process, all its services (the embedded default) or one of them: started, killed with
/// SIGKILL or stopped with SIGTERM, started again on the same port and data directory, so that clients keep their
/// address across the fault. A second instance of a service shares the first one's data directory (its SQLite
/// files) and queues, with a port and a log of its own. Everything the process writes goes to its log, over all
/// its lives.
/// </summary>
public sealed class HostProcess : IDisposable
{
    /// <summary>What <c>/health/ready</c> answers when the database and every receive endpoint of the bus are up.</summary>
    public const string Ready = "200 Healthy";

    private readonly Dictionary<string, string> _environment;
    private readonly string? _hostAssembly;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private Process? _process;

    /// <param name="dataDirectory">Its <c>Pharos__DataDirectory</c>, created if missing; its log is written there too.</param>
    /// <param name="environment">More environment for the process; the port, the data directory and the service are the harness's.</param>
    /// <param name="service">The one service it runs (<c>Pharos__Services__0</c>), or null for all of them.</param>
    /// <param name="instance">Which instance of its service this is, from 1.</param>
    /// <param name="hostAssembly">The host to run; by default <see cref="HostBuild.Assembly"/>.</param>
    public HostProcess(
        string dataDirectory, IReadOnlyDictionary<string, string>? environment = null, string? service = null, int instance = 1, string? hostAssembly = null)
    {
        Service = service;
        Instance = instance;
        Port = FreePort.Find();
        Directory.CreateDirectory(dataDirectory);
        DataDirectory = dataDirectory;
        _hostAssembly = hostAssembly;
        var file = service ?? "host";
        LogPath = Path.Combine(dataDirectory, instance == 1 ? $"{file}.log" : $"{file}-{instance}.log");
        _log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        _environment = new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
        {
            ["Pharos__DataDirectory"] = dataDirectory,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        if (service is not null) _environment["Pharos__Services__0"] = service;
    }

    /// <summary>The one service the process runs, or null when it runs them all.</summary>
    public string? Service { get; }

    /// <summary>Which instance of its service this is, from 1.</summary>
    public int Instance { get; }

    /// <summary>The service, and its instance when it is not the first: "Routing", "Routing #2"; "host" for all services.</summary>
    public string Name => (Service ?? "host") + (Instance == 1 ? "" : $" #{Instance}");

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public string DataDirectory { get; }

    /// <summary>Everything the process wrote, over all its lives, for the diagnosis of a failure.</summary>
    public string LogPath { get; }

    public int Starts { get; private set; }

    /// <summary>Whether the process is up (started and neither killed nor exited).</summary>
    public bool IsRunning => _process is { HasExited: false };

    public int ProcessId => _process?.Id ?? throw new InvalidOperationException($"{Name} has not been started.");

    /// <summary>Starts the process and waits until it is <see cref="Ready"/>; throws if it exits or is not ready in time.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        if (IsRunning) throw new InvalidOperationException($"{Name} is already running.");
        _process?.Dispose();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(_hostAssembly ?? HostBuild.Assembly());
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        Write($"===== {Now()} start #{++Starts} of {Name} on port {Port}");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Write(e.Data);
        _process.ErrorDataReceived += (_, e) => Write(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Tail(40)}");
            if (await IsReadyAsync()) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}:\n{Tail(40)}");
    }

    /// <summary>
    /// Whether <c>/health/ready</c> answers 200 <c>Healthy</c>: its database and every receive endpoint of its bus are up.
    /// (An advisory check that is not healthy, or a bus that lost its broker, can leave the status 200: the code alone does not tell.)
    /// </summary>
    public async Task<bool> IsReadyAsync() => await ReadinessAsync() == Ready;

    /// <summary>What <c>/health/ready</c> answers: its status code and body, or why nothing answered.</summary>
    public async Task<string> ReadinessAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await client.GetAsync("/health/ready");
            return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }
        catch (HttpRequestException) { return "no answer"; }
        catch (TaskCanceledException) { return "no answer in 2 s"; }
    }

    /// <summary>SIGKILL: no shutdown, no flush, whatever was in flight is cut.</summary>
    public void Kill()
    {
        if (!IsRunning) return;
        _process!.Kill(entireProcessTree: true);
        _process.WaitForExit();
        Write($"===== {Now()} killed {Name} (SIGKILL)");
    }

    /// <summary>SIGTERM, as an orchestrator stops a container: the host finishes or hands back what it holds, then exits. Returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException($"{Name} has not been started.");
        Write($"===== {Now()} stopping {Name} (SIGTERM)");
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var wait = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(wait.Token);
        return process.ExitCode;
    }

    /// <summary>The whole log.</summary>
    public string Output => Read(int.MaxValue);

    /// <summary>The last <paramref name="lines"/> lines of the log.</summary>
    public string Tail(int lines) => Read(lines);

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        lock (_logLock) _log.Dispose();
    }

    private string Read(int lines)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd();
            return lines == int.MaxValue ? all : string.Join('\n', all.Split('\n').TakeLast(lines));
        }
        catch (IOException ex) { return $"(log unreadable: {ex.Message})"; }
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_logLock)
        {
            try { _log.WriteLine(line); }
            catch (ObjectDisposedException) { /* output that trails a disposed process */ }
        }
    }

    private static string Now() => TimeProvider.System.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
}
