using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Polly;

namespace Pharos.Triage.Infrastructure.Storage;

/// <summary>
/// One service's own database: a SQLite file under the data directory, or its schema in SQL Server.
/// A service reads and writes only through its own <see cref="ServiceDatabase"/>.
/// </summary>
public abstract class ServiceDatabase : IAsyncDisposable, IDisposable
{
    // SQLite allows one writer per file. Queueing writers here, instead of letting them spin on
    // SQLITE_BUSY (Microsoft.Data.Sqlite sleeps 150 ms between tries), keeps write latency low; the
    // queue also lets consecutive writers share one flush to disk.
    private readonly SqliteGroupCommit _sqliteWriters;
    private readonly string _connectionString;
    private readonly string _synchronous;

    protected ServiceDatabase(string serviceName, DatabaseProvider provider, string connectionString, string sqliteSynchronous = "FULL")
    {
        ServiceName = serviceName;
        Provider = provider;
        _connectionString = connectionString;
        _synchronous = DatabaseOptions.IsSqliteSynchronous(sqliteSynchronous)
            ? sqliteSynchronous
            : throw new ArgumentException(
                $"SQLite synchronous must be one of {string.Join(", ", DatabaseOptions.SqliteSynchronousValues)}, not '{sqliteSynchronous}'.",
                nameof(sqliteSynchronous));
        _sqliteWriters = new SqliteGroupCommit(async ct => (SqliteConnection)await OpenAsync(ct));
    }

    public string ServiceName { get; }

    public DatabaseProvider Provider { get; }

    public bool IsSqlServer => Provider == DatabaseProvider.SqlServer;

    /// <summary>
    /// SQL Server: retries a transaction that failed on a transient error (<see cref="TransientSqlErrors"/>); the host
    /// replaces it with one on its clock. SQLite needs none: its writers queue in-process and wait for the file's lock.
    /// </summary>
    public ResiliencePipeline TransactionRetry { get; set; } = ResiliencePipeline.Empty;

    /// <summary>SQLite: told how many writers each flush to disk made durable (the host's group-commit histogram).</summary>
    public Action<int>? SqliteGroupCommitted
    {
        get => _sqliteWriters.Flushed;
        set => _sqliteWriters.Flushed = value;
    }

    /// <summary>SQLite: how many times writes were flushed to disk (each flush commits a group of writers).</summary>
    public long SqliteFlushes => _sqliteWriters.Flushes;

    /// <summary>SQLite: how many statements the writer connection keeps prepared, reused by every write since it opened.</summary>
    public int SqlitePreparedStatements => _sqliteWriters.PreparedStatements;

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
                // temp_store=MEMORY: the undo journal of a statement inside a savepoint stays in memory; on disk,
                // strace counted about 36 temporary files a second created and deleted in /var/tmp under load.
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = $"PRAGMA journal_mode=WAL; PRAGMA synchronous={_synchronous}; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
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
    /// Starts a transaction: a state change, and what a layer above writes with it (the outbox's messages, the inbox's
    /// records), commit together or not at all.
    /// </summary>
    public async Task<UnitOfWork> BeginAsync(CancellationToken ct = default)
    {
        if (!IsSqlServer) return new UnitOfWork(this, _sqliteWriters, await _sqliteWriters.EnterAsync(ct));

        var connection = await OpenAsync(ct);
        try
        {
            return new UnitOfWork(this, connection, await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction of its own (it commits or leaves it to roll back), and with
    /// <see cref="TransactionRetry"/> (SQL Server) runs it again from the start, in a new transaction, when it failed on a
    /// transient error before committing.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<UnitOfWork, Task<T>> work, CancellationToken ct = default)
    {
        if (TransactionRetry == ResiliencePipeline.Empty)
        {
            await using var uow = await BeginAsync(ct);
            return await work(uow);
        }
        var context = ResilienceContextPool.Shared.Get(ct);
        try
        {
            return await TransactionRetry.ExecuteAsync(static async (attempt, state) =>
            {
                await using var uow = await state.Database.BeginAsync(attempt.CancellationToken);
                uow.Committing = () => attempt.Properties.Set(TransientSqlErrors.CommitStarted, true);
                return await state.Work(uow);
            }, context, (Database: this, Work: work));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <inheritdoc cref="InTransactionAsync{T}"/>
    public Task InTransactionAsync(Func<UnitOfWork, Task> work, CancellationToken ct = default) =>
        InTransactionAsync(async uow => { await work(uow); return true; }, ct);

    /// <summary>Whether an insert failed on a primary key or unique index: another transaction wrote the same key first.</summary>
    public static bool IsUniqueViolation(Exception ex) => ex switch
    {
        SqlException sql => sql.Number is 2627 or 2601,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        _ => false,
    };

    /// <summary>Closes the SQLite writer connection, which stays open between writes.</summary>
    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return _sqliteWriters.DisposeAsync();
    }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        _sqliteWriters.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
