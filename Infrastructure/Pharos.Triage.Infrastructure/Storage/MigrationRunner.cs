using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Pharos.Triage.Infrastructure.Storage;

/// <summary>
/// Applies numbered scripts (<c>Migrations/{Sqlite|SqlServer}/NNN_name.sql</c>, embedded in each
/// assembly) in order, once each, recording them in <c>schema_migrations</c>. Released scripts are never
/// edited: a change is a new script.
/// </summary>
public static partial class MigrationRunner
{
    public sealed record Script(string Id, string Sql);

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

    public static async Task ApplyAsync(ServiceDatabase database, IEnumerable<Assembly> assemblies, ILogger logger, CancellationToken ct = default)
    {
        var scripts = assemblies.SelectMany(a => ScriptsIn(a, database.Provider)).ToList();
        await using var connection = await database.OpenAsync(ct);
        if (database.IsSqlServer)
        {
            // Several instances may start at once: one applies, the others wait and find nothing to do.
            await connection.ExecuteAsync("EXEC sp_getapplock @Resource = 'pharos_schema_migrations', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 60000;");
            await connection.ExecuteAsync("""
                IF OBJECT_ID(N'schema_migrations', N'U') IS NULL
                    CREATE TABLE schema_migrations (id NVARCHAR(200) NOT NULL CONSTRAINT pk_schema_migrations PRIMARY KEY, applied_at BIGINT NOT NULL);
                """);
        }
        else
        {
            await connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT NOT NULL PRIMARY KEY, applied_at INTEGER NOT NULL);");
        }

        var applied = (await connection.QueryAsync<string>("SELECT id FROM schema_migrations")).ToHashSet(StringComparer.Ordinal);
        foreach (var script in scripts.Where(s => !applied.Contains(s.Id)))
        {
            // SQLite has no applock: another instance on the same file may have applied the script since the read
            // above. BEGIN IMMEDIATE takes the file's write lock, so the second look, inside it, is the last word.
            await using var transaction = database.IsSqlServer
                ? await connection.BeginTransactionAsync(ct)
                : ((SqliteConnection)connection).BeginTransaction(deferred: false);
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations WHERE id = @Id", new { script.Id }, transaction) > 0)
                continue;
            var batches = database.IsSqlServer ? Batches(script.Sql) : [script.Sql];
            foreach (var batch in batches)
                await connection.ExecuteAsync(batch, transaction: transaction);
            // When the schema changed, for an operator: the real clock, as no rule reads it.
            await connection.ExecuteAsync("INSERT INTO schema_migrations (id, applied_at) VALUES (@Id, @AppliedAt)",
                new { script.Id, AppliedAt = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() }, transaction);
            await transaction.CommitAsync(ct);
            logger.LogInformation("Applied migration {Migration} to the {Service} database", script.Id, database.ServiceName);
        }

        if (database.IsSqlServer)
            await connection.ExecuteAsync("EXEC sp_releaseapplock @Resource = 'pharos_schema_migrations', @LockOwner = 'Session';");
    }

    [GeneratedRegex(@"^\s*GO\s*;?\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoLine();
}
