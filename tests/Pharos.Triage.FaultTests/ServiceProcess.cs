using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Pharos.Triage.FaultTests;

/// <summary>
/// One service of the host as a real process: started, killed with SIGKILL, started again on the same
/// port and the same data directory, so that clients keep their address across the fault. A second
/// instance of a service shares the first one's data directory (its SQLite files) and queues, with a
/// port and a log of its own.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private Process? _process;

    public ServiceProcess(string service, string dataDirectory, IReadOnlyDictionary<string, string> environment, int instance = 1)
    {
        Service = service;
        Instance = instance;
        Port = FreePort();
        Directory.CreateDirectory(dataDirectory);
        DataDirectory = dataDirectory;
        LogPath = Path.Combine(dataDirectory, instance == 1 ? $"{service}.log" : $"{service}-{instance}.log");
        _log = new StreamWriter(LogPath, append: true) { AutoFlush = true };
        _environment = new Dictionary<string, string>(environment)
        {
            ["Pharos__Services__0"] = service,
            ["Pharos__DataDirectory"] = dataDirectory,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
    }

    public string Service { get; }

    /// <summary>Which instance of its service this is, from 1.</summary>
    public int Instance { get; }

    /// <summary>The service, and its instance when it is not the first: "Routing", "Routing #2".</summary>
    public string Name => Instance == 1 ? Service : $"{Service} #{Instance}";

    public int Port { get; }

    public string DataDirectory { get; }

    /// <summary>Everything the process wrote, over all its lives, for the diagnosis of a failure.</summary>
    public string LogPath { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int Starts { get; private set; }

    /// <summary>Whether the process is up (started and neither killed nor exited).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The host's own build output, beside this test's in the same configuration.</summary>
    public static string HostAssembly()
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory); // tests/Pharos.Triage.FaultTests/bin/<Configuration>/<tfm>/
        var tfm = testDirectory.Name;
        var configuration = testDirectory.Parent!.Name;
        var root = testDirectory.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(root, "Services", "Pharos.Triage.Host", "bin", configuration, tfm, "Pharos.Triage.Host.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the host first.", path);
    }

    public async Task StartAsync(TimeSpan timeout)
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException($"{Name} is already running.");
        _process?.Dispose();
        var start = new ProcessStartInfo("dotnet", $"\"{HostAssembly()}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        Write($"===== {DateTime.UtcNow:O} start #{++Starts} of {Name} on port {Port}");
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Write(e.Data);
        _process.ErrorDataReceived += (_, e) => Write(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Tail(40)}");
            if (await IsReadyAsync()) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}:\n{Tail(40)}");
    }

    /// <summary>
    /// Whether <c>/health/ready</c> answers 200 <c>Healthy</c>: its database and every receive endpoint
    /// of its bus are up. (MassTransit reports a bus that lost its broker as Degraded, which ASP.NET Core
    /// answers with 200 too: the status code alone does not tell.)
    /// </summary>
    public async Task<bool> IsReadyAsync() => await ReadinessAsync() == Ready;

    public const string Ready = "200 Healthy";

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
        if (_process is null || _process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        Write($"===== {DateTime.UtcNow:O} killed {Name} (SIGKILL)");
    }

    /// <summary>
    /// Runs a query on the service's own SQLite file, read-only beside the running service (WAL lets a
    /// reader in while it writes): what its API does not show, such as its outbox.
    /// </summary>
    public long Scalar(string sql, string? id = null)
    {
        using var connection = OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (id is not null) command.Parameters.AddWithValue("@Id", id);
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    public SqliteConnection OpenDatabase()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(DataDirectory, Service.ToLowerInvariant() + ".db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    public string Tail(int lines)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException ex) { return $"(log unreadable: {ex.Message})"; }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        lock (_logLock) _log.Dispose();
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
