using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Pharos.Triage.Infrastructure.Storage;

/// <summary>
/// A transaction on a service's database: all it writes commits, or nothing does. The outbox writes its messages in
/// it, so that they leave only if the state change commits and even if the process dies right after. On SQLite it is a
/// savepoint of a transaction shared with the writers queued behind it (<see cref="SqliteGroupCommit"/>); it commits
/// when that transaction is durable.
/// </summary>
public sealed class UnitOfWork : IAsyncDisposable
{
    private readonly SqliteGroupCommit? _group;
    private readonly SqliteGroupCommit.Membership _membership;
    private List<Action>? _afterCommit;
    private bool _done;

    /// <summary>SQL Server: a transaction of its own.</summary>
    internal UnitOfWork(ServiceDatabase database, DbConnection connection, DbTransaction transaction)
    {
        Database = database;
        Connection = connection;
        Transaction = transaction;
    }

    /// <summary>SQLite: a savepoint in the writers' group transaction.</summary>
    internal UnitOfWork(ServiceDatabase database, SqliteGroupCommit group, SqliteGroupCommit.Membership membership)
    {
        Database = database;
        _group = group;
        _membership = membership;
        Connection = membership.Group.Connection;
        Transaction = membership.Group.Transaction;
    }

    /// <summary>The database this transaction is on.</summary>
    public ServiceDatabase Database { get; }

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
    /// Runs <paramref name="action"/> once the work is durable, and not at all if it is not kept. An action given again
    /// (the same method on the same object) runs once.
    /// </summary>
    public void AfterCommit(Action action)
    {
        _afterCommit ??= [];
        if (!_afterCommit.Contains(action)) _afterCommit.Add(action);
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
        if (_afterCommit is not null)
            foreach (var action in _afterCommit) action();
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
