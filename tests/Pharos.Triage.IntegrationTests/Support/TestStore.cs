using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework.Internal;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.IntegrationTests.Support;

/// <summary>
/// The stores a fixture runs on, as its parameter (<c>[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]</c>):
/// SQLite always, SQL Server when <c>PHAROS_TEST_SQLSERVER</c> holds a connection string to a server on which the tests
/// may create and drop databases.
/// </summary>
public static class Stores
{
    public const string Variable = "PHAROS_TEST_SQLSERVER";

    public const string NotGiven = "SQL Server tests need PHAROS_TEST_SQLSERVER = a connection string; see README 'Testing against SQL Server'";

    /// <summary>The connection string given for SQL Server, or null.</summary>
    public static string? SqlServer => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// SQLite, and SQL Server (category <c>SqlServer</c>). Without a connection string the SQL Server fixtures are ignored
    /// with one line saying why, in CI too (CI installs no SQL Server); with one they run, and fail if it cannot be reached.
    /// </summary>
    public static IEnumerable<TestFixtureData> Providers()
    {
        yield return new TestFixtureData(DatabaseProvider.Sqlite).SetArgDisplayNames("sqlite");
        var sqlServer = new TestFixtureData(DatabaseProvider.SqlServer).SetArgDisplayNames("sqlserver");
        sqlServer.Properties.Add(PropertyNames.Category, "SqlServer");
        if (SqlServer is null) sqlServer.Ignore(NotGiven);
        yield return sqlServer;
    }
}

/// <summary>
/// One test's own store, removed after it: a SQLite data directory, or a database <c>pharos_test_&lt;guid&gt;</c> created
/// for it on the server of <see cref="Stores.SqlServer"/> and dropped after it. A database on it is made by the product's
/// own <see cref="DatabaseRegistration.CreateServiceDatabase{TDatabase}"/>, from the configuration keys a host is given
/// (<see cref="Settings"/>): the provider reaches the database as it does in production.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    /// <summary>The service name its databases are made under: the SQLite file is <c>service.db</c>.</summary>
    public const string ServiceName = "Service";

    // SQLite's data directory, or the SQL Server database.
    private readonly string _directory;
    private readonly string? _sqlServerDatabase;

    private TestStore(string directory, string? sqlServerDatabase, Dictionary<string, string?> settings)
    {
        _directory = directory;
        _sqlServerDatabase = sqlServerDatabase;
        Settings = settings;
    }

    /// <summary><c>Pharos:Database:Provider</c>, <c>Pharos:DataDirectory</c> and, for SQL Server, <c>ConnectionStrings:SqlServer</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public static async Task<TestStore> CreateAsync(DatabaseProvider provider)
    {
        var directory = Path.Combine(Path.GetTempPath(), "pharos-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Pharos:DataDirectory"] = directory,
            ["Pharos:Database:Provider"] = provider.ToString(),
            ["Pharos:Database:SqliteSynchronous"] = "NORMAL",
        };
        if (provider == DatabaseProvider.Sqlite) return new TestStore(directory, null, settings);

        var database = "pharos_test_" + Guid.NewGuid().ToString("N");
        settings["ConnectionStrings:SqlServer"] = await SqlServerTestDatabases.CreateAsync(database);
        return new TestStore(directory, database, settings);
    }

    /// <summary>
    /// Registers the configuration (this store's settings, then <paramref name="more"/>) and the options a service's
    /// database is made from, bound as the host binds them.
    /// </summary>
    public void Configure(IServiceCollection services, IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var (key, value) in more ?? new Dictionary<string, string?>()) settings[key] = value;
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddOptions<PharosOptions>().BindConfiguration(PharosOptions.Section);
        services.AddOptions<DatabaseOptions>().BindConfiguration($"{PharosOptions.Section}:Database");
    }

    /// <summary>
    /// A database on the store of <paramref name="services"/> (<see cref="Configure"/>), made as the host makes it. Its
    /// transaction retry (SQL Server) waits real time: the host's waits on the host's clock, which in these tests is a
    /// fake one that moves only when a test moves it, so a retried deadlock would wait for ever.
    /// </summary>
    public static TDatabase Open<TDatabase>(IServiceProvider services, Func<DatabaseProvider, string, string, TDatabase> create)
        where TDatabase : ServiceDatabase
    {
        var database = services.CreateServiceDatabase(ServiceName, create);
        if (database.IsSqlServer) database.TransactionRetry = TransientSqlErrors.Retry(TimeProvider.System);
        return database;
    }

    /// <summary>A database on this store, outside any <see cref="ServiceBed{TDatabase}"/>; the caller disposes it.</summary>
    public TDatabase Open<TDatabase>(Func<DatabaseProvider, string, string, TDatabase> create) where TDatabase : ServiceDatabase
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton(TimeProvider.System);
        Configure(collection);
        using var services = collection.BuildServiceProvider();
        return Open(services, create);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqlServerDatabase is not null)
        {
            await SqlServerTestDatabases.DropAsync(_sqlServerDatabase);
            return;
        }
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Databases made for tests on the server of <see cref="Stores.SqlServer"/>, and dropped after them, through master.</summary>
internal static class SqlServerTestDatabases
{
    // Once the server could not be reached, every later test fails at once with the same message, instead of each
    // waiting for its own connection timeout.
    private static string? _unreachable;

    /// <summary>Creates the database; returns its connection string.</summary>
    public static async Task<string> CreateAsync(string name)
    {
        await using var master = await OpenMasterAsync();
        await master.ExecuteAsync($"CREATE DATABASE [{name}];");
        return ConnectionString(name);
    }

    public static async Task DropAsync(string name)
    {
        // The databases' pooled connections would keep it in use.
        await using (var pooled = new SqlConnection(ConnectionString(name))) SqlConnection.ClearPool(pooled);
        await using var master = await OpenMasterAsync();
        await master.ExecuteAsync($"""
            IF DB_ID(N'{name}') IS NOT NULL
            BEGIN
                ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE;
                DROP DATABASE [{name}];
            END;
            """);
    }

    private static string ConnectionString(string database) =>
        new SqlConnectionStringBuilder(Stores.SqlServer ?? throw new InvalidOperationException(Stores.NotGiven)) { InitialCatalog = database }.ConnectionString;

    private static async Task<SqlConnection> OpenMasterAsync()
    {
        if (_unreachable is not null) Assert.Fail(_unreachable);
        var master = new SqlConnection(ConnectionString("master"));
        try
        {
            await master.OpenAsync();
            return master;
        }
        catch (SqlException ex)
        {
            // The server's name only: the connection string may hold a password.
            _unreachable = $"{Stores.Variable} is set, but SQL Server '{master.DataSource}' could not be reached: {ex.Message}";
            await master.DisposeAsync();
            Assert.Fail(_unreachable);
            throw;
        }
    }
}
