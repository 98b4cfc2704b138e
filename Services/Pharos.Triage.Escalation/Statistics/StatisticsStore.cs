using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Escalation.Statistics;

/// <summary>Computes previews and keeps publications.</summary>
public sealed class StatisticsStore(EscalationDatabase database, TimeProvider clock, IOptions<JsonOptions> json)
{
    public async Task<StatisticsView> PreviewAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var asOf = clock.Now();
        return new StatisticsView(from, to, asOf, await ComputeAsync(connection, null, from, to, ct));
    }

    /// <summary>Numbers and stores a publication: the figures as of now, and the bytes served from then on.</summary>
    public async Task<(int Version, string Body)> PublishAsync(DateTimeOffset from, DateTimeOffset to, string publishedBy, CancellationToken ct)
    {
        await using var uow = await database.BeginAsync(ct);
        var now = clock.Now();
        var version = await uow.ExecuteScalarAsync<int>(database.Sql.NextPublicationVersion);
        var platforms = await ComputeAsync(uow.Connection, uow.Transaction, from, to, ct);
        var unanswered = (await uow.QueryAsync<UnansweredRow>(database.Sql.SelectUnanswered, new { From = from, To = to }))
            .Select(u => new UnansweredRequest(u.Reference, u.PlatformId, u.Category, u.LegalBasis, u.IssuedAt, u.ActBy,
                (long)Math.Floor(((u.ActedAt ?? now) - u.ActBy).TotalSeconds)))
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

    public async Task<IReadOnlyList<PublicationSummary>> ListAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<PublicationSummary>(database.Sql.ListPublications)).ToList();
    }

    private async Task<IReadOnlyList<PlatformFigures>> ComputeAsync(DbConnection connection, DbTransaction? transaction, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var statistics = new NonResponseStatistics();
        await using (var command = connection.CreateCommand())
        {
            // A year of requests is a million rows: read them straight from the reader, not through objects.
            command.Transaction = transaction;
            command.CommandText = database.Sql.SelectFacts;
            AddParameter(command, "@From", Timestamps.ToUnixMs(from));
            AddParameter(command, "@To", Timestamps.ToUnixMs(to));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                statistics.Add(new RequestFact(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), At(reader, 3)!.Value, At(reader, 4), At(reader, 5)!.Value,
                    At(reader, 6), At(reader, 7)!.Value, reader.IsDBNull(8) ? null : reader.GetString(8), reader.GetInt64(9),
                    reader.GetInt32(10), At(reader, 11)));
            }
        }
        foreach (var refusal in await connection.QueryAsync<RefusalRow>(database.Sql.SelectRefusals, new { From = from, To = to }, transaction))
            statistics.AddRefusal(refusal.PlatformId, refusal.Category, refusal.LegalBasis, refusal.Reason);
        var names = (await connection.QueryAsync<(string Id, string Name)>(database.Sql.SelectPlatformNames, transaction: transaction))
            .GroupBy(n => n.Id).ToDictionary(g => g.Key, g => g.First().Name);
        return statistics.Figures(names);
    }

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
        public DateTimeOffset? ActedAt { get; set; }
    }

    private sealed class RefusalRow
    {
        public string PlatformId { get; set; } = "";
        public string Category { get; set; } = "";
        public string LegalBasis { get; set; } = "";
        public string? Reason { get; set; }
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
