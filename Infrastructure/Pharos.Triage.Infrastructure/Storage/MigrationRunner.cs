using System.Data;
using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Pharos.Triage.Infrastructure.Storage;

/// <summary>
/// Applies numbered scripts (<c>Migrations/{Sqlite|SqlServer}/NNN_name.sql</c>, embedded in each
/// assembly) in order, once each, recording them in <c>schema_migrations</c> with their checksum. Released scripts are
/// never edited: a change is a new script, and an edited one is seen and refused at start-up.
/// </summary>
public static partial class MigrationRunner
{
    public sealed record Script(string Id, string Sql)
    {
        /// <summary>What the record table keeps of the text, to see an edit of a released script.</summary>
        public string Checksum => MigrationCheck.Checksum(Sql);
    }

    /// <summary>The scripts an assembly embeds for a provider, in the order they apply.</summary>
    public static IReadOnlyList<Script> ScriptsIn(Assembly assembly, DatabaseProvider provider)
    {
        var prefix = $"migrations/{provider}/";
        var scope = assembly.GetName().Name!.Replace("Pharos.Triage.", "", StringComparison.Ordinal).ToLowerInvariant();
        return assembly.GetManifestResourceNames()
            .Select(name => name.Replace('\\', '/'))
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return new Script($"{scope}/{Path.GetFileNameWithoutExtension(name)}", reader.ReadToEnd());
            })
            .ToList();
    }

    /// <summary>Splits a SQL Server script into batches on <c>GO</c> lines.</summary>
    public static IEnumerable<string> Batches(string sql) =>
        GoLine().Split(sql).Select(b => b.Trim()).Where(b => b.Length > 0);

    /// <summary>Applies what is not applied yet; returns the ids of the scripts it applied.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(ServiceDatabase database, IEnumerable<Assembly> assemblies, ILogger logger, CancellationToken ct = default)
    {
        var appliedNow = new List<string>();
        var scripts = assemblies.SelectMany(a => ScriptsIn(a, database.Provider)).ToList();
        var sql = SqlOf(database);
        await using var connection = await database.OpenAsync(ct);
        if (database.IsSqlServer)
        {
            // Several instances may start at once: one applies, the others wait and find nothing to do. One that is not
            // granted the lock stops: going on unlocked would let two apply the same script.
            var granted = new DynamicParameters();
            granted.Add("Granted", dbType: DbType.Int32, direction: ParameterDirection.Output);
            await connection.ExecuteAsync(MigrationLock.Take, granted);
            if (MigrationLock.Refusal(granted.Get<int>("Granted"), database.ServiceName) is { } refusal)
                throw new MigrationRefusedException(refusal);
        }
        try
        {
            await MakeRecordTableAsync(connection, database, sql, ct);
            var check = MigrationCheck.Of(scripts, await AppliedAsync(connection, sql));
            if (check.EditedRefusal(database.ServiceName) is { } edited) throw new MigrationRefusedException(edited);
            // Scripts applied before checksums were recorded (issue 18) have none: theirs is taken now, on the first
            // start of this version, and checked on every start after it.
            foreach (var script in check.WithoutChecksum)
                await connection.ExecuteAsync(sql.RecordChecksum, new { script.Id, script.Checksum });

            foreach (var script in check.Pending)
            {
                // SQLite has no applock: another instance on the same file may have applied the script since the read
                // above. BEGIN IMMEDIATE takes the file's write lock, so the second look, inside it, is the last word.
                await using var transaction = database.IsSqlServer
                    ? await connection.BeginTransactionAsync(ct)
                    : ((SqliteConnection)connection).BeginTransaction(deferred: false);
                if (await connection.ExecuteScalarAsync<long>(sql.IsApplied, new { script.Id }, transaction) > 0)
                    continue;
                var batches = database.IsSqlServer ? Batches(script.Sql) : [script.Sql];
                foreach (var batch in batches)
                    await connection.ExecuteAsync(batch, transaction: transaction);
                // When the schema changed, for an operator: the real clock, as no rule reads it.
                await connection.ExecuteAsync(sql.Record,
                    new { script.Id, AppliedAt = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(), script.Checksum }, transaction);
                await transaction.CommitAsync(ct);
                appliedNow.Add(script.Id);
                logger.LogInformation("Applied migration {Migration} to the {Service} database", script.Id, database.ServiceName);
            }
            return appliedNow;
        }
        finally
        {
            if (database.IsSqlServer)
                await connection.ExecuteAsync(MigrationLock.Release);
        }
    }

    /// <summary>
    /// Changes nothing: refuses (<see cref="MigrationRefusedException"/>) unless every script is applied, as released.
    /// For services deployed with <c>Pharos:Database:Migrations = Verify</c>, migrated beforehand by the <c>migrate</c> command.
    /// </summary>
    public static async Task VerifyAsync(ServiceDatabase database, IEnumerable<Assembly> assemblies, CancellationToken ct = default)
    {
        var scripts = assemblies.SelectMany(a => ScriptsIn(a, database.Provider)).ToList();
        var sql = SqlOf(database);
        await using var connection = await database.OpenAsync(ct);
        // No checksum column: this version's migrate never ran here (it adds the column), so nothing can be taken as applied.
        var applied = await connection.ExecuteScalarAsync<long>(sql.HasChecksums) == 1
            ? await AppliedAsync(connection, sql)
            : new Dictionary<string, string?>();
        var check = MigrationCheck.Of(scripts, applied);
        if ((check.EditedRefusal(database.ServiceName) ?? check.PendingRefusal(database.ServiceName)) is { } refusal)
            throw new MigrationRefusedException(refusal);
    }

    private static MigrationSql SqlOf(ServiceDatabase database) => database.IsSqlServer ? MigrationSql.SqlServer : MigrationSql.Sqlite;

    private static async Task MakeRecordTableAsync(DbConnection connection, ServiceDatabase database, MigrationSql sql, CancellationToken ct)
    {
        if (database.IsSqlServer)
        {
            // Under the applock: one instance at a time.
            foreach (var statement in sql.RecordTable) await connection.ExecuteAsync(statement);
            return;
        }
        await using var transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
        foreach (var statement in sql.RecordTable) await connection.ExecuteAsync(statement, transaction: transaction);
        if (await connection.ExecuteScalarAsync<long>(sql.HasChecksums, transaction: transaction) == 0)
            foreach (var statement in sql.AddChecksum) await connection.ExecuteAsync(statement, transaction: transaction);
        await transaction.CommitAsync(ct);
    }

    private static async Task<IReadOnlyDictionary<string, string?>> AppliedAsync(DbConnection connection, MigrationSql sql) =>
        (await connection.QueryAsync<(string Id, string? Checksum)>(sql.Applied)).ToDictionary(r => r.Id, r => r.Checksum, StringComparer.Ordinal);

    [GeneratedRegex(@"^\s*GO\s*;?\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoLine();
}
