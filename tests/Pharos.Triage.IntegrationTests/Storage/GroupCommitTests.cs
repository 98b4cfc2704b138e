using Dapper;
using Microsoft.Data.Sqlite;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Storage;

/// <summary>
/// SQLite writers queued behind each other share one flush to disk (synchronous=FULL), each in its own savepoint:
/// what one writer undoes stays undone, what the others keep is kept, and nobody hears "committed" before the flush.
/// </summary>
public sealed class When_writers_share_a_flush
{
    private ScratchSqlite<ScratchDatabase> _scratch = null!;
    private ScratchDatabase _database = null!;

    [SetUp]
    public async Task Create()
    {
        _scratch = ScratchSqlite<ScratchDatabase>.Create("scratch", connection => new ScratchDatabase(DatabaseProvider.Sqlite, connection));
        _database = _scratch.Database;
        await using var connection = await _database.OpenAsync();
        await connection.ExecuteAsync("""
            CREATE TABLE filed (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL UNIQUE);
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
            """);
    }

    [TearDown]
    public async Task Delete() => await _scratch.DisposeAsync();

    private async Task<List<long>> Filed()
    {
        await using var connection = await _database.OpenAsync();
        return (await connection.QueryAsync<long>("SELECT writer FROM filed ORDER BY writer")).ToList();
    }

    private async Task Write(int writer, bool keep, TimeSpan? work = null)
    {
        await using var uow = await _database.BeginAsync();
        await uow.ExecuteAsync("INSERT INTO filed (writer) VALUES (@writer)", new { writer });
        if (work is { } w) await Task.Delay(w); // a writer that takes a while, so that others queue behind it
        if (keep) await uow.CommitAsync();
    }

    [Test]
    public async Task Writers_queued_together_are_all_kept_with_fewer_flushes_than_writers()
    {
        var writers = Enumerable.Range(1, 200).Select(i => Task.Run(() => Write(i, keep: true, TimeSpan.FromMilliseconds(1)))).ToList();
        await Task.WhenAll(writers);

        Assert.That(await Filed(), Is.EqualTo(Enumerable.Range(1, 200).Select(i => (long)i)));
        Assert.That(_database.SqliteFlushes, Is.LessThan(200).And.GreaterThan(0), "queued writers shared flushes");
        TestContext.Out.WriteLine($"200 writers, {_database.SqliteFlushes} flushes");
    }

    [Test]
    public async Task A_writer_that_gives_up_undoes_only_its_own_work()
    {
        var writers = Enumerable.Range(1, 60).Select(i => Task.Run(() => Write(i, keep: i % 3 != 0, TimeSpan.FromMilliseconds(1)))).ToList();
        await Task.WhenAll(writers);

        Assert.That(await Filed(), Is.EqualTo(Enumerable.Range(1, 60).Where(i => i % 3 != 0).Select(i => (long)i)));
    }

    [Test]
    public async Task A_statement_that_fails_leaves_the_writer_free_to_go_on_and_the_others_untouched()
    {
        await Write(1, keep: true);
        await using (var uow = await _database.BeginAsync())
        {
            await uow.ExecuteAsync("INSERT INTO filed (writer) VALUES (2)");
            var duplicate = Assert.ThrowsAsync<SqliteException>(() => uow.ExecuteAsync("INSERT INTO filed (writer) VALUES (1)"));
            Assert.That(ServiceDatabase.IsUniqueViolation(duplicate!), Is.True);
            await uow.CommitAsync();
        }
        Assert.That(await Filed(), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public async Task When_a_flush_fails_its_writers_hear_it_and_every_other_writer_is_kept()
    {
        // One slow writer holds the lock while the others queue behind it; its deferred foreign key breaks
        // only at COMMIT, so its group's flush fails. Whoever shared that group hears it; the rest are kept.
        var slowStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = Task.Run(async () =>
        {
            await using var uow = await _database.BeginAsync();
            await uow.ExecuteAsync("INSERT INTO child (id, parent_id) VALUES (1, 42)");
            slowStarted.SetResult();
            await Task.Delay(200);
            await uow.CommitAsync();
        });
        await slowStarted.Task;
        var others = Enumerable.Range(1, 5).Select(i => Task.Run(() => Write(i, keep: true))).ToList();

        Assert.That(async () => await slow, Throws.InstanceOf<SqliteException>(), "the slow writer's own commit");
        var failed = 0;
        foreach (var other in others)
        {
            try { await other; }
            catch (SqliteException) { failed++; }
        }
        var kept = await Filed();
        Assert.That(failed + kept.Count, Is.EqualTo(5), "each writer either heard of the failure or was kept, none lost silently");
        TestContext.Out.WriteLine($"{failed} of 5 writers shared the failed flush");

        await Write(99, keep: true);
        Assert.That(await Filed(), Does.Contain(99L), "the database takes writes again after a failed flush");
    }

    [Test]
    public async Task A_writer_cancelled_while_queued_still_lets_the_group_it_was_handed_be_flushed()
    {
        using var cancel = new CancellationTokenSource();
        var first = await _database.BeginAsync();
        await first.ExecuteAsync("INSERT INTO filed (writer) VALUES (1)");
        var queued = Task.Run(() => _database.BeginAsync(cancel.Token));
        await Task.Delay(50); // lets the second writer queue, so that the first hands its group on
        await cancel.CancelAsync();

        var committed = first.CommitAsync();
        Assert.That(await Task.WhenAny(committed, Task.Delay(TimeSpan.FromSeconds(10))), Is.SameAs(committed), "the first writer's commit returns");
        await first.DisposeAsync();
        Assert.That(async () => await queued, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await Filed(), Is.EqualTo(new long[] { 1 }));
    }

    [Test]
    public async Task A_write_is_readable_by_anyone_as_soon_as_its_commit_returns()
    {
        var writers = Enumerable.Range(1, 50).Select(i => Task.Run(async () =>
        {
            await Write(i, keep: true, TimeSpan.FromMilliseconds(1));
            await using var connection = await _database.OpenAsync();
            return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM filed WHERE writer = @i", new { i });
        })).ToList();

        Assert.That(await Task.WhenAll(writers), Is.All.EqualTo(1));
    }
}
