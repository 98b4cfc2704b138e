using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.PlatformLiaison.Data;

namespace Pharos.Triage.IntegrationTests.Notifications;

/// <summary>
/// The dispatcher claims each platform's first due notices, a few per platform at a time, so that a platform with a
/// long backlog does not hold the others back.
/// </summary>
[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_notices_are_claimed_from_a_backlog(DatabaseProvider store)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private TestStore _store = null!;
    private LiaisonDatabase _database = null!;

    [SetUp]
    public async Task Create()
    {
        Timestamps.RegisterWithDapper();
        _store = await TestStore.CreateAsync(store);
        _database = _store.Open((provider, connection, synchronous) => new LiaisonDatabase(provider, connection, synchronous));
        await MigrationRunner.ApplyAsync(_database, [typeof(PlatformRegistration).Assembly, typeof(LiaisonDatabase).Assembly], NullLogger.Instance);
    }

    [TearDown]
    public async Task Delete()
    {
        await _database.DisposeAsync();
        await _store.DisposeAsync();
    }

    private async Task Queue(string platform, int count, int firstSecond, bool due = true)
    {
        await using var uow = await _database.BeginAsync();
        for (var i = 0; i < count; i++)
        {
            await uow.ExecuteAsync("""
                INSERT INTO webhook_deliveries (id, request_id, platform_id, event, step, body, created_at, next_attempt_at)
                VALUES (@Id, @RequestId, @Platform, 'request_issued', 'issued', '{}', @At, @NextAttemptAt);
                """, new
            {
                Id = $"{platform}-{i:D6}", RequestId = $"{platform}-request-{i:D6}", Platform = platform, At = Now,
                NextAttemptAt = (DateTimeOffset?)(due ? Now.AddSeconds(firstSecond + i - 100_000) : Now.AddSeconds(firstSecond + i)),
            });
        }
        await uow.CommitAsync();
    }

    private async Task<List<string>> Claim(int perPlatform, int limit, params string[] busy)
    {
        await using var uow = await _database.BeginAsync();
        var claimed = (await uow.QueryAsync<ClaimedRow>(_database.Sql.ClaimDeliveries, new
        {
            Now, LeaseUntil = Now.AddMinutes(5), Busy = busy, PerPlatform = perPlatform, Limit = limit,
        })).Select(r => r.Id).ToList();
        await uow.CommitAsync();
        return claimed;
    }

    [Test]
    public async Task Each_platform_gets_its_turn_oldest_first_and_a_busy_platform_none()
    {
        await Queue("youtube", 5_000, firstSecond: 0);
        await Queue("x", 3, firstSecond: 90_000);
        await Queue("facebook", 2, firstSecond: 10, due: false);

        Assert.That(await Claim(perPlatform: 2, limit: 3), Is.EquivalentTo(new[] { "youtube-000000", "x-000000", "youtube-000001" }),
            "first turns of every platform before second turns (x's before youtube's third), each platform's oldest first; facebook's are not due");
        Assert.That(await Claim(perPlatform: 2, limit: 10, busy: "youtube"), Is.EquivalentTo(new[] { "x-000001", "x-000002" }),
            "a busy platform gets none; claimed ones are leased, not claimed again");
        Assert.That(await Claim(perPlatform: 4, limit: 10), Is.EquivalentTo(new[] { "youtube-000002", "youtube-000003", "youtube-000004", "youtube-000005" }));
    }

    private sealed class ClaimedRow
    {
        public string Id { get; set; } = "";
    }
}

/// <summary>The claim costs the same whatever the backlog: SQLite's plan probes the platforms' index, once per platform.</summary>
public sealed class When_the_claim_of_notices_is_planned
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private ScratchSqlite<LiaisonDatabase> _scratch = null!;
    private LiaisonDatabase _database = null!;

    [SetUp]
    public async Task Create()
    {
        Timestamps.RegisterWithDapper();
        _scratch = ScratchSqlite<LiaisonDatabase>.Create("liaison", connection => new LiaisonDatabase(DatabaseProvider.Sqlite, connection, "NORMAL"));
        _database = _scratch.Database;
        await MigrationRunner.ApplyAsync(_database, [typeof(PlatformRegistration).Assembly, typeof(LiaisonDatabase).Assembly], NullLogger.Instance);
    }

    [TearDown]
    public async Task Delete() => await _scratch.DisposeAsync();

    [Test]
    public async Task A_claim_reads_the_platforms_index_not_the_backlog()
    {
        await using var connection = await _database.OpenAsync();
        var sql = _database.Sql.ClaimDeliveries.Replace("@Busy", "('none')", StringComparison.Ordinal);
        var plan = string.Join("\n", (await connection.QueryAsync<PlanRow>("EXPLAIN QUERY PLAN " + sql, new
        {
            Now, LeaseUntil = Now, PerPlatform = 2, Limit = 3,
        })).Select(p => p.Detail));
        TestContext.Out.WriteLine(plan);
        Assert.That(plan, Does.Contain("ix_webhook_deliveries_platform_due (platform_id>?)"), "the next platform: one index probe");
        Assert.That(plan, Does.Contain("ix_webhook_deliveries_platform_due (platform_id=? AND next_attempt_at>? AND next_attempt_at<?)"),
            "each platform's first due ones");
        Assert.That(plan, Does.Not.Contain("SCAN webhook_deliveries"), "no pass over the backlog");
    }

    private sealed class PlanRow
    {
        public string Detail { get; set; } = "";
    }
}
