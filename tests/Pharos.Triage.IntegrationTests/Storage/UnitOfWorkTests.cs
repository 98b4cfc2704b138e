using System.Data.Common;
using Dapper;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Storage;

/// <summary>
/// What every service relies on from its store, SQLite or SQL Server: units of work side by side keep what they commit
/// and undo what they give up; a statement refused by a unique key is known as such and leaves the rest of the work to
/// commit; values come back as they were written, timestamps as Unix milliseconds.
/// </summary>
[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_units_of_work_share_a_store(DatabaseProvider store)
{
    private const string Insert = "INSERT INTO kept (writer, text, flag, at, maybe_at, blob) VALUES (@Writer, @Text, @Flag, @At, @MaybeAt, @Blob);";

    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 30, 15, 123, TimeSpan.FromHours(1));

    private TestStore _store = null!;
    private ScratchDatabase _database = null!;

    [SetUp]
    public async Task Create()
    {
        Timestamps.RegisterWithDapper();
        _store = await TestStore.CreateAsync(store);
        _database = _store.Open((provider, connection, synchronous) => new ScratchDatabase(provider, connection, synchronous));
        await using var connection = await _database.OpenAsync();
        await connection.ExecuteAsync(_database.IsSqlServer
            ? """
              CREATE TABLE kept (id BIGINT IDENTITY(1, 1) NOT NULL PRIMARY KEY, writer BIGINT NOT NULL UNIQUE, text NVARCHAR(100) NULL,
                                 flag BIT NULL, at BIGINT NULL, maybe_at BIGINT NULL, blob VARBINARY(MAX) NULL);
              """
            : "CREATE TABLE kept (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL UNIQUE, text TEXT, flag INTEGER, at INTEGER, maybe_at INTEGER, blob BLOB);");
    }

    [TearDown]
    public async Task Delete()
    {
        await _database.DisposeAsync();
        await _store.DisposeAsync();
    }

    private async Task<List<long>> Writers()
    {
        await using var connection = await _database.OpenAsync();
        return (await connection.QueryAsync<long>("SELECT writer FROM kept ORDER BY writer")).ToList();
    }

    private async Task Write(int writer, bool keep)
    {
        await using var uow = await _database.BeginAsync();
        await uow.ExecuteAsync("INSERT INTO kept (writer) VALUES (@writer)", new { writer });
        await Task.Delay(1); // a writer that takes a while, so that the others come while it is open
        if (keep) await uow.CommitAsync();
    }

    [Test]
    public async Task Writers_side_by_side_keep_what_they_commit_and_undo_what_they_give_up()
    {
        await Task.WhenAll(Enumerable.Range(1, 60).Select(i => Task.Run(() => Write(i, keep: i % 3 != 0))));

        Assert.That(await Writers(), Is.EqualTo(Enumerable.Range(1, 60).Where(i => i % 3 != 0).Select(i => (long)i)));
    }

    [Test]
    public async Task A_statement_refused_by_a_unique_key_is_known_as_such_and_the_rest_of_the_work_commits()
    {
        await Write(1, keep: true);
        await using (var uow = await _database.BeginAsync())
        {
            await uow.ExecuteAsync("INSERT INTO kept (writer) VALUES (2)");
            var duplicate = Assert.CatchAsync<DbException>(() => uow.ExecuteAsync("INSERT INTO kept (writer) VALUES (1)"));
            Assert.That(ServiceDatabase.IsUniqueViolation(duplicate!), Is.True, duplicate!.Message);
            await uow.CommitAsync();
        }

        Assert.That(await Writers(), Is.EqualTo(new long[] { 1, 2 }));
    }

    [Test]
    public async Task Values_come_back_as_they_were_written()
    {
        await using (var uow = await _database.BeginAsync())
        {
            await uow.ExecuteAsync(Insert, new { Writer = 1L, Text = (string?)"été ✓", Flag = (bool?)true, At, MaybeAt = (DateTimeOffset?)At.AddDays(1), Blob = (byte[]?)[1, 2, 3] });
            await uow.ExecuteAsync(Insert, new { Writer = 2L, Text = (string?)null, Flag = (bool?)false, At, MaybeAt = (DateTimeOffset?)null, Blob = (byte[]?)null });

            var row = await uow.QuerySingleOrDefaultAsync<KeptRow>(
                "SELECT writer AS Writer, text AS Text, flag AS Flag, at AS At, maybe_at AS MaybeAt, blob AS Blob FROM kept WHERE writer = @Writer", new { Writer = 1L });
            Assert.That(row, Is.Not.Null);
            Assert.That((row!.Writer, row.Text, row.Flag, row.At, row.MaybeAt), Is.EqualTo((1L, "été ✓", true, At, (DateTimeOffset?)At.AddDays(1))));
            Assert.That(row.Blob, Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(await uow.ExecuteScalarAsync<long>("SELECT at FROM kept WHERE writer = 1"), Is.EqualTo(At.ToUnixTimeMilliseconds()), "timestamps as Unix milliseconds");
            Assert.That(await uow.ExecuteScalarAsync<DateTimeOffset?>("SELECT maybe_at FROM kept WHERE writer = 2"), Is.Null);
            Assert.That(await uow.ExecuteScalarAsync<bool>("SELECT flag FROM kept WHERE writer = 2"), Is.False);
            Assert.That(await uow.QueryAsync<DateTimeOffset>("SELECT at FROM kept ORDER BY writer"), Is.EqualTo(new[] { At, At }), "through the timestamp handler");
            Assert.That(await uow.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM kept"), Is.EqualTo(2));
            await uow.CommitAsync();
        }

        await using var connection = await _database.OpenAsync();
        Assert.That(await connection.QueryAsync<string?>("SELECT text FROM kept ORDER BY writer"), Is.EqualTo(new[] { "été ✓", null }), "as committed");
    }

    private sealed class KeptRow
    {
        public long Writer { get; set; }
        public string? Text { get; set; }
        public bool Flag { get; set; }
        public DateTimeOffset At { get; set; }
        public DateTimeOffset? MaybeAt { get; set; }
        public byte[]? Blob { get; set; }
    }
}
