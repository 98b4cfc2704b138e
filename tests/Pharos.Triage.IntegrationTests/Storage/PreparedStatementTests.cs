using Dapper;
using Microsoft.Data.Sqlite;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Storage;

/// <summary>
/// A unit of work on SQLite runs its statements prepared once on the writer connection, which stays open between
/// groups. What it writes and reads is what Dapper would have written and read; parameters Dapper alone knows how
/// to expand (lists, other types) still go through Dapper.
/// </summary>
public sealed class When_statements_are_prepared_once
{
    private ScratchSqlite<ScratchDatabase> _scratch = null!;
    private ScratchDatabase _database = null!;

    private const string Insert = """
        INSERT INTO kept (id, text, number, flag, at, maybe_at, blob, small)
        VALUES (@Id, @Text, @Number, @Flag, @At, @MaybeAt, @Blob, @Small);
        """;

    private static readonly DateTimeOffset At = new(2026, 11, 22, 9, 30, 15, 123, TimeSpan.FromHours(1));

    [SetUp]
    public async Task Create()
    {
        Timestamps.RegisterWithDapper();
        _scratch = ScratchSqlite<ScratchDatabase>.Create("scratch", connection => new ScratchDatabase(DatabaseProvider.Sqlite, connection));
        _database = _scratch.Database;
        await using var connection = await _database.OpenAsync();
        await connection.ExecuteAsync("""
            CREATE TABLE kept (id INTEGER PRIMARY KEY, text TEXT, number INTEGER, flag INTEGER, at INTEGER, maybe_at INTEGER, blob BLOB, small INTEGER, other TEXT);
            """);
    }

    [TearDown]
    public async Task Delete() => await _scratch.DisposeAsync();

    private async Task<List<(long Id, object? Text, object? Number, object? Flag, object? At, object? MaybeAt, object? Blob, object? Small, object? Other)>> Rows()
    {
        await using var connection = (SqliteConnection)await _database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, text, number, flag, at, maybe_at, blob, small, other FROM kept ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(long, object?, object?, object?, object?, object?, object?, object?, object?)>();
        while (await reader.ReadAsync())
        {
            object? Value(int i) => reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add((reader.GetInt64(0), Value(1), Value(2), Value(3), Value(4), Value(5), Value(6), Value(7), Value(8)));
        }
        return rows;
    }

    [Test]
    public async Task What_a_unit_of_work_writes_is_what_Dapper_writes()
    {
        var values = new[]
        {
            new { Id = 1L, Text = (string?)"été ✓", Number = 42L, Flag = true, At, MaybeAt = (DateTimeOffset?)At.AddDays(1), Blob = (byte[]?)[1, 2, 3], Small = (int?)7 },
            new { Id = 2L, Text = (string?)null, Number = -1L, Flag = false, At, MaybeAt = (DateTimeOffset?)null, Blob = (byte[]?)null, Small = (int?)null },
        };
        foreach (var row in values)
        {
            await using var uow = await _database.BeginAsync();
            await uow.ExecuteAsync(Insert, row);
            await uow.CommitAsync();
        }
        var prepared = await Rows();

        await using (var connection = await _database.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM kept");
            foreach (var row in values) await connection.ExecuteAsync(Insert, row);
        }
        var byDapper = await Rows();

        Assert.That(prepared, Is.EqualTo(byDapper));
        Assert.That(prepared[0].At, Is.EqualTo(At.ToUnixTimeMilliseconds()), "timestamps as Unix milliseconds");
        Assert.That(prepared[1].MaybeAt, Is.Null);
    }

    [Test]
    public async Task Reads_in_a_unit_of_work_map_as_Dapper_maps_them()
    {
        await using var uow = await _database.BeginAsync();
        await uow.ExecuteAsync(Insert, new { Id = 1L, Text = "a", Number = 1L, Flag = true, At, MaybeAt = (DateTimeOffset?)null, Blob = (byte[]?)null, Small = 1 });
        await uow.ExecuteAsync(Insert, new { Id = 2L, Text = "b", Number = 2L, Flag = false, At, MaybeAt = (DateTimeOffset?)At, Blob = (byte[]?)null, Small = 2 });

        var row = await uow.QuerySingleOrDefaultAsync<KeptRow>("SELECT id AS Id, text AS Text, flag AS Flag, at AS At, maybe_at AS MaybeAt FROM kept WHERE id = @Id", new { Id = 2L });
        Assert.That(row, Is.Not.Null);
        Assert.That((row!.Id, row.Text, row.Flag, row.At, row.MaybeAt), Is.EqualTo((2L, "b", false, At, (DateTimeOffset?)At)));
        Assert.That(await uow.QuerySingleOrDefaultAsync<KeptRow>("SELECT id AS Id FROM kept WHERE id = @Id", new { Id = 3L }), Is.Null);
        Assert.That(() => uow.QuerySingleOrDefaultAsync<long>("SELECT id FROM kept"), Throws.InvalidOperationException, "two rows for one");
        Assert.That(await uow.QueryAsync<long>("SELECT id FROM kept ORDER BY id"), Is.EqualTo(new[] { 1L, 2L }));
        Assert.That(await uow.QueryAsync<long>("SELECT id FROM kept WHERE id > @Id", new { Id = 5L }), Is.Empty);
        Assert.That(await uow.QueryAsync<int>("SELECT small FROM kept ORDER BY id"), Is.EqualTo(new[] { 1, 2 }), "SQLite's long read as int");
        Assert.That(await uow.QueryAsync<string>("SELECT text FROM kept ORDER BY id"), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(await uow.QueryAsync<DateTimeOffset>("SELECT at FROM kept ORDER BY id"), Is.EqualTo(new[] { At, At }), "through the timestamp handler");
        await uow.CommitAsync();
    }

    [Test]
    public async Task Scalars_in_a_unit_of_work_convert_as_Dapper_converts_them()
    {
        await using var uow = await _database.BeginAsync();
        await uow.ExecuteAsync(Insert, new { Id = 1L, Text = "a", Number = 1L, Flag = true, At, MaybeAt = (DateTimeOffset?)null, Blob = (byte[]?)null, Small = 7 });

        async Task Same<T>(string sql, object? parameters = null) =>
            Assert.That(await uow.ExecuteScalarAsync<T>(sql, parameters),
                Is.EqualTo(await uow.Connection.ExecuteScalarAsync<T>(sql, parameters, uow.Transaction)), $"{typeof(T).Name}: {sql}");

        await Same<long>("SELECT COUNT(*) FROM kept");
        await Same<int>("SELECT small FROM kept WHERE id = @Id", new { Id = 1L });
        await Same<long?>("SELECT small FROM kept WHERE id = @Id", new { Id = 1L });
        await Same<long?>("SELECT maybe_at FROM kept WHERE id = @Id", new { Id = 1L });
        await Same<long?>("SELECT id FROM kept WHERE id = 99");
        await Same<long>("SELECT id FROM kept WHERE id = 99");
        await Same<string>("SELECT text FROM kept WHERE id = @Id", new { Id = 1L });
        await Same<string>("SELECT text FROM kept WHERE id = 99");
        await Same<DateTimeOffset>("SELECT at FROM kept WHERE id = @Id", new { Id = 1L });
        await Same<DateTimeOffset?>("SELECT at FROM kept WHERE id = @Id", new { Id = 1L });
        await Same<bool>("SELECT flag FROM kept WHERE id = @Id", new { Id = 1L });
        Assert.That(await uow.ExecuteScalarAsync<DateTimeOffset>("SELECT at FROM kept"), Is.EqualTo(At));
        await uow.CommitAsync();
    }

    [Test]
    public async Task Parameters_only_Dapper_can_expand_still_work()
    {
        await using (var uow = await _database.BeginAsync())
        {
            foreach (var id in new[] { 1L, 2L, 3L })
                await uow.ExecuteAsync(Insert, new { Id = id, Text = "x", Number = id, Flag = false, At, MaybeAt = (DateTimeOffset?)null, Blob = (byte[]?)null, Small = 0 });
            Assert.That(await uow.ExecuteAsync("UPDATE kept SET text = 'listed' WHERE id IN @Ids", new { Ids = new[] { 1L, 3L } }), Is.EqualTo(2));
            var other = Guid.Parse("6f1c1a43-3a3e-4b39-9a8e-3d1f0c2b7a11");
            await uow.ExecuteAsync("UPDATE kept SET other = @Other WHERE id = 2", new { Other = other });
            await uow.CommitAsync();
        }

        var rows = await Rows();
        Assert.That(rows.Select(r => r.Text), Is.EqualTo(new[] { "listed", "x", "listed" }));
        await using var connection = await _database.OpenAsync();
        var stored = await connection.ExecuteScalarAsync<object>("SELECT other FROM kept WHERE id = 2");
        var byDapper = await connection.ExecuteScalarAsync<object>("SELECT @Other", new { Other = Guid.Parse("6f1c1a43-3a3e-4b39-9a8e-3d1f0c2b7a11") });
        Assert.That(stored, Is.EqualTo(byDapper), "a Guid is stored as Dapper stores it");
    }

    [Test]
    public async Task One_text_with_two_parameter_types_binds_each_by_its_own_names()
    {
        const string update = "UPDATE kept SET text = @Text WHERE id = @Id;";
        await using var uow = await _database.BeginAsync();
        await uow.ExecuteAsync(Insert, new { Id = 1L, Text = "a", Number = 1L, Flag = true, At, MaybeAt = (DateTimeOffset?)null, Blob = (byte[]?)null, Small = 1 });
        await uow.ExecuteAsync(update, new { Id = 1L, Text = "first" });
        await uow.ExecuteAsync(update, new { Text = "second", Id = 1L, Unused = 5 });
        Assert.That(await uow.QuerySingleOrDefaultAsync<string>("SELECT text FROM kept WHERE id = @Id", new { Id = 1L }), Is.EqualTo("second"));
        Assert.That(() => uow.ExecuteAsync(update, new { Id = 1L }), Throws.InvalidOperationException, "a parameter missing is an error, as with Dapper");
        await uow.CommitAsync();
    }

    [Test]
    public async Task Statements_stay_prepared_across_groups_and_the_writer_connection_comes_back_after_a_failure()
    {
        for (var i = 1; i <= 100; i++)
        {
            await using var uow = await _database.BeginAsync();
            await uow.ExecuteAsync(Insert, new { Id = (long)i, Text = "t", Number = 1L, Flag = true, At, MaybeAt = (DateTimeOffset?)null, Blob = (byte[]?)null, Small = 1 });
            await uow.CommitAsync();
        }
        Assert.That(_database.SqliteFlushes, Is.EqualTo(100), "one writer at a time: a group each");
        Assert.That(_database.SqlitePreparedStatements, Is.EqualTo(3), "the savepoint, its release and the insert, prepared once for 100 groups");

        // A write whose savepoint cannot be released breaks its group: the writer connection is closed and opened again.
        await using (var uow = await _database.BeginAsync())
        {
            await uow.ExecuteAsync("RELEASE writer;");
            Assert.That(() => uow.CommitAsync(), Throws.InstanceOf<SqliteException>());
        }
        Assert.That(_database.SqlitePreparedStatements, Is.Zero, "the broken connection and its statements are gone");

        await using (var uow = await _database.BeginAsync())
        {
            await uow.ExecuteAsync("UPDATE kept SET text = 'after' WHERE id = 1");
            await uow.CommitAsync();
        }
        Assert.That((await Rows())[0].Text, Is.EqualTo("after"));
    }

    [Test]
    public async Task A_writer_rolls_back_and_goes_on_after_the_cache_is_full()
    {
        await using (var uow = await _database.BeginAsync())
        {
            // 300 distinct texts: more than the cache keeps. The first rollback comes after them.
            for (var i = 0; i < 300; i++) Assert.That(await uow.ExecuteScalarAsync<long>($"SELECT {i}"), Is.EqualTo(i));
            await uow.ExecuteAsync("UPDATE kept SET text = 'undone'");
        }
        Assert.That(_database.SqlitePreparedStatements, Is.EqualTo(256), "the cache stops at its bound");

        await using (var uow = await _database.BeginAsync())
        {
            await uow.ExecuteAsync(Insert, new { Id = 1L, Text = "kept", Number = 1L, Flag = true, At, MaybeAt = (DateTimeOffset?)null, Blob = (byte[]?)null, Small = 1 });
            await uow.CommitAsync();
        }
        Assert.That((await Rows()).Select(r => r.Text), Is.EqualTo(new[] { "kept" }));
    }

    [Test]
    public async Task A_disposed_database_closes_its_writer_and_takes_no_more_writes()
    {
        await using (var uow = await _database.BeginAsync())
        {
            await uow.ExecuteAsync("UPDATE kept SET text = 'x'");
            await uow.CommitAsync();
        }
        await _database.DisposeAsync();
        await _database.DisposeAsync(); // twice, as a container holding it under two names does

        Assert.That(_database.SqlitePreparedStatements, Is.Zero);
        Assert.That(() => _database.BeginAsync(), Throws.InstanceOf<ObjectDisposedException>());
    }

    private sealed class KeptRow
    {
        public long Id { get; set; }
        public string? Text { get; set; }
        public bool Flag { get; set; }
        public DateTimeOffset At { get; set; }
        public DateTimeOffset? MaybeAt { get; set; }
    }
}
