using Microsoft.AspNetCore.Http;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Intake.Api;
using Pharos.Triage.Intake.Data;

namespace Pharos.Triage.Intake.Idempotency;

/// <summary>
/// Files a report at most once per <see cref="IdempotencyKey"/>: the key is written in the filing's own
/// transaction, with the answer it gave, and a filing that finds its key already written answers as the first did.
/// </summary>
public static class IdempotentFiling
{
    /// <summary>What the first filing with this key answered, for this body; null when none was filed with it.</summary>
    public static async Task<IResult?> FirstAnswerAsync(this IntakeDatabase database, IdempotencyKey idempotency, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var first = await Dapper.SqlMapper.QuerySingleOrDefaultAsync<IdempotencyKeyRow>(connection, database.Sql.SelectIdempotencyKey, idempotency.Lookup());
        return first is null ? null : idempotency.Replay(first);
    }

    /// <summary>
    /// Runs <paramref name="file"/> and commits, in one transaction with <paramref name="idempotency"/>'s key (none without
    /// a key), and answers <paramref name="created"/>; or answers as the first filing with the same key did, filing nothing.
    /// </summary>
    public static async Task<IResult> FileOnceAsync(
        this IntakeDatabase database, IdempotencyKey? idempotency, ReportCreated created, DateTimeOffset now, Func<UnitOfWork, Task> file, CancellationToken ct)
    {
        try
        {
            // Retried whole on SQL Server's transient errors; a unique violation is no transient error and ends here.
            return await database.InTransactionAsync<IResult>(async uow =>
            {
                if (idempotency is not null)
                {
                    // SQLite's single writer serializes filings, so a duplicate that committed since the caller's first look is seen here.
                    var first = await uow.QuerySingleOrDefaultAsync<IdempotencyKeyRow>(database.Sql.SelectIdempotencyKey, idempotency.Lookup());
                    if (first is not null) return idempotency.Replay(first);
                    // Written first, so that on SQL Server a concurrent duplicate waits on this key before writing anything.
                    await uow.ExecuteAsync(database.Sql.InsertIdempotencyKey, idempotency.Row(created.ReportId, created.Json, now));
                }
                await file(uow);
                await uow.CommitAsync(ct);
                return created;
            }, ct);
        }
        catch (Exception ex) when (idempotency is not null && ServiceDatabase.IsUniqueViolation(ex))
        {
            // SQL Server: a concurrent filing with the same key committed first; this one rolled back and answers as its replay.
            return await database.FirstAnswerAsync(idempotency, ct) ?? throw new InvalidOperationException(
                $"{IdempotencyKey.Header} of {idempotency.Principal} collided, yet its first answer is gone.", ex);
        }
    }
}
