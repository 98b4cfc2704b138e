using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Runtime;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Infrastructure.Telemetry;
using Pharos.Triage.Infrastructure.Timing;

namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>
/// Publishes a service's outbox rows and marks them sent. A row is marked only after the bus took it
/// (publisher confirms on RabbitMQ), so a crash between the two sends it again, never loses it. The bus taking
/// it is not the end, though: a copy can still be lost on the way (an in-memory bus dying, a broker losing its
/// disk). So a row is done only once every consumer of its type has receipted it (<see cref="DeliveryReceipts"/>);
/// until then it goes again, backing off, and the consumers' inboxes absorb the copies.
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
    private readonly ServiceOutbox _outbox = database.Outbox();
    private DateTimeOffset _nextPurge;
    private DateTimeOffset _nextRearm;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _outbox.Written += Wake;
        return base.StartAsync(cancellationToken);
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _outbox.Written -= Wake;
        return base.StopAsync(cancellationToken);
    }

    private void Wake() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A message published before the bus has bound its queues is dropped by the in-memory
        // transport: wait until the host, bus included, has started.
        if (lifetime is not null && !await lifetime.WaitForStartAsync(stoppingToken)) return;
        if (_options.ResendUnreceiptedOnStart)
        {
            try { await RearmAsync(DateTimeOffset.MaxValue, stoppingToken); }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex) { logger.LogWarning(ex, "Resending the unreceipted messages of {Service} on start failed; they go at their due time", database.ServiceName); }
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            int dispatched;
            try
            {
                await RearmIfDueAsync(stoppingToken);
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
        var sql = _outbox.Sql;
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
        var sentAt = clock.Now();

        await using var mark = await database.BeginAsync(ct);
        // Rows sent as often wait as long before they go again: one statement per such group.
        foreach (var group in rows.Where((_, i) => results[i] is null).GroupBy(r => r.Sends))
            await mark.ExecuteAsync(sql.MarkSent, new { SentAt = sentAt, ResendAt = sentAt + ResendWait(group.Key), Ids = group.Select(r => r.Id).ToList() });
        for (var i = 0; i < rows.Count; i++)
        {
            if (results[i] is not { } failure) continue;
            var row = rows[i];
            await mark.ExecuteAsync(failure.Unsendable ? sql.MarkUnsendable : sql.MarkFailed, new
            {
                row.Id,
                failure.Error,
                RetryAt = sentAt + Backoff.Doubling(TimeSpan.FromSeconds(1), row.Attempts, TimeSpan.FromMinutes(1)),
            });
        }
        await mark.CommitAsync(ct);
        return rows.Count;
    }

    /// <summary>How long a row sent <paramref name="sendsBefore"/> times before waits for its receipts before it goes again.</summary>
    public TimeSpan ResendWait(int sendsBefore) => Backoff.Doubling(_options.ResendAfter, sendsBefore, _options.ResendMaxWait);

    private sealed record Failure(string Error, bool Unsendable);

    private async Task<Failure?> PublishAsync(OutboxRow row, CancellationToken ct)
    {
        Type type;
        object message;
        Guid messageId;
        try
        {
            type = MessageTypes.Resolve(row.MessageType);
            message = JsonSerializer.Deserialize(row.Body, type, MessageTypes.JsonOptions)
                ?? throw new JsonException("The body is null.");
            messageId = Guid.Parse(row.MessageId);
        }
        catch (Exception ex) when (ex is InvalidOperationException or JsonException or NotSupportedException or FormatException or ArgumentException)
        {
            // No retry will change this row: it shows in readiness (UnsendableOutboxHealthCheck) and holds nothing back.
            logger.LogError(ex, "Outbox row {OutboxId} ({MessageType}) of {Service}, written {Age} ago, cannot be sent",
                row.Id, row.MessageType, database.ServiceName, clock.Now() - row.CreatedAt);
            return new Failure(ex.GetType().Name + ": " + ex.Message, Unsendable: true);
        }
        try
        {
            // The bus's publish span, and through its headers every consumer's, continue the trace that wrote the row.
            using var span = TracedWork.Start("outbox send", ActivityKind.Internal, new(row.TraceParent, row.TraceState), database.ServiceName);
            span?.SetTag("messaging.message.id", row.MessageId).SetTag("pharos.message_type", row.MessageType);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.PublishTimeout);
            // The bus may ignore its token while it waits for a connection: stop waiting for it all the same. Should
            // the publish still go out later, the row is sent again and the consumers' inboxes absorb the copy.
            await bus.Publish(message, type, context =>
                {
                    context.MessageId = messageId;
                    // Its consumers' receipts come back to this service's outbox only.
                    context.Headers.Set(DeliveryReceipts.PublisherHeader, database.ServiceName);
                }, timeout.Token)
                .WaitAsync(_options.PublishTimeout, clock, ct);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Publishing outbox row {OutboxId} ({MessageType}) of {Service} failed", row.Id, row.MessageType, database.ServiceName);
            return new Failure(ex.GetType().Name + ": " + ex.Message, Unsendable: false);
        }
    }

    /// <summary>Makes the rows whose resend is due unsent again, for the next claims; returns how many.</summary>
    public Task<int> RearmDueAsync(CancellationToken ct) => RearmAsync(clock.Now(), ct);

    private async Task<int> RearmAsync(DateTimeOffset upTo, CancellationToken ct)
    {
        var total = 0;
        int rearmed;
        do
        {
            await using var uow = await database.BeginAsync(ct);
            rearmed = await uow.ExecuteAsync(_outbox.Sql.Rearm, new { Now = upTo, Limit = _options.PurgeBatch });
            await uow.CommitAsync(ct);
            total += rearmed;
        }
        while (rearmed == _options.PurgeBatch);
        if (total > 0)
            logger.LogInformation("Sending {Count} messages of {Service} again: some consumer has not receipted them", total, database.ServiceName);
        return total;
    }

    private async Task RearmIfDueAsync(CancellationToken ct)
    {
        var now = clock.Now();
        if (now < _nextRearm) return;
        _nextRearm = now + _options.ResendCheckInterval;
        await RearmDueAsync(ct);
    }

    private async Task PurgeIfDueAsync(CancellationToken ct)
    {
        var now = clock.Now();
        if (now < _nextPurge) return;
        _nextPurge = now + _options.PurgeInterval;
        await PurgeAsync(ct);
    }

    /// <summary>
    /// Deletes every sent row taken by all its consumers and every inbox record past its keep, batch after batch, each
    /// batch a transaction of its own; returns how many rows went.
    /// </summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var now = clock.Now();
        return await PurgeAllAsync(_outbox.Sql.PurgeSent, now - _options.KeepSent, ct)
            + await PurgeAllAsync(_outbox.Sql.PurgeInbox, now - _options.KeepInbox, ct);
    }

    private async Task<int> PurgeAllAsync(string sql, DateTimeOffset before, CancellationToken ct)
    {
        var total = 0;
        int deleted;
        do
        {
            await using var uow = await database.BeginAsync(ct);
            deleted = await uow.ExecuteAsync(sql, new { Before = before, Limit = _options.PurgeBatch });
            await uow.CommitAsync(ct);
            total += deleted;
        }
        while (deleted == _options.PurgeBatch);
        return total;
    }

    private sealed class OutboxRow
    {
        public long Id { get; set; }
        public string MessageId { get; set; } = "";
        public string MessageType { get; set; } = "";
        public string Body { get; set; } = "";
        public int Attempts { get; set; }
        public int Sends { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public string? TraceParent { get; set; }
        public string? TraceState { get; set; }
    }
}
