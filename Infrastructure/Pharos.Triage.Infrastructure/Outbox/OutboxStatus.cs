using Dapper;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>
/// What one service's outbox holds, for an operator (<c>outbox status</c>): the rows waiting to leave, how long the
/// oldest has waited, and the rows that cannot be made into a message at all.
/// </summary>
public sealed record OutboxStatus(string Service, long Unsent, TimeSpan? OldestUnsentAge, long Unsendable)
{
    public static async Task<OutboxStatus> ReadAsync(ServiceDatabase database, TimeProvider clock, CancellationToken ct)
    {
        var sql = database.IsSqlServer ? OutboxSql.SqlServer : OutboxSql.Sqlite;
        await using var connection = await database.OpenAsync(ct);
        var (unsent, unsendable) = await connection.QuerySingleAsync<(long Unsent, long Unsendable)>(sql.CountBacklog);
        var oldest = await connection.ExecuteScalarAsync<DateTimeOffset?>(sql.OldestUnsent);
        return new OutboxStatus(database.ServiceName, unsent, clock.GetUtcNow() - oldest, unsendable);
    }
}
