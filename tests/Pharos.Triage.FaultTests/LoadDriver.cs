using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pharos.Triage.FaultTests;

/// <summary>
/// A steady load, as the clients of the system make it: analysts filing reports at a fixed total rate,
/// and a platform client per platform that acknowledges and answers the requests it is sent (through each
/// instance of PlatformLiaison in turn, when it runs as two). Both are clients: a call that fails because a
/// service is down is made again later (a filing with the same Idempotency-Key and body), and everything the
/// system confirmed is written to the <see cref="Ledger"/>.
/// </summary>
public sealed class LoadDriver : IAsyncDisposable
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly PharosSystem _system;
    private readonly Ledger _ledger;
    private readonly int _maxFilings;
    private readonly ConcurrentQueue<(Filing Filing, DateTime NotBefore)> _retries = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _analysts;
    private readonly List<Task> _platforms;
    private int _next = -1;
    private volatile bool _noMoreFilings;

    private LoadDriver(PharosSystem system, Ledger ledger, int analysts, double reportsPerSecond, int maxFilings)
    {
        _system = system;
        _ledger = ledger;
        _maxFilings = maxFilings;
        var interval = TimeSpan.FromSeconds(analysts / reportsPerSecond);
        _analysts = [.. Enumerable.Range(0, analysts).Select(_ => Task.Run(() => AnalystAsync(interval)))];
        _platforms = [.. system.WebhookPlatforms.Select(platform => Task.Run(() => PlatformAsync(platform)))];
    }

    /// <summary>Starts <paramref name="analysts"/> analysts filing <paramref name="reportsPerSecond"/> reports a second between them, at most <paramref name="maxFilings"/>.</summary>
    public static LoadDriver Start(PharosSystem system, Ledger ledger, int analysts = 4, double reportsPerSecond = 30, int maxFilings = 2000) =>
        new(system, ledger, analysts, reportsPerSecond, maxFilings);

    /// <summary>How many distinct filings were made so far.</summary>
    public int Filed => Math.Min(Volatile.Read(ref _next) + 1, _maxFilings);

    /// <summary>
    /// Stops new filings; retries the failed ones until each is accepted or <paramref name="drain"/> ends;
    /// then stops the platform clients, so that the system can settle.
    /// </summary>
    public async Task StopAsync(TimeSpan drain)
    {
        _noMoreFilings = true;
        var deadline = DateTime.UtcNow + drain;
        while (!_analysts.All(a => a.IsCompleted) && DateTime.UtcNow < deadline) await Task.Delay(100);
        await _stop.CancelAsync();
        await Task.WhenAll(_analysts.Concat(_platforms));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        try { await Task.WhenAll(_analysts.Concat(_platforms)); }
        catch (OperationCanceledException) { }
        _stop.Dispose();
    }

    private async Task AnalystAsync(TimeSpan interval)
    {
        using var client = Api.Client(_system.Intake.BaseAddress, "demo-analyst", TimeSpan.FromSeconds(10));
        using var timer = new PeriodicTimer(interval);
        while (await Tick(timer, _stop.Token))
        {
            if (NextFiling() is { } filing) await FileAsync(client, filing);
            else if (_noMoreFilings && _retries.IsEmpty) return;
        }
    }

    private Filing? NextFiling()
    {
        if (_retries.TryPeek(out var retry) && retry.NotBefore <= DateTime.UtcNow && _retries.TryDequeue(out retry))
            return retry.Filing;
        if (_noMoreFilings) return null;
        var number = Interlocked.Increment(ref _next);
        return number < _maxFilings ? _ledger.Contents.Filing(number) : null;
    }

    private async Task FileAsync(HttpClient client, Filing filing)
    {
        _ledger.Attempted(filing);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports")
            {
                Content = new ByteArrayContent(filing.Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            request.Headers.Add("Idempotency-Key", filing.IdempotencyKey);
            using var response = await client.SendAsync(request, _stop.Token);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var report = await response.Content.ReadFromJsonAsync<JsonElement>(_stop.Token);
                _ledger.Accept(filing, report.GetProperty("id").GetString()!);
            }
            else if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                _ledger.FilingUnavailable();
                _retries.Enqueue((filing, DateTime.UtcNow + RetryAfter));
            }
            else
            {
                _ledger.Refuse($"filing {filing.Number} ({filing.Url}): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(_stop.Token)}");
            }
        }
        catch (Exception ex) when (Api.IsUnavailable(ex) && !_stop.IsCancellationRequested)
        {
            // Intake is down or restarting; the answer may have been lost after the commit, which the key makes harmless.
            _ledger.FilingUnavailable();
            _retries.Enqueue((filing, DateTime.UtcNow + RetryAfter));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
    }

    private async Task PlatformAsync(string platformId)
    {
        // One client per instance of PlatformLiaison, each poll to the next one running, as behind a load balancer.
        var instances = _system.Instances("PlatformLiaison");
        var clients = instances.Select(i => Api.Client(i.BaseAddress, $"demo-platform-{platformId}", TimeSpan.FromSeconds(10))).ToList();
        try { await PollAsync(instances, clients); }
        finally { foreach (var client in clients) client.Dispose(); }
    }

    private async Task PollAsync(IReadOnlyList<HostProcess> instances, IReadOnlyList<HttpClient> clients)
    {
        var turn = 0;
        do
        {
            // The next instance running; none running (a service killed alone), the next anyway: the call fails as it would.
            var next = Enumerable.Range(turn, instances.Count).Select(i => i % instances.Count)
                .FirstOrDefault(i => instances[i].IsRunning, turn % instances.Count);
            turn = next + 1;
            var client = clients[next];
            try
            {
                var open = await client.All("/api/platform/requests?status=pending");
                open.AddRange(await client.All("/api/platform/requests?status=acknowledged"));
                foreach (var request in open)
                {
                    if (_stop.IsCancellationRequested) return;
                    await AnswerAsync(client, request);
                }
            }
            catch (Exception ex) when (Api.IsUnavailable(ex) && !_stop.IsCancellationRequested)
            {
                _ledger.PlatformWasUnavailable();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
        }
        while (await Delay(TimeSpan.FromMilliseconds(300), _stop.Token));
    }

    private async Task AnswerAsync(HttpClient client, JsonElement request)
    {
        var id = request.String("id")!;
        var status = request.String("status");
        var content = _ledger.Contents.Of(request.String("url")!);
        if (content is null)
        {
            _ledger.Refuse($"request {id} for {request.String("url")}, a URL no analyst filed");
            return;
        }

        switch (content.Answer)
        {
            case PlatformAnswer.Remove:
                _ledger.PlatformCalled();
                try
                {
                    using var response = await client.PostAsJsonAsync($"/api/platform/requests/{id}/outcome",
                        new { outcome = "removed", platformTicket = $"T-{id[..8]}" }, _stop.Token);
                    if (response.StatusCode == HttpStatusCode.OK) _ledger.RequestAnswered(id);
                    // The first call was recorded but its answer lost: the request is closed, by that call.
                    else if (response.StatusCode == HttpStatusCode.Conflict && _ledger.WasOutcomeUncertain(id)) _ledger.RequestAnswered(id);
                    else if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests) _ledger.OutcomeUncertain(id);
                    else _ledger.Refuse($"outcome of request {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(_stop.Token)}");
                }
                catch (Exception ex) when (Api.IsUnavailable(ex) && !_stop.IsCancellationRequested)
                {
                    _ledger.OutcomeUncertain(id);
                    throw;
                }
                break;
            case PlatformAnswer.Acknowledge when status == "pending":
                _ledger.PlatformCalled();
                using (var response = await client.PostAsync($"/api/platform/requests/{id}/acknowledgement", null, _stop.Token))
                {
                    if (response.StatusCode == HttpStatusCode.OK) _ledger.RequestAcknowledged(id);
                    else if ((int)response.StatusCode < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                        _ledger.Refuse($"acknowledgement of request {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(_stop.Token)}");
                }
                break;
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }

    private static async Task<bool> Delay(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, ct);
            return true;
        }
        catch (OperationCanceledException) { return false; }
    }
}
