using System.Data.Common;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.Data.Sqlite;
using Pharos.Triage.Infrastructure.Messaging;

namespace Pharos.Triage.Infrastructure.Storage;

/// <summary>
/// A transaction on a service's database. Messages given to <see cref="Publish{T}"/> are outbox rows
/// in the same transaction: they leave only if the state change commits, and they leave even if the
/// process dies right after the commit. On SQLite it is a savepoint of a transaction shared with the
/// writers queued behind it (<see cref="SqliteGroupCommit"/>); it commits when that transaction is durable.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly ServiceDatabase _database;
    private readonly SqliteGroupCommit? _group;
    private readonly SqliteGroupCommit.Membership _membership;
    private bool _published;
    private bool _done;

    /// <summary>SQL Server: a transaction of its own.</summary>
    internal UnitOfWork(ServiceDatabase database, DbConnection connection, DbTransaction transaction)
    {
        _database = database;
        Connection = connection;
        Transaction = transaction;
    }

    /// <summary>SQLite: a savepoint in the writers' group transaction.</summary>
    internal UnitOfWork(ServiceDatabase database, SqliteGroupCommit group, SqliteGroupCommit.Membership membership)
    {
        _database = database;
        _group = group;
        _membership = membership;
        Connection = membership.Group.Connection;
        Transaction = membership.Group.Transaction;
    }

    public DbConnection Connection { get; }

    /// <summary>Called as the commit begins: a failure from then on may have committed, so it is not retried.</summary>
    internal Action? Committing { get; set; }

    public DbTransaction Transaction { get; }

    /// <summary>
    /// On SQLite, the writer connection's prepared command for <paramref name="sql"/>, where its parameters allow
    /// (<see cref="SqliteStatements"/>); otherwise the statement goes through Dapper.
    /// </summary>
    private bool TryPrepared(string sql, object? parameters, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SqliteCommand? command)
    {
        command = null;
        return _group is not null && _membership.Group.Statements.TryGet(sql, parameters, (SqliteTransaction)Transaction, out command);
    }

    public Task<int> ExecuteAsync(string sql, object? parameters = null) =>
        TryPrepared(sql, parameters, out var command)
            ? Task.FromResult(command.ExecuteNonQuery())
            : Connection.ExecuteAsync(sql, parameters, Transaction);

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null) =>
        TryPrepared(sql, parameters, out var command)
            ? Task.FromResult(SqliteStatements.QuerySingleOrDefault<T>(command))
            : Connection.QuerySingleOrDefaultAsync<T>(sql, parameters, Transaction);

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null) =>
        TryPrepared(sql, parameters, out var command)
            ? Task.FromResult<IEnumerable<T>>(SqliteStatements.Query<T>(command))
            : Connection.QueryAsync<T>(sql, parameters, Transaction);

    public Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters = null) =>
        TryPrepared(sql, parameters, out var command)
            ? Task.FromResult(SqliteStatements.Scalar<T>(command))
            : Connection.ExecuteScalarAsync<T>(sql, parameters, Transaction);

    /// <summary>
    /// Writes <paramref name="message"/> to the outbox; it is published after the commit. Returns the
    /// contract name and body written, for callers that keep a copy.
    /// </summary>
    public async Task<(string MessageType, string Body)> Publish(object message, DateTimeOffset now)
    {
        var type = MessageTypes.NameOf(message.GetType());
        var body = JsonSerializer.Serialize(message, message.GetType(), MessageTypes.JsonOptions);
        await PublishStored(type, body, now);
        return (type, body);
    }

    /// <summary>Writes a message kept earlier (by <see cref="Publish"/>) to the outbox again.</summary>
    public async Task PublishStored(string messageType, string body, DateTimeOffset now)
    {
        await ExecuteAsync(_database.OutboxSql.Enqueue, new
        {
            // Time-ordered as text: the outbox's and every consumer's inbox index take new ids at their end. NewId's
            // text is not ordered, and as those indexes outgrew SQLite's page cache each write touched a random page.
            MessageId = Guid.CreateVersion7(now).ToString(),
            MessageType = messageType,
            Body = body,
            CreatedAt = now,
            Awaiting = _database.Subscriptions?.AwaitingFor(messageType),
        });
        _published = true;
    }

    /// <summary>When the oldest message of this service's outbox still waiting to leave was written; null when none waits.</summary>
    public async Task<DateTimeOffset?> OldestUnsentAsync()
    {
        var createdAt = await ExecuteScalarAsync<long?>(_database.OutboxSql.OldestUnsent);
        return createdAt is { } ms ? Timestamps.FromUnixMs(ms) : null;
    }

    /// <summary>
    /// Records that <paramref name="consumer"/> handled <paramref name="messageId"/>. False when it already
    /// had: the caller then changes nothing, which makes redelivery harmless.
    /// </summary>
    public async Task<bool> TryRecordHandled(Guid? messageId, string consumer, DateTimeOffset now)
    {
        if (messageId is null) return true;
        var inserted = await ExecuteAsync(_database.OutboxSql.RecordHandled,
            new { MessageId = messageId.Value.ToString(), Consumer = consumer, HandledAt = now });
        return inserted == 1;
    }

    /// <summary>Returns once the work is durable; throws if it was not kept.</summary>
    public async Task CommitAsync(CancellationToken ct = default)
    {
        if (_done) throw new InvalidOperationException("This unit of work has already ended.");
        _done = true;
        Committing?.Invoke();
        if (_group is not null)
        {
            await _group.LeaveAsync(_membership, commit: true);
        }
        else
        {
            try
            {
                await Transaction.CommitAsync(ct);
            }
            finally
            {
                await Transaction.DisposeAsync();
                await Connection.DisposeAsync();
            }
        }
        if (_published) _database.NotifyOutboxWritten();
    }

    public async ValueTask DisposeAsync()
    {
        if (_done) return;
        _done = true;
        if (_group is not null)
        {
            await _group.LeaveAsync(_membership, commit: false);
            return;
        }
        try { await Transaction.RollbackAsync(); } catch (InvalidOperationException) { /* already completed */ }
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
