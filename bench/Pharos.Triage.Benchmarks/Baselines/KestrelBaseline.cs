using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pharos.Triage.Benchmarks.Load;

namespace Pharos.Triage.Benchmarks.Baselines;

/// <summary>
/// The floor for Intake's <c>POST /api/reports</c>: a bare Kestrel endpoint in this process that parses the same
/// JSON body and answers 201, driven by wrk exactly as Intake is. wrk and the server share the machine's cores here
/// just as they do when Intake is measured, which is why Intake's figures are reported as ratios to these.
/// </summary>
public static class KestrelBaseline
{
    /// <summary>The body Intake's benchmark posts too (<c>{n}</c> is made unique per request by the wrk script).</summary>
    public const string BodyTemplate =
        """{"url":"https://www.youtube.com/watch?v={n}","category":"hate_speech","description":"benchmark report {n}"}""";

    public const int Threads = 2;
    public const int Connections = 32;

    /// <summary>
    /// Untimed load first, so that tiered JIT has compiled the hot path before the timed run. Three seconds were
    /// not enough for Intake: perf still saw the JIT at 15 % of its CPU 7 s into the load, and the same host
    /// filed 2,854 reports/s in its first 10 s and 4,128–4,427 in the next three.
    /// </summary>
    public static readonly TimeSpan Warmup = TimeSpan.FromSeconds(15);

    /// <summary>Fails with what to do when wrk is missing: every HTTP figure depends on it (Program checks first).</summary>
    public static void RequireWrk()
    {
        if (WrkLocator.Missing(Environment.GetEnvironmentVariable("PATH")) is { } missing) throw new InvalidOperationException(missing);
    }

    /// <summary>Requests/s, p50 and p99 of the bare endpoint under wrk (2 threads, 32 connections) for <paramref name="duration"/>.</summary>
    public static async Task<ServerRun> MeasureAsync(TimeSpan duration, CancellationToken ct = default)
    {
        RequireWrk();
        var builder = WebApplication.CreateSlimBuilder();
        // Logging off: a log line per request would measure the console, not Kestrel.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.MapPost("/api/reports", FileAsync);
        await app.StartAsync(ct);
        try
        {
            var url = app.Urls.First() + "/api/reports";
            // Intake's benchmark sends a bearer token; the bare endpoint ignores it, but the requests are the same bytes.
            var script = Wrk.PostScript(BodyTemplate, "token");
            await Wrk.RunAsync(url, script, Warmup, Threads, Connections);
            // The server runs in this process: its CPU is this process's, which otherwise sits waiting for wrk.
            var result = await Wrk.MeasureAsync(url, script, duration, "bare Kestrel", Environment.ProcessId, Threads, Connections);
            if (result.Load.NotSuccessful > 0 || result.Load.SocketErrors > 0)
                throw new InvalidOperationException(
                    $"the bare Kestrel endpoint answered {result.Load.NotSuccessful} non-2xx and had {result.Load.SocketErrors} socket errors");
            return result;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    // Deserialising into a record (and serialising the answer) with the host's JSON options: the parsing work every
    // real endpoint does, so that what Intake adds on top (validation, storage, outbox) is what the ratio shows.
    private static async Task<IResult> FileAsync(HttpRequest request, CancellationToken ct)
    {
        var report = await request.ReadFromJsonAsync<BaselineReport>(ct);
        if (report is not { Url: not null, Category: not null, Description: not null }) return TypedResults.BadRequest();
        var id = Guid.CreateVersion7().ToString();
        return TypedResults.Created($"/api/reports/{id}", new BaselineCreated(id, "received", report.Category));
    }

    private sealed record BaselineReport(string? Url, string? Category, string? Description);

    private sealed record BaselineCreated(string Id, string Status, string Category);
}
