using Microsoft.Data.Sqlite;

namespace Pharos.Triage.Infrastructure.Storage;

/// <summary>
/// Group commit for one SQLite file. With <c>synchronous=FULL</c> every COMMIT waits for the disk (about 2 ms
/// here), which capped a service at a few hundred transactions a second. Writers still run one at a time, but
/// a writer that finishes while others queue hands its open transaction on instead of committing it: each
/// writer works inside its own savepoint of the shared transaction, and one COMMIT, one flush to disk, makes
/// the whole group durable. No writer is told it committed before that flush: durability is unchanged.
/// </summary>
internal sealed class SqliteGroupCommit(Func<CancellationToken, Task<SqliteConnection>> open)
{
    /// <summary>The most writers one flush covers, so that a group's first writer does not wait without end.</summary>
    private const int MaxMembers = 64;

    /// <summary>A group older than this is flushed before anyone else joins it: a bound on the wait it adds.</summary>
    private static readonly TimeSpan MaxAge = TimeSpan.FromMilliseconds(20);

    private readonly SemaphoreSlim _writer = new(1, 1);
    private int _queued;
    private long _flushes;
    private Group? _open; // read and written only while _writer is held

    internal sealed class Group(SqliteConnection connection, SqliteTransaction transaction)
    {
        public SqliteConnection Connection { get; } = connection;
        public SqliteTransaction Transaction { get; } = transaction;
        public DateTime OpenedAt { get; } = DateTime.UtcNow;
        public List<TaskCompletionSource> Members { get; } = [];
        public int Savepoints { get; set; }
    }

    /// <summary>A writer's place: its group and its savepoint. The writer lock is held until <see cref="LeaveAsync"/>.</summary>
    internal readonly record struct Membership(Group Group, string Savepoint);

    /// <summary>How many group transactions were committed: each one flush to disk.</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

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
            if (_open is { } aging && (aging.Members.Count >= MaxMembers || DateTime.UtcNow - aging.OpenedAt > MaxAge))
                await FlushAsync(aging);
            if (_open is null)
            {
                var connection = await open(ct);
                try
                {
                    // BEGIN IMMEDIATE takes the write lock up front, so a read never has to be upgraded.
                    _open = new Group(connection, connection.BeginTransaction(deferred: false));
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }
            }
            var group = _open;
            var savepoint = $"w{++group.Savepoints}";
            await group.Transaction.SaveAsync(savepoint); // not cancellable: a half-made savepoint would break the group
            return new Membership(group, savepoint);
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
            if (!commit) await group.Transaction.RollbackAsync(membership.Savepoint);
            await group.Transaction.ReleaseAsync(membership.Savepoint);
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
            await CloseAsync(group);
            foreach (var member in group.Members) member.TrySetException(ex);
            return;
        }
        Interlocked.Increment(ref _flushes);
        await CloseAsync(group);
        foreach (var member in group.Members) member.TrySetResult();
    }

    private async Task FailAsync(Group group, Exception ex)
    {
        if (ReferenceEquals(_open, group)) _open = null;
        try { await group.Transaction.RollbackAsync(); }
        catch (Exception) { /* already rolled back by SQLite */ }
        await CloseAsync(group);
        foreach (var member in group.Members) member.TrySetException(ex);
    }

    private static async Task CloseAsync(Group group)
    {
        await group.Transaction.DisposeAsync();
        await group.Connection.DisposeAsync();
    }
}
