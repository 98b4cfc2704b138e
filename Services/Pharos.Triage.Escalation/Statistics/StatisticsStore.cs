using Pharos.Triage.Infrastructure.Runtime;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Escalation.Statistics;

/// <summary>Computes previews and keeps publications.</summary>
public sealed class StatisticsStore(EscalationDatabase database, TimeProvider clock, IOptions<JsonOptions> json)
{
    public async Task<StatisticsView> PreviewAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        // A write transaction: days whose requests changed are rolled up again first.
        await using var uow = await database.BeginAsync(ct);
        var platforms = await ComputeAsync(uow.Connection, uow.Transaction, from, to, ct);
        await uow.CommitAsync(ct);
        return new StatisticsView(from, to, clock.Now(), platforms);
    }

    /// <summary>Rolls up the days whose requests changed, so that the next query finds them ready.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await using var uow = await database.BeginAsync(ct);
        await RefreshStaleDaysAsync(uow.Connection, uow.Transaction, ct);
        await uow.CommitAsync(ct);
    }

    /// <summary>Numbers and stores a publication: the figures as of now, and the bytes served from then on.</summary>
    public async Task<(int Version, string Body)> PublishAsync(DateTimeOffset from, DateTimeOffset to, string publishedBy, CancellationToken ct)
    {
        await using var uow = await database.BeginAsync(ct);
        var now = clock.Now();
        var version = await uow.ExecuteScalarAsync<int>(database.Sql.NextPublicationVersion);
        var platforms = await ComputeAsync(uow.Connection, uow.Transaction, from, to, ct);
        var unanswered = (await uow.QueryAsync<UnansweredRow>(database.Sql.SelectUnanswered, new { From = from, To = to }))
            // From act-by to the answer as recorded (or now): both after the sweep found it unanswered, itself after act-by.
            .Select(u => new UnansweredRequest(u.Reference, u.PlatformId, u.Category, u.LegalBasis, u.IssuedAt, u.ActBy,
                Elapsed.WholeSeconds(u.ActBy, u.ClosedAt ?? now)))
            .ToList();
        var publication = new Publication(version, now, from, to, now, platforms, unanswered, Methodology.Text);
        var body = JsonSerializer.Serialize(publication, json.Value.SerializerOptions);
        await uow.ExecuteAsync(database.Sql.InsertPublication, new
        {
            Version = version, PublishedAt = now, PublishedBy = publishedBy, PeriodFrom = from, PeriodTo = to, AsOf = now,
            Body = body, Csv = PublicationCsv.Write(platforms),
        });
        await uow.CommitAsync(ct);
        return (version, body);
    }

    public async Task<StoredPublication?> GetAsync(int? version, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return version is { } v
            ? await connection.QuerySingleOrDefaultAsync<StoredPublication>(database.Sql.SelectPublication, new { Version = v })
            : await connection.QuerySingleOrDefaultAsync<StoredPublication>(database.Sql.SelectLatestPublication);
    }

    /// <summary>A page of publications, newest first, after <paramref name="after"/> (its key is the version).</summary>
    public async Task<Page<PublicationSummary>> ListAsync(int limit, Cursor? after, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = (await connection.QueryAsync<PublicationSummary>(database.Sql.ListPublications,
            new { CursorKey = after?.Key, Limit = limit + 1 })).ToList();
        var items = rows.Take(limit).ToList();
        var next = rows.Count > limit ? new Cursor(items[^1].Version, "").Encode() : null;
        return new Page<PublicationSummary>(items, next);
    }

    private const long DayMs = 86_400_000;

    /// <summary>
    /// The figures of [from, to): whole days from their rollups, the partial days at either end from the
    /// requests themselves. Stale days are rolled up again first, so the figures are always exact.
    /// </summary>
    private async Task<IReadOnlyList<PlatformFigures>> ComputeAsync(DbConnection connection, DbTransaction transaction, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await RefreshStaleDaysAsync(connection, transaction, ct);
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

    private async Task RefreshStaleDaysAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
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

    /// <summary>A strong validator for a publication's bytes, which never change.</summary>
    public static string ETag(string body) => $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..32]}\"";

    private sealed class UnansweredRow
    {
        public string Reference { get; set; } = "";
        public string PlatformId { get; set; } = "";
        public string Category { get; set; } = "";
        public string LegalBasis { get; set; } = "";
        public DateTimeOffset IssuedAt { get; set; }
        public DateTimeOffset ActBy { get; set; }
        public DateTimeOffset? ClosedAt { get; set; }
    }
}

public sealed class StoredPublication
{
    public int Version { get; set; }
    public string Body { get; set; } = "";
    public string Csv { get; set; } = "";
}

public sealed class PublicationSummary
{
    public int Version { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public string PublishedBy { get; set; } = "";
    public DateTimeOffset PeriodFrom { get; set; }
    public DateTimeOffset PeriodTo { get; set; }
    public DateTimeOffset AsOf { get; set; }
}
