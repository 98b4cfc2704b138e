using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Pharos.Triage.Infrastructure.Messaging;

namespace Pharos.Triage.Infrastructure.Storage;

/// <summary>
/// One service's own database: a SQLite file under the data directory, or its schema in SQL Server.
/// A service reads and writes only through its own <see cref="ServiceDatabase"/>.
/// </summary>
public abstract class ServiceDatabase
{
    // SQLite allows one writer per file. Queueing writers here, instead of letting them spin on
    // SQLITE_BUSY (Microsoft.Data.Sqlite sleeps 150 ms between tries), keeps write latency low.
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);
    private readonly string _connectionString;
    private readonly string _synchronous;

    protected ServiceDatabase(string serviceName, DatabaseProvider provider, string connectionString, string sqliteSynchronous = "FULL")
    {
        ServiceName = serviceName;
        Provider = provider;
        _connectionString = connectionString;
        _synchronous = sqliteSynchronous;
    }

    public string ServiceName { get; }

    public DatabaseProvider Provider { get; }

    public bool IsSqlServer => Provider == DatabaseProvider.SqlServer;

    /// <summary>Raised after every commit that wrote outbox rows, so the dispatcher publishes without waiting for its poll.</summary>
    public event Action? OutboxWritten;

    public static string SqliteConnectionString(string dataDirectory, string serviceName)
    {
        Directory.CreateDirectory(dataDirectory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, serviceName + ".db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        DbConnection connection = IsSqlServer ? new SqlConnection(_connectionString) : new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            if (!IsSqlServer)
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={_synchronous}; PRAGMA foreign_keys=ON;";
                await pragma.ExecuteNonQueryAsync(ct);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts a transaction in which a state change and the messages it causes are written together.
    /// </summary>
    public async Task<UnitOfWork> BeginAsync(CancellationToken ct = default)
    {
        var writerHeld = false;
        if (!IsSqlServer)
        {
            await _sqliteWriter.WaitAsync(ct);
            writerHeld = true;
        }

        DbConnection? connection = null;
        try
        {
            connection = await OpenAsync(ct);
            // SQLite: BEGIN IMMEDIATE takes the write lock up front, so a read never has to be upgraded.
            var transaction = connection is SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: false)
                : await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct);
            return new UnitOfWork(this, connection, transaction, writerHeld ? _sqliteWriter : null);
        }
        catch
        {
            if (connection is not null) await connection.DisposeAsync();
            if (writerHeld) _sqliteWriter.Release();
            throw;
        }
    }

    /// <summary>Whether an insert failed on a primary key or unique index: another transaction wrote the same key first.</summary>
    public static bool IsUniqueViolation(Exception ex) => ex switch
    {
        SqlException sql => sql.Number is 2627 or 2601,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        _ => false,
    };

    internal void NotifyOutboxWritten() => OutboxWritten?.Invoke();

    internal OutboxSql OutboxSql => IsSqlServer ? OutboxSql.SqlServer : OutboxSql.Sqlite;
}
