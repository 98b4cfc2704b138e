using System.Reflection;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Pharos.Triage.Infrastructure.Hosting;
using Microsoft.Extensions.Time.Testing;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.PlatformLiaison.Data;
using Polly;

namespace Pharos.Triage.Tests.Storage;

/// <summary>
/// A transaction that SQL Server ends with a transient error (a deadlock victim, a timeout, a failover) is run again
/// from its start, a bounded number of times, waiting longer each time on the service's clock; any other error ends it.
/// </summary>
public class When_sql_server_reports_a_transient_error
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    // The numbers the issue names; SqlClient's list (TransientSqlErrors.Numbers) holds them and more.
    private static readonly int[] Named = [1205, -2, 4060, 40197, 40501, 40613, 49918, 49919, 49920, 4221, 1222];

    private static IEnumerable<int> EveryTransientNumber() => TransientSqlErrors.Numbers.Order();

    [Test]
    public void The_list_holds_every_number_sqlclient_and_the_issue_name() =>
        Assert.That(TransientSqlErrors.Numbers, Is.SupersetOf(Named.Concat([1204, 40143, 40540, 10928, 10929, 10053, 10054, 10060, 233, 64, 20])));

    [TestCaseSource(nameof(EveryTransientNumber))]
    public async Task The_transaction_runs_again_and_succeeds(int number)
    {
        var clock = new FakeTimeProvider(Start);
        var runs = 0;

        var result = await Drive(clock, TransientSqlErrors.Retry(clock), () =>
            ++runs == 1 ? throw SqlError(number) : Task.FromResult("committed"));

        Assert.That(result, Is.EqualTo("committed"));
        Assert.That(runs, Is.EqualTo(2));
        Assert.That(clock.GetUtcNow(), Is.GreaterThan(Start), "the second run waited on the clock");
    }

    [TestCase(2627, TestName = "A unique key violation is not retried")]
    [TestCase(2601, TestName = "A duplicate key in a unique index is not retried")]
    [TestCase(547, TestName = "A foreign key violation is not retried")]
    [TestCase(8152, TestName = "A value too long for its column is not retried")]
    [TestCase(207, TestName = "An unknown column is not retried")]
    public void A_lasting_error_is_not_retried(int number)
    {
        var clock = new FakeTimeProvider(Start);
        var runs = 0;

        var thrown = Assert.ThrowsAsync<SqlException>(() => Drive<string>(clock, TransientSqlErrors.Retry(clock), () =>
        {
            runs++;
            throw SqlError(number);
        }));

        Assert.That(thrown!.Number, Is.EqualTo(number));
        Assert.That(runs, Is.EqualTo(1));
    }

    [Test]
    public void Tries_are_bounded_and_each_wait_is_longer()
    {
        var clock = new FakeTimeProvider(Start);
        var runs = 0;
        var delays = new List<TimeSpan>();
        // A fixed jitter draw, so that the growth of the waits can be compared.
        var retry = TransientSqlErrors.Retry(clock, retries: 4, onRetry: (_, delay, _) => delays.Add(delay), randomizer: () => 0.5);

        var thrown = Assert.ThrowsAsync<SqlException>(() => Drive<string>(clock, retry, () =>
        {
            runs++;
            throw SqlError(1205);
        }));

        Assert.That(thrown!.Number, Is.EqualTo(1205), "the last error is the caller's to see");
        Assert.That(runs, Is.EqualTo(5), "the first run and four retries");
        Assert.That(delays, Has.Count.EqualTo(4));
        Assert.That(delays, Is.Ordered.Ascending.And.All.GreaterThan(TimeSpan.Zero).And.All.LessThanOrEqualTo(TransientSqlErrors.MaxDelay));
        Assert.That(delays.Distinct().Count(), Is.EqualTo(4), "each wait longer than the one before");
    }

    [Test]
    public void With_jitter_the_waits_stay_within_bounds()
    {
        var clock = new FakeTimeProvider(Start);
        var delays = new List<TimeSpan>();
        var retry = TransientSqlErrors.Retry(clock, retries: 6, onRetry: (_, delay, _) => delays.Add(delay));

        Assert.ThrowsAsync<SqlException>(() => Drive<string>(clock, retry, () => throw SqlError(-2)));

        Assert.That(delays, Has.Count.EqualTo(6));
        Assert.That(delays, Is.All.GreaterThan(TimeSpan.Zero).And.All.LessThanOrEqualTo(TransientSqlErrors.MaxDelay));
    }

    [Test]
    public void A_failure_once_the_commit_began_is_not_retried()
    {
        // The commit may have reached the server: running the transaction again could do it twice.
        var clock = new FakeTimeProvider(Start);
        var runs = 0;
        var retry = TransientSqlErrors.Retry(clock);
        var context = ResilienceContextPool.Shared.Get();

        Assert.ThrowsAsync<SqlException>(async () => await retry.ExecuteAsync<string>(attempt =>
        {
            runs++;
            attempt.Properties.Set(TransientSqlErrors.CommitStarted, true);
            throw SqlError(40197);
        }, context));

        Assert.That(runs, Is.EqualTo(1));
    }

    [Test]
    public void Other_exceptions_are_not_transient()
    {
        Assert.That(TransientSqlErrors.IsTransient(new TimeoutException()), Is.False);
        Assert.That(TransientSqlErrors.IsTransient(new InvalidOperationException()), Is.False);
        Assert.That(TransientSqlErrors.IsTransient(SqlError(1205)), Is.True);
    }

    /// <summary>Runs <paramref name="work"/> through <paramref name="retry"/>, moving the fake clock on while it waits.</summary>
    private static async Task<T> Drive<T>(FakeTimeProvider clock, ResiliencePipeline retry, Func<Task<T>> work)
    {
        var run = retry.ExecuteAsync(async _ => await work(), CancellationToken.None).AsTask();
        while (!run.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }
        return await run;
    }

    /// <summary>
    /// A <see cref="SqlException"/> carrying <paramref name="number"/>, as SqlClient raises it. Its constructors are not
    /// public, so it is built by reflection, the way SqlClient's own tests and many others do.
    /// </summary>
    internal static SqlException SqlError(int number)
    {
        const BindingFlags NonPublic = BindingFlags.NonPublic | BindingFlags.Instance;
        var errorConstructor = typeof(SqlError).GetConstructors(NonPublic)
            .Where(c => c.GetParameters() is [{ ParameterType: var first }, ..] && first == typeof(int))
            .OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = errorConstructor.GetParameters().Select((p, i) => i == 0 ? number : p.ParameterType switch
        {
            var t when t == typeof(byte) => (byte)(p.Name == "errorClass" ? 16 : 1),
            var t when t == typeof(string) => p.Name == "errorMessage" ? $"SQL Server error {number}" : "test",
            var t when t == typeof(int) => 0,
            var t when t == typeof(uint) => 0u,
            _ => (object?)null,
        }).ToArray();
        var error = (SqlError)errorConstructor.Invoke(arguments);

        var errors = (SqlErrorCollection)typeof(SqlErrorCollection).GetConstructor(NonPublic, Type.EmptyTypes)!.Invoke(null);
        typeof(SqlErrorCollection).GetMethod("Add", NonPublic)!.Invoke(errors, [error]);

        var create = typeof(SqlException).GetMethod("CreateException", BindingFlags.NonPublic | BindingFlags.Static,
            [typeof(SqlErrorCollection), typeof(string)])!;
        return (SqlException)create.Invoke(null, [errors, "16.0.0"])!;
    }
}

/// <summary>
/// The retry wraps a whole unit of work: the try that failed rolled back, so the next one starts from an empty
/// transaction and writes everything once. Driven on SQLite with SQL Server's retry, since no SQL Server runs here.
/// </summary>
public class When_a_unit_of_work_meets_a_transient_error
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    private string _directory = "";
    private LiaisonDatabase _database = null!;
    private FakeTimeProvider _clock = null!;

    [SetUp]
    public async Task Create()
    {
        _directory = Path.Combine(Path.GetTempPath(), "pharos-retry-" + Guid.NewGuid().ToString("N"));
        _database = new LiaisonDatabase(DatabaseProvider.Sqlite, ServiceDatabase.SqliteConnectionString(_directory, "liaison"), "NORMAL");
        await MigrationRunner.ApplyAsync(_database, [typeof(MigrationRunner).Assembly, typeof(LiaisonDatabase).Assembly], NullLogger.Instance);
        _clock = new FakeTimeProvider(Now);
        _database.TransactionRetry = TransientSqlErrors.Retry(_clock);
    }

    [TearDown]
    public async Task Delete()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task The_whole_transaction_runs_again_and_its_writes_land_once()
    {
        var message = Guid.NewGuid();
        var runs = 0;

        var run = _database.InTransactionAsync(async uow =>
        {
            runs++;
            Assert.That(await uow.TryRecordHandled(message, "consumer", Now), Is.True, "the failed try's inbox row was rolled back");
            if (runs == 1) throw When_sql_server_reports_a_transient_error.SqlError(1205);
            await uow.CommitAsync();
        });
        while (!run.IsCompleted)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }
        await run;

        Assert.That(runs, Is.EqualTo(2));
        Assert.That(await InboxRows(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_failure_after_the_commit_began_is_not_run_again()
    {
        var runs = 0;

        Assert.ThrowsAsync<SqlException>(() => _database.InTransactionAsync(async uow =>
        {
            runs++;
            await uow.TryRecordHandled(Guid.NewGuid(), "consumer", Now);
            await uow.CommitAsync();
            throw When_sql_server_reports_a_transient_error.SqlError(40613);
        }));

        Assert.That(runs, Is.EqualTo(1));
        Assert.That(await InboxRows(), Is.EqualTo(1));
    }

    private async Task<long> InboxRows()
    {
        await using var connection = await _database.OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM inbox");
    }
}

/// <summary>The host gives a SQL Server database its retry, on the host's clock; a SQLite one runs each transaction once.</summary>
public class When_a_service_database_is_registered
{
    [TestCase(DatabaseProvider.SqlServer, true)]
    [TestCase(DatabaseProvider.Sqlite, false)]
    public void Only_sql_server_retries_transactions(DatabaseProvider provider, bool retried)
    {
        var directory = Path.Combine(Path.GetTempPath(), "pharos-registration-" + Guid.NewGuid().ToString("N"));
        try
        {
            var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
            builder.Configuration["Pharos:Database:Provider"] = provider.ToString();
            builder.Configuration["Pharos:DataDirectory"] = directory;
            builder.Configuration["ConnectionStrings:SqlServer"] = "Server=nowhere;Database=liaison;Integrated Security=true";
            builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider());
            builder.AddPharosPlatform();
            builder.AddServiceDatabase("Liaison", (p, c, s) => new LiaisonDatabase(p, c, s));
            using var services = builder.Services.BuildServiceProvider();

            var database = services.GetRequiredService<LiaisonDatabase>();

            Assert.That(database.Provider, Is.EqualTo(provider));
            Assert.That(database.TransactionRetry, retried ? Is.Not.SameAs(ResiliencePipeline.Empty) : Is.SameAs(ResiliencePipeline.Empty));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
