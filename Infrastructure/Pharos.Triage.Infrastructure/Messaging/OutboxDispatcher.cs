using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Infrastructure.Messaging;

public sealed class OutboxOptions
{
    /// <summary>How long to wait for new rows when nothing woke the dispatcher.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 100;

    /// <summary>How long a claimed row stays reserved for the dispatcher that claimed it.</summary>
    public TimeSpan ClaimFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one publish may wait for the bus. While a broker restarts, a publish can wait for a connection
    /// that never comes back to it; without this bound the dispatcher waited with it, and its rows stayed unsent
    /// for good. Shorter than <see cref="ClaimFor"/>, so that a row is not claimed again while its publish runs.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// On start, rows sent this recently are sent again. Set for the in-memory bus, which loses
    /// the messages it held when the process died; consumers' inboxes make the replay harmless.
    /// </summary>
    public TimeSpan ReplayOnStart { get; set; } = TimeSpan.Zero;

    public TimeSpan KeepSent { get; set; } = TimeSpan.FromDays(1);

    public TimeSpan KeepInbox { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Publishes a service's outbox rows and marks them sent. A row is marked only after the bus took it
/// (publisher confirms on RabbitMQ), so a crash between the two sends it again, never loses it.
/// </summary>
public sealed class OutboxDispatcher<TDatabase>(
    TDatabase database,
    IBus bus,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher<TDatabase>> logger,
    IHostApplicationLifetime? lifetime = null) : BackgroundService
    where TDatabase : ServiceDatabase
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly OutboxOptions _options = options.Value;
    private DateTimeOffset _nextPurge;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        database.OutboxWritten += Wake;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        database.OutboxWritten -= Wake;
        return base.StopAsync(cancellationToken);
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A message published before the bus has bound its queues is dropped by the in-memory
        // transport: wait until the host, bus included, has started.
        if (lifetime is not null && !await lifetime.WaitForStartAsync(stoppingToken)) return;
        if (_options.ReplayOnStart > TimeSpan.Zero)
            await ReplayRecentAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            int dispatched;
            try
            {
                dispatched = await DispatchBatchAsync(stoppingToken);
                await PurgeIfDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Outbox dispatch for {Service} failed; retrying", database.ServiceName);
                dispatched = 0;
            }

            if (dispatched == _options.BatchSize) continue;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(_options.PollInterval);
            try { await _wake.Reader.ReadAsync(timeout.Token); }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested) { }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Publishes one batch of unsent rows; returns how many were claimed.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        var sql = database.OutboxSql;
        var now = clock.Now();
        List<OutboxRow> rows;
        await using (var claim = await database.BeginAsync(ct))
        {
            rows = (await claim.QueryAsync<OutboxRow>(sql.Claim, new
            {
                _options.BatchSize,
                Now = now,
                LockedUntil = now + _options.ClaimFor,
            })).OrderBy(r => r.Id).ToList();
            await claim.CommitAsync(ct);
        }
        if (rows.Count == 0) return 0;

        var results = await Task.WhenAll(rows.Select(row => PublishAsync(row, ct)));
        var sent = rows.Where((_, i) => results[i] is null).Select(r => r.Id).ToList();

        await using var mark = await database.BeginAsync(ct);
        if (sent.Count > 0)
            await mark.ExecuteAsync(sql.MarkSent, new { SentAt = clock.Now(), Ids = sent });
        for (var i = 0; i < rows.Count; i++)
        {
            if (results[i] is not { } error) continue;
            var row = rows[i];
            await mark.ExecuteAsync(sql.MarkFailed, new
            {
                row.Id,
                Error = error,
                RetryAt = clock.Now() + TimeSpan.FromSeconds(Math.Min(60, 1 << Math.Min(6, row.Attempts))),
            });
        }
        await mark.CommitAsync(ct);
        return rows.Count;
    }

    private async Task<string?> PublishAsync(OutboxRow row, CancellationToken ct)
    {
        try
        {
            var type = MessageTypes.Resolve(row.MessageType);
            var message = JsonSerializer.Deserialize(row.Body, type, MessageTypes.JsonOptions)!;
            var messageId = Guid.Parse(row.MessageId);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.PublishTimeout);
            // The bus may ignore its token while it waits for a connection: stop waiting for it all the same. Should
            // the publish still go out later, the row is sent again and the consumers' inboxes absorb the copy.
            await bus.Publish(message, type, context => context.MessageId = messageId, timeout.Token)
                .WaitAsync(_options.PublishTimeout, clock, ct);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Publishing outbox row {OutboxId} ({MessageType}) of {Service} failed", row.Id, row.MessageType, database.ServiceName);
            return ex.GetType().Name + ": " + ex.Message;
        }
    }

    private async Task ReplayRecentAsync(CancellationToken ct)
    {
        await using var uow = await database.BeginAsync(ct);
        var replayed = await uow.ExecuteAsync(database.OutboxSql.Replay, new { Since = clock.Now() - _options.ReplayOnStart });
        await uow.CommitAsync(ct);
        if (replayed > 0)
            logger.LogInformation("Replaying {Count} recently sent messages of {Service}: the in-memory bus lost what it held", replayed, database.ServiceName);
    }

    private async Task PurgeIfDueAsync(CancellationToken ct)
    {
        var now = clock.Now();
        if (now < _nextPurge) return;
        _nextPurge = now + TimeSpan.FromMinutes(10);
        await using var uow = await database.BeginAsync(ct);
        await uow.ExecuteAsync(database.OutboxSql.PurgeSent, new { Before = now - _options.KeepSent });
        await uow.ExecuteAsync(database.OutboxSql.PurgeInbox, new { Before = now - _options.KeepInbox });
        await uow.CommitAsync(ct);
    }

    private sealed class OutboxRow
    {
        public long Id { get; set; }
        public string MessageId { get; set; } = "";
        public string MessageType { get; set; } = "";
        public string Body { get; set; } = "";
        public int Attempts { get; set; }
    }
}
