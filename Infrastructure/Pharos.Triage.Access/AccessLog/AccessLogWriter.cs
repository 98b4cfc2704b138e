using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Security;

namespace Pharos.Triage.Access.AccessLog;

/// <summary>Bound from <c>Pharos:AccessLog</c>.</summary>
public sealed class AccessLogOptions
{
    /// <summary>How long entries are kept before they are purged.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(365);
}

/// <summary>
/// Writes the access log in batches: one transaction for many requests, instead of one write (and one
/// disk flush) per request. The queue waits rather than drop an entry, and is drained on a graceful stop.
/// </summary>
public sealed class AccessLogWriter(AccessDatabase database, TimeProvider clock, IOptions<AccessLogOptions> options, ILogger<AccessLogWriter> logger)
    : BackgroundService, IAccessRecorder
{
    private const int Batch = 500;
    private readonly Channel<AccessEntry> _entries = Channel.CreateBounded<AccessEntry>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait });
    private readonly SemaphoreSlim _draining = new(1, 1);
    private DateTimeOffset _nextPurge;

    public ValueTask RecordAsync(AccessEntry entry, CancellationToken ct) => _entries.Writer.WriteAsync(entry, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AccessEntry>(Batch);
        try
        {
            while (await _entries.Reader.WaitToReadAsync(stoppingToken))
                await DrainAsync(batch, CancellationToken.None);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        await DrainAsync(batch, CancellationToken.None);
    }

    /// <summary>
    /// Writes everything queued so far. One drain at a time: a second waits until what the first took
    /// from the queue is committed, so "drained" always means "in the table".
    /// </summary>
    public async Task DrainAsync(List<AccessEntry>? batch = null, CancellationToken ct = default)
    {
        batch ??= new List<AccessEntry>(Batch);
        await _draining.WaitAsync(ct);
        try
        {
            while (_entries.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
                if (batch.Count == Batch) await WriteAsync(batch, ct);
            }
            if (batch.Count > 0) await WriteAsync(batch, ct);
            await PurgeIfDueAsync(ct);
        }
        finally
        {
            _draining.Release();
        }
    }

    private async Task WriteAsync(List<AccessEntry> batch, CancellationToken ct)
    {
        try
        {
            await using var uow = await database.BeginAsync(ct);
            foreach (var entry in batch) await uow.ExecuteAsync(database.Sql.AppendAccess, entry);
            await uow.CommitAsync(ct);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Writing {Count} access log entries failed", batch.Count);
            throw;
        }
        finally
        {
            batch.Clear();
        }
    }

    private async Task PurgeIfDueAsync(CancellationToken ct)
    {
        var now = clock.Now();
        if (now < _nextPurge) return;
        _nextPurge = now.AddHours(1);
        await using var uow = await database.BeginAsync(ct);
        var purged = await uow.ExecuteAsync(database.Sql.PurgeAccess, new { Before = now - options.Value.Retention });
        await uow.CommitAsync(ct);
        if (purged > 0) logger.LogInformation("Purged {Count} access log entries older than {Retention}", purged, options.Value.Retention);
    }
}
