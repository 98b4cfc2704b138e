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
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Platforms;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Escalation.Statistics;

/// <summary>Computes previews and keeps publications; the figures come from the day rollups (<see cref="DayRollups"/>).</summary>
public sealed class StatisticsStore(EscalationDatabase database, TimeProvider clock, IOptions<JsonOptions> json)
{
    private readonly DayRollups _rollups = new(database);

    public async Task<StatisticsView> PreviewAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        // A write transaction: days whose requests changed are rolled up again first.
        await using var uow = await database.BeginAsync(ct);
        var now = clock.Now();
        var platforms = await _rollups.FiguresAsync(uow, from, to, ct);
        // Named as the publication would name them, so that the ministry sees what it is about to make public.
        var unanswered = await UnansweredAsync(uow, from, to, now);
        var contacts = new List<PlatformContactsView>(platforms.Count);
        foreach (var figures in platforms)
        {
            var known = await PlatformDirectory.FindAsync(uow, figures.PlatformId);
            contacts.Add(new PlatformContactsView(figures.PlatformId, known?.Contact, known?.EscalationContact));
        }
        await uow.CommitAsync(ct);
        return new StatisticsView(from, to, now, platforms, unanswered, contacts);
    }

    /// <summary>The period's unanswered requests, by reference, as of <paramref name="now"/>.</summary>
    private async Task<List<UnansweredRequest>> UnansweredAsync(UnitOfWork uow, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now) =>
        (await uow.QueryAsync<UnansweredRow>(database.Sql.SelectUnanswered, new { From = from, To = to }))
            // From act-by to the answer as recorded (or now): both after the sweep found it unanswered, itself after act-by.
            .Select(u => new UnansweredRequest(u.Reference, u.PlatformId, u.Category, u.LegalBasis, u.IssuedAt, u.ActBy,
                Elapsed.WholeSeconds(u.ActBy, u.ClosedAt ?? now)))
            .ToList();

    /// <summary>Rolls up the days whose requests changed, so that the next query finds them ready.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        await using var uow = await database.BeginAsync(ct);
        await _rollups.RefreshStaleDaysAsync(uow, ct);
        await uow.CommitAsync(ct);
    }

    /// <summary>Numbers and stores a publication: the figures as of now, and the bytes served from then on.</summary>
    public async Task<(int Version, string Body)> PublishAsync(DateTimeOffset from, DateTimeOffset to, string publishedBy, CancellationToken ct)
    {
        await using var uow = await database.BeginAsync(ct);
        var now = clock.Now();
        var version = await uow.ExecuteScalarAsync<int>(database.Sql.NextPublicationVersion);
        var platforms = await _rollups.FiguresAsync(uow, from, to, ct);
        var unanswered = await UnansweredAsync(uow, from, to, now);
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
