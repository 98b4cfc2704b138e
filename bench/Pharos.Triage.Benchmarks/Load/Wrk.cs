using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Pharos.Triage.Benchmarks.Reporting;

namespace Pharos.Triage.Benchmarks.Load;

/// <summary>What wrk measured: throughput, latency percentiles, and the answers that were not 2xx.</summary>
public sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long NotSuccessful, long SocketErrors);

/// <summary>A wrk run and the CPU the server under load spent meanwhile (<see cref="Server"/> names it in <see cref="Cpu"/>).</summary>
public sealed record ServerRun(WrkResult Load, CpuUse Cpu, string Server)
{
    /// <summary>The server's CPU time per request answered, in microseconds.</summary>
    public double ServerMicrosecondsPerRequest => Cpu.MicrosecondsPer(Server, Load.Requests);

    /// <summary>Everything else's CPU per request: wrk and the kernel's loopback traffic, mostly.</summary>
    public double OtherMicrosecondsPerRequest => Cpu.OtherSeconds * 1e6 / Load.Requests;
}

/// <summary>
/// Runs wrk (Debian's package) against an endpoint with a Lua script, the same way for the bare Kestrel baseline
/// and for Intake, so that the ratio compares servers, not load generators.
/// </summary>
public static partial class Wrk
{
    /// <summary>
    /// A script POSTing <paramref name="bodyTemplate"/> with <c>{n}</c> replaced by a counter unique per thread and
    /// request (so that every report is new content), and reporting exact p50/p99 and non-2xx counts at the end.
    /// </summary>
    public static string PostScript(string bodyTemplate, string? bearerToken)
    {
        var body = bodyTemplate.Replace("\\", "\\\\").Replace("\"", "\\\"");
        var auth = bearerToken is null ? "" : $"wrk.headers[\"Authorization\"] = \"Bearer {bearerToken}\"\n";
        return $$"""
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            {{auth}}
            local threads = {}
            -- Globals, not locals: setup() and done() reach each thread's copy through thread:set/get.
            counter = 0
            bad = 0
            prefix = "t"
            function setup(thread)
              thread:set("prefix", "t" .. (#threads + 1) .. "-" .. os.time())
              table.insert(threads, thread)
            end
            function request()
              counter = counter + 1
              local body = string.gsub("{{body}}", "{n}", prefix .. "-" .. counter)
              return wrk.format(nil, nil, nil, body)
            end
            function response(status, headers, body)
              if status < 200 or status > 299 then bad = bad + 1 end
            end
            function done(summary, latency, requests)
              local notok = 0
              for _, t in ipairs(threads) do notok = notok + t:get("bad") end
              io.write(string.format("PHAROS p50_us=%d p99_us=%d requests=%d notok=%d\n",
                latency:percentile(50), latency:percentile(99), summary.requests, notok))
            end
            """;
    }

    /// <summary><see cref="RunAsync"/>, measuring the CPU of the server's process (<paramref name="serverPid"/>) meanwhile.</summary>
    public static async Task<ServerRun> MeasureAsync(string url, string script, TimeSpan duration, string server, int serverPid, int threads = 2, int connections = 32)
    {
        var cpu = CpuMeter.Start((server, serverPid));
        var load = await RunAsync(url, script, duration, threads, connections);
        return new ServerRun(load, cpu.Stop(), server);
    }

    public static async Task<WrkResult> RunAsync(string url, string script, TimeSpan duration, int threads = 2, int connections = 32)
    {
        var scriptPath = Path.Combine(Path.GetTempPath(), $"pharos-wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(scriptPath, script);
        try
        {
            var start = new ProcessStartInfo(WrkLocator.Find(Environment.GetEnvironmentVariable("PATH")) ?? "wrk")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[] { "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                         "-d", $"{(int)duration.TotalSeconds}s", "--timeout", "10s", "-s", scriptPath, url })
                start.ArgumentList.Add(a);
            using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk)");
            var output = await wrk.StandardOutput.ReadToEndAsync();
            var errors = await wrk.StandardError.ReadToEndAsync();
            await wrk.WaitForExitAsync();
            if (wrk.ExitCode != 0) throw new InvalidOperationException($"wrk exited {wrk.ExitCode}: {errors}{output}");
            return Parse(output);
        }
        finally
        {
            File.Delete(scriptPath);
        }
    }

    public static WrkResult Parse(string output)
    {
        var mine = Summary().Match(output);
        var rate = RequestsPerSecond().Match(output);
        if (!mine.Success || !rate.Success) throw new InvalidOperationException($"unexpected wrk output:\n{output}");
        var socket = SocketErrors().Match(output);
        long SocketCount(string name) => socket.Success ? long.Parse(socket.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        return new WrkResult(
            double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(mine.Groups["p50"].Value, CultureInfo.InvariantCulture) / 1000.0,
            long.Parse(mine.Groups["p99"].Value, CultureInfo.InvariantCulture) / 1000.0,
            long.Parse(mine.Groups["requests"].Value, CultureInfo.InvariantCulture),
            long.Parse(mine.Groups["notok"].Value, CultureInfo.InvariantCulture),
            SocketCount("connect") + SocketCount("read") + SocketCount("write") + SocketCount("timeout"));
    }

    [GeneratedRegex(@"PHAROS p50_us=(?<p50>\d+) p99_us=(?<p99>\d+) requests=(?<requests>\d+) notok=(?<notok>\d+)")]
    private static partial Regex Summary();

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Socket errors: connect (?<connect>\d+), read (?<read>\d+), write (?<write>\d+), timeout (?<timeout>\d+)")]
    private static partial Regex SocketErrors();
}
