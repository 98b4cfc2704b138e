using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation.Consumers;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Escalation.Statistics;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Statistics;

/// <summary>
/// Issue 13, item 1's statistics, through the store: a request the system closed as superseded counts in
/// requests and superseded only, from the requests themselves and from the day rollups alike, and is never
/// listed as unanswered.
/// </summary>
[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_a_superseded_request_is_counted_by_the_store(DatabaseProvider store)
{
    private static readonly DateTimeOffset Day0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task It_is_superseded_only_in_the_preview_the_publication_and_the_csv()
    {
        await using var bed = await ServiceBed<EscalationDatabase>.StartAsync(
            (provider, connection, synchronous) => new EscalationDatabase(provider, connection, synchronous), x => x.AddConsumer<StartClockConsumer>(), store: store);
        var issued = Day0.AddHours(10);
        ClockRow Clock(string id) => new()
        {
            RequestId = id, Reference = $"PHR-2026-{id}", PlatformId = "x", PlatformName = "X", Category = Category.HateSpeech,
            LegalBasis = LegalBasis.DsaNotice, IssuedAt = issued, AcknowledgeBy = issued.AddHours(24), ActBy = issued.AddHours(72),
            RemindAt = issued.AddHours(12), ActRemindAt = issued.AddHours(36), UnansweredDueAt = issued.AddHours(73), Sla = Sla.OnTime,
        };
        var clocks = new[]
        {
            // Acknowledged, found unanswered, then replaced by a stricter request: superseded and nothing else.
            Clock("000001"),
            Clock("000002"),
            Clock("000003"),
        };
        clocks[0].AcknowledgedAt = issued.AddHours(1);
        clocks[0].UnansweredAt = issued.AddHours(73);
        clocks[0].Outcome = Outcome.Superseded;
        clocks[0].ClosedAt = clocks[0].ActedAt = issued.AddHours(80);
        clocks[1].UnansweredAt = issued.AddHours(73);
        clocks[2].AcknowledgedAt = issued.AddHours(2);
        clocks[2].Outcome = Outcome.Removed;
        clocks[2].ClosedAt = clocks[2].ActedAt = issued.AddHours(3);
        await using (var uow = await bed.Database.BeginAsync())
        {
            foreach (var clock in clocks)
            {
                await uow.ExecuteAsync(bed.Database.Sql.StartClock, clock);
                await uow.ExecuteAsync(bed.Database.Sql.UpdateClock, clock);
            }
            await uow.CommitAsync();
        }
        bed.Clock.SetUtcNow(Day0.AddDays(5));
        var statistics = new StatisticsStore(bed.Database, bed.Clock, Options.Create(new JsonOptions()));

        // A whole day (read from its rollup) and part of one (read from the requests).
        foreach (var (from, to) in new[] { (Day0, Day0.AddDays(1)), (Day0.AddHours(9), Day0.AddHours(11)) })
        {
            var x = (await statistics.PreviewAsync(from, to, CancellationToken.None)).Platforms.Single();
            Assert.That((x.Requests, x.Superseded, x.Acknowledged, x.Acted, x.Unanswered, x.UnansweredRate, x.MedianAcknowledgeSeconds),
                Is.EqualTo((3, 1, 1, 1, 1, 0.5, (long?)7200)), $"[{from:O}, {to:O})");
        }

        var (version, body) = await statistics.PublishAsync(Day0, Day0.AddDays(1), "ministry:test", CancellationToken.None);
        var publication = JsonDocument.Parse(body).RootElement;
        Assert.That(publication.GetProperty("platforms")[0].GetProperty("superseded").GetInt32(), Is.EqualTo(1));
        Assert.That(publication.GetProperty("unanswered").EnumerateArray().Select(u => u.GetProperty("reference").GetString()),
            Is.EqualTo(new[] { "PHR-2026-000002" }), "a superseded request is never listed as unanswered");
        var csv = (await statistics.GetAsync(version, CancellationToken.None))!.Csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var column = Array.IndexOf(csv[0].Split(','), "superseded");
        Assert.That(csv[1].Split(',')[column], Is.EqualTo("1"));
    }
}
