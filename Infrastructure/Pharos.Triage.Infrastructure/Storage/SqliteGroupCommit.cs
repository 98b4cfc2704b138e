using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Pharos.Triage.Infrastructure.Storage;

/// <summary>
/// Group commit for one SQLite file. With <c>synchronous=FULL</c> every COMMIT waits for the disk (about 2 ms
/// here), which capped a service at a few hundred transactions a second. Writers still run one at a time, but
/// a writer that finishes while others queue hands its open transaction on instead of committing it: each
/// writer works inside its own savepoint of the shared transaction, and one COMMIT, one flush to disk, makes
/// the whole group durable. No writer is told it committed before that flush: durability is unchanged.
/// All groups use one writer connection, kept open, so that its statements stay prepared (<see cref="SqliteStatements"/>);
/// after any failure it is closed and the next group opens a fresh one.
/// </summary>
internal sealed class SqliteGroupCommit(Func<CancellationToken, Task<SqliteConnection>> open) : IAsyncDisposable
{
    // One name for every writer's savepoint: writers take turns, each releasing its savepoint before the next
    // takes one, so the same three statements serve them all, prepared once.
    private const string Savepoint = "SAVEPOINT writer;";
    private const string Release = "RELEASE writer;";
    private const string RollbackToSavepoint = "ROLLBACK TO writer;";

    /// <summary>The most writers one flush covers, so that a group's first writer does not wait without end.</summary>
    private const int MaxMembers = 64;

    /// <summary>A group older than this is flushed before anyone else joins it: a bound on the wait it adds.</summary>
    private static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(20);

    private readonly SemaphoreSlim _writer = new(1, 1);
    private int _queued;
    private long _flushes;
    private Group? _open; // read and written only while _writer is held
    private SqliteConnection? _connection; // likewise
    private SqliteStatements? _statements; // likewise
    private bool _disposed;

    internal sealed class Group(SqliteConnection connection, SqliteTransaction transaction, SqliteStatements statements)
    {
        public SqliteConnection Connection { get; } = connection;
        public SqliteTransaction Transaction { get; } = transaction;
        public SqliteStatements Statements { get; } = statements;
        /// <summary>When it opened, on the monotonic clock: its age bounds a wait on the disk, no deadline of the domain.</summary>
        public long OpenedAt { get; } = Stopwatch.GetTimestamp();
        public List<TaskCompletionSource> Members { get; } = [];
    }

    /// <summary>A writer's place in its group. The writer lock is held until <see cref="LeaveAsync"/>.</summary>
    internal readonly record struct Membership(Group Group);

    /// <summary>Told how many writers each flush made durable (the group-commit size histogram).</summary>
    public Action<int>? Flushed { get; set; }

    /// <summary>How many group transactions were committed: each one flush to disk.</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>How many statements the writer connection keeps prepared (none before its first write).</summary>
    public int PreparedStatements => Volatile.Read(ref _statements)?.Count ?? 0;

    public async Task<Membership> EnterAsync(CancellationToken ct)
    {
        // Not cancellable: a writer that leaves sees this one queued and hands it the open group, so this one
        // must come for it. Cancelled meanwhile, it flushes the group instead of joining it.
        Interlocked.Increment(ref _queued);
        await _writer.WaitAsync(CancellationToken.None);
        Interlocked.Decrement(ref _queued);

        try
        {
            if (ct.IsCancellationRequested)
            {
                if (_open is { } handed) await FlushAsync(handed);
                ct.ThrowIfCancellationRequested();
            }
            if (_open is { } aging && (aging.Members.Count >= MaxMembers || Stopwatch.GetElapsedTime(aging.OpenedAt) > MaxAge))
                await FlushAsync(aging);
            if (_open is null)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_connection is null)
                {
                    _connection = await open(ct);
                    _statements = new SqliteStatements(_connection);
                }
                try
                {
                    // BEGIN IMMEDIATE takes the write lock up front, so a read never has to be upgraded.
                    _open = new Group(_connection, _connection.BeginTransaction(deferred: false), _statements!);
                }
                catch
                {
                    await CloseConnectionAsync();
                    throw;
                }
            }
            var group = _open;
            group.Statements.Execute(Savepoint, group.Transaction); // not cancellable: a half-made savepoint would break the group
            return new Membership(group);
        }
        catch (OperationCanceledException)
        {
            _writer.Release();
            throw;
        }
        catch (Exception ex)
        {
            if (_open is { } broken) await FailAsync(broken, ex);
            _writer.Release();
            throw;
        }
    }

    /// <summary>
    /// Ends a writer's work: keeps it (<paramref name="commit"/>) or undoes it. A kept write returns once it is
    /// durable, and throws if the group's flush failed (then nothing of it was written).
    /// </summary>
    public async Task LeaveAsync(Membership membership, bool commit)
    {
        var group = membership.Group;
        TaskCompletionSource? mine = null;
        try
        {
            if (!commit) group.Statements.Execute(RollbackToSavepoint, group.Transaction);
            group.Statements.Execute(Release, group.Transaction);
            if (commit)
            {
                mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                group.Members.Add(mine);
            }
        }
        catch (Exception ex)
        {
            // The transaction is unusable (SQLite rolls it all back on some errors): nothing of the group was kept.
            await FailAsync(group, ex);
            _writer.Release();
            if (commit) throw;
            return;
        }

        if (Volatile.Read(ref _queued) > 0 && group.Members.Count < MaxMembers)
        {
            _writer.Release(); // the writer queued next joins this transaction, and it or a later one flushes it
            if (mine is not null) await mine.Task;
            return;
        }

        try
        {
            await FlushAsync(group);
        }
        finally
        {
            _writer.Release();
        }
        if (mine is not null) await mine.Task;
    }

    /// <summary>Commits the group (one flush to disk) and tells every member. Called with the writer lock held.</summary>
    private async Task FlushAsync(Group group)
    {
        _open = null;
        try
        {
            await group.Transaction.CommitAsync();
        }
        catch (Exception ex)
        {
            // A failed COMMIT may leave the transaction open (a deferred constraint) or the connection unusable:
            // start again from a fresh one.
            await group.Transaction.DisposeAsync();
            await CloseConnectionAsync();
            foreach (var member in group.Members) member.TrySetException(ex);
            return;
        }
        Interlocked.Increment(ref _flushes);
        Flushed?.Invoke(group.Members.Count);
        await group.Transaction.DisposeAsync();
        foreach (var member in group.Members) member.TrySetResult();
    }

    private async Task FailAsync(Group group, Exception ex)
    {
        if (ReferenceEquals(_open, group)) _open = null;
        try { await group.Transaction.RollbackAsync(); }
        catch (Exception) { /* already rolled back by SQLite */ }
        await group.Transaction.DisposeAsync();
        await CloseConnectionAsync();
        foreach (var member in group.Members) member.TrySetException(ex);
    }

    private async Task CloseConnectionAsync()
    {
        _statements?.Dispose();
        _statements = null;
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
    }

    /// <summary>Closes the writer connection once the writer in progress, if any, has left.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!await _writer.WaitAsync(TimeSpan.FromSeconds(10))) return; // a writer still busy at shutdown keeps it
        try
        {
            if (_disposed) return;
            _disposed = true;
            if (_open is { } open) await FlushAsync(open);
            await CloseConnectionAsync();
        }
        finally
        {
            _writer.Release();
        }
    }
}
