using Dapper;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Infrastructure.Outbox;

/// <summary>
/// What one service's outbox holds: the rows waiting to leave, when the oldest of them was written, and the rows that
/// cannot be made into a message at all. One reading for the operator (<c>outbox status</c>) and the metrics
/// (<see cref="OutboxSample"/>), so the two cannot disagree.
/// </summary>
public sealed record OutboxStatus(string Service, long Unsent, DateTimeOffset? OldestUnsentAt, long Unsendable)
{
    /// <summary>How long the oldest row waiting to leave has waited at <paramref name="now"/>, if one waits.</summary>
    public TimeSpan? OldestUnsentAge(DateTimeOffset now) => now - OldestUnsentAt;

    public static async Task<OutboxStatus> ReadAsync(ServiceDatabase database, CancellationToken ct)
    {
        var sql = database.Outbox().Sql;
        await using var connection = await database.OpenAsync(ct);
        // Both read ix_outbox_unsent: the rows not yet sent, however many were sent before them.
        var (unsent, unsendable) = await connection.QuerySingleAsync<(long Unsent, long Unsendable)>(sql.CountBacklog);
        var oldest = await connection.ExecuteScalarAsync<DateTimeOffset?>(sql.OldestUnsent);
        return new OutboxStatus(database.ServiceName, unsent, oldest, unsendable);
    }
}
