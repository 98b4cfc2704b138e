using System.Text.Json;
using Dapper;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.Routing.Data;

namespace Pharos.Triage.IntegrationTests.Storage;

/// <summary>Routing's migration 002 gives the requests already open the legal basis they were issued under.</summary>
public sealed class When_routing_learns_the_legal_basis_of_requests_already_open
{
    [Test]
    public async Task Each_open_request_takes_the_basis_of_the_request_its_decision_kept()
    {
        await using var scratch = ScratchSqlite<RoutingDatabase>.Create("routing",
            connection => new RoutingDatabase(DatabaseProvider.Sqlite, connection, "FULL"));
        var scripts = MigrationRunner.ScriptsIn(typeof(RoutingDatabase).Assembly, DatabaseProvider.Sqlite);
        await using var connection = await scratch.Database.OpenAsync();
        await connection.ExecuteAsync(scripts.Single(s => s.Id == "routing/001_routing").Sql);

        var at = PharosApp.Start;
        foreach (var (report, request, basis) in new[] { ("r1", "q1", LegalBasis.DsaNotice), ("r2", "q2", LegalBasis.TcoRemovalOrder) })
        {
            var issued = new RequestIssued(request, "PHR-2026-00000001", report, "x", "X", $"https://x.com/{request}", $"https://x.com/{request}",
                Category.Other, basis, "reasons", null, at, at.AddHours(1), at.AddHours(1), at.AddHours(2), at.AddMinutes(30), at.AddMinutes(30));
            await connection.ExecuteAsync("""
                INSERT INTO routing_decisions (report_id, decision, normalized_url, platform_id, request_id, message_type, message_body, decided_at)
                VALUES (@Report, 'issue', @Url, 'x', @Request, 'RequestIssued', @Body, 0);
                INSERT INTO open_requests (url_hash, normalized_url, request_id, report_id, platform_id, issued_at)
                VALUES (@Hash, @Url, @Request, @Report, 'x', 0);
                """, new { Report = report, Request = request, Url = issued.NormalizedUrl, Hash = UrlHash.Of(issued.NormalizedUrl),
                    Body = JsonSerializer.Serialize(issued, MessageTypes.JsonOptions) });
        }
        // A duplicate's decision names the same request: it does not count.
        await connection.ExecuteAsync("""
            INSERT INTO routing_decisions (report_id, decision, normalized_url, platform_id, request_id, message_type, message_body, decided_at)
            VALUES ('r3', 'duplicate', 'https://x.com/q1', NULL, 'q1', 'ReportDuplicate', '{"reportId":"r3"}', 0);
            """);

        await connection.ExecuteAsync(scripts.Single(s => s.Id == "routing/002_open_request_basis").Sql);

        var bases = (await connection.QueryAsync<(string, string)>("SELECT request_id, legal_basis FROM open_requests ORDER BY request_id")).ToList();
        Assert.That(bases, Is.EqualTo(new[] { ("q1", LegalBasis.DsaNotice), ("q2", LegalBasis.TcoRemovalOrder) }));
    }
}
