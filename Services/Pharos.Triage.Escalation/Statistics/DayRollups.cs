using System.Data.Common;
using Dapper;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Escalation.Statistics;

/// <summary>
/// The statistics' day rollups: each whole UTC day's tallies by platform, category and legal basis, rolled up
/// again once a request of the day changed (which marks the day stale). A period's figures read its whole days from
/// their rollups and only the partial days at either end from the requests themselves.
/// </summary>
public sealed class DayRollups(EscalationDatabase database)
{
    private const long DayMs = 86_400_000;

    /// <summary>
    /// The figures of [from, to): whole days from their rollups, the partial days at either end from the
    /// requests themselves. Stale days are rolled up again first, so the figures are always exact.
    /// </summary>
    public async Task<IReadOnlyList<PlatformFigures>> FiguresAsync(UnitOfWork uow, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await RefreshStaleDaysAsync(uow, ct);
        var (connection, transaction) = (uow.Connection, uow.Transaction);
        var statistics = new NonResponseStatistics();
        long fromMs = Timestamps.ToUnixMs(from), toMs = Timestamps.ToUnixMs(to);
        long firstDay = (fromMs + DayMs - 1) / DayMs, endDay = toMs / DayMs;
        if (firstDay < endDay)
        {
            await ReadFactsAsync(connection, transaction, fromMs, firstDay * DayMs, statistics, ct);
            foreach (var day in await connection.QueryAsync<DayRow>(database.Sql.SelectDayRollups, new { FirstDay = firstDay, EndDay = endDay }, transaction))
                statistics.Add(day);
            await ReadFactsAsync(connection, transaction, endDay * DayMs, toMs, statistics, ct);
        }
        else
        {
            await ReadFactsAsync(connection, transaction, fromMs, toMs, statistics, ct);
        }
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var platform in statistics.Groups.Select(g => g.Group.Platform).Distinct())
            if (await connection.ExecuteScalarAsync<string>(database.Sql.SelectPlatformName, new { PlatformId = platform }, transaction) is { } name)
                names[platform] = name;
        return statistics.Figures(names);
    }

    /// <summary>Rolls up again every day marked stale: one whose requests changed since it was last rolled up.</summary>
    public async Task RefreshStaleDaysAsync(UnitOfWork uow, CancellationToken ct)
    {
        var (connection, transaction) = (uow.Connection, uow.Transaction);
        foreach (var day in (await connection.QueryAsync<long>(database.Sql.SelectStaleDays, transaction: transaction)).ToList())
        {
            // The mark goes first: a change after this point marks the day stale again.
            await connection.ExecuteAsync(database.Sql.ClearStaleDay, new { Day = day }, transaction);
            await connection.ExecuteAsync(database.Sql.DeleteDayRollup, new { Day = day }, transaction);
            var statistics = new NonResponseStatistics();
            await ReadFactsAsync(connection, transaction, day * DayMs, (day + 1) * DayMs, statistics, ct);
            foreach (var ((platform, category, legalBasis), tally) in statistics.Groups)
                await connection.ExecuteAsync(database.Sql.InsertDayRollup, tally.ToDay(platform, category, legalBasis, day), transaction);
        }
    }

    private async Task ReadFactsAsync(DbConnection connection, DbTransaction transaction, long fromMs, long toMs, NonResponseStatistics statistics, CancellationToken ct)
    {
        if (fromMs >= toMs) return;
        await using var command = connection.CreateCommand();
        // Read straight from the reader, not through objects: a day can hold thousands of requests.
        command.Transaction = transaction;
        command.CommandText = database.Sql.SelectFacts;
        AddParameter(command, "@From", fromMs);
        AddParameter(command, "@To", toMs);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            statistics.Add(new RequestFact(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), At(reader, 3)!.Value, At(reader, 4), At(reader, 5)!.Value,
                At(reader, 6), At(reader, 7)!.Value, Text(reader, 8), Text(reader, 9), reader.GetInt64(10),
                reader.GetInt32(11), At(reader, 12)));
        }
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? At(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Timestamps.FromUnixMs(reader.GetInt64(ordinal));

    private static void AddParameter(DbCommand command, string name, long value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
