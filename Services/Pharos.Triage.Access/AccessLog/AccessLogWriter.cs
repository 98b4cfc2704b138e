using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.Infrastructure.Timing;

namespace Pharos.Triage.Access.AccessLog;

/// <summary>Bound from <c>Pharos:AccessLog</c>.</summary>
public sealed class AccessLogOptions
{
    public const string Section = "Pharos:AccessLog";

    /// <summary>How long entries are kept before they are purged.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// How many entries may wait in memory to be written. While the database refuses writes, entries wait
    /// here; once it is full, calls to the API are refused with 503 until the log catches up. 50,000 is
    /// about 20 s of the embedded host's peak rate and hours of people's use, a few tens of megabytes.
    /// </summary>
    public int Capacity { get; set; } = 50_000;

    /// <summary>The wait before the first retry of a failed write; it doubles up to <see cref="MaxRetryAfter"/>.</summary>
    public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Writes the access log in batches: one transaction for many requests, instead of one write (and one
/// disk flush) per request. A write that fails is retried with backoff, its entries kept in order, while
/// the service keeps answering and reports itself degraded (<see cref="AccessLogHealthCheck"/>). Memory is
/// bounded by <see cref="AccessLogOptions.Capacity"/>: room for an entry is held before its call is served
/// (<see cref="TryReserve"/>) and given back only once the entry is committed, so no answered call goes
/// unlogged. On a graceful stop, what is held is written, retried until the host gives up waiting.
/// </summary>
public sealed class AccessLogWriter(AccessDatabase database, TimeProvider clock, IOptions<AccessLogOptions> options, ILogger<AccessLogWriter> logger)
    : BackgroundService, IAccessRecorder
{
    private const int Batch = 500;
    private readonly Channel<AccessEntry> _entries = Channel.CreateUnbounded<AccessEntry>();
    private readonly SemaphoreSlim _draining = new(1, 1);
    // Not disposed: the last drain may still read it after the host has given up waiting (it holds no timer).
    private readonly CancellationTokenSource _hostGivesUp = new();
    // Taken from the queue, not yet committed: kept across failed writes, in order. Guarded by _draining.
    private readonly List<AccessEntry> _unwritten = [];
    // Entries reserved, queued or unwritten: what the capacity bounds.
    private int _held;
    private long _refused;
    private DateTimeOffset _nextPurge;
    private volatile Failing? _failing;

    /// <summary>Since when writes fail, and the last error; null while the log is written.</summary>
    public sealed record Failing(DateTimeOffset Since, string LastError);

    public Failing? FailingState => _failing;

    /// <summary>Entries not yet committed (held room included).</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Calls refused since start because the log was full.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _held) <= options.Value.Capacity) return true;
        Interlocked.Decrement(ref _held);
        var refused = Interlocked.Increment(ref _refused);
        if (refused == 1 || refused % 1000 == 0)
            logger.LogError("The access log is full ({Capacity} entries unwritten): {Refused} calls refused with 503 so far", options.Value.Capacity, refused);
        return false;
    }

    public void Record(AccessEntry entry) => _entries.Writer.TryWrite(AccessLogColumns.Bound(entry)); // unbounded: always accepted

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        try
        {
            while (true)
            {
                if (failures == 0) await _entries.Reader.WaitToReadAsync(stoppingToken);
                else await Task.Delay(RetryAfter(failures), clock, stoppingToken);
                failures = await TryDrainAsync(failures) ? 0 : failures + 1;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }

        for (var attempt = 1; !await TryDrainAsync(failures) ; attempt++)
        {
            if (_hostGivesUp.IsCancellationRequested)
            {
                logger.LogCritical("Stopping with {Count} access log entries unwritten: the database refused them until the host stopped waiting", Held);
                return;
            }
            try { await Task.Delay(RetryAfter(attempt), clock, _hostGivesUp.Token); }
            catch (OperationCanceledException) { }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The last drain retries until the host's shutdown timeout, not forever.
        await using var giveUp = cancellationToken.Register(_hostGivesUp.Cancel);
        await base.StopAsync(cancellationToken);
    }

    private TimeSpan RetryAfter(int failures) => Backoff.Doubling(options.Value.FirstRetryAfter, failures - 1, options.Value.MaxRetryAfter);

    /// <summary>One drain; a failure is logged and reported, never thrown: the service goes on.</summary>
    private async Task<bool> TryDrainAsync(int failures)
    {
        try
        {
            await DrainAsync(CancellationToken.None);
            if (_failing is { } failing)
            {
                _failing = null;
                logger.LogWarning("The access log is written again, after failing since {Since}", failing.Since);
            }
            return true;
        }
        catch (Exception ex)
        {
            if (_failing is null)
            {
                _failing = new Failing(clock.Now(), ex.Message);
                logger.LogError(ex, "Writing the access log failed: {Held} entries are held and the write is retried", Held);
            }
            else
            {
                _failing = _failing with { LastError = ex.Message };
                logger.LogWarning("Writing the access log failed again (try {Try}): {Held} entries held; {Error}", failures + 1, Held, ex.Message);
            }
            return false;
        }
    }

    /// <summary>
    /// Writes everything queued so far, or throws with what was not written still held. One drain at a
    /// time: a second waits until what the first took from the queue is committed, so "drained" always
    /// means "in the table".
    /// </summary>
    public async Task DrainAsync(CancellationToken ct = default)
    {
        await _draining.WaitAsync(ct);
        try
        {
            while (_entries.Reader.TryRead(out var entry)) _unwritten.Add(entry);
            while (_unwritten.Count > 0)
            {
                var count = Math.Min(Batch, _unwritten.Count);
                await using (var uow = await database.BeginAsync(ct))
                {
                    for (var i = 0; i < count; i++) await uow.ExecuteAsync(database.Sql.AppendAccess, _unwritten[i]);
                    await uow.CommitAsync(ct);
                }
                _unwritten.RemoveRange(0, count);
                Interlocked.Add(ref _held, -count);
            }
            await PurgeIfDueAsync(ct);
        }
        finally
        {
            _draining.Release();
        }
    }

    private async Task PurgeIfDueAsync(CancellationToken ct)
    {
        var now = clock.Now();
        if (now < _nextPurge) return;
        await using var uow = await database.BeginAsync(ct);
        var purged = await uow.ExecuteAsync(database.Sql.PurgeAccess, new { Before = now - options.Value.Retention });
        await uow.CommitAsync(ct);
        _nextPurge = now.AddHours(1);
        if (purged > 0) logger.LogInformation("Purged {Count} access log entries older than {Retention}", purged, options.Value.Retention);
    }
}
