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

/// <summary>The day rollups change nothing: figures from them equal figures computed from every request.</summary>
[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_statistics_come_from_day_rollups(DatabaseProvider store)
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Platforms = ["x", "youtube", "telegram"];
    private static readonly (string Category, string Basis)[] Categories =
        [(Category.Terrorism, LegalBasis.TcoRemovalOrder), (Category.IllicitTrade, LegalBasis.Lcen61), (Category.HateSpeech, LegalBasis.DsaNotice)];

    [Test]
    public async Task Every_period_gives_the_figures_of_its_requests_before_and_after_changes()
    {
        await using var bed = await ServiceBed<EscalationDatabase>.StartAsync(
            (provider, connection, synchronous) => new EscalationDatabase(provider, connection, synchronous), x => x.AddConsumer<StartClockConsumer>(), store: store);
        var statistics = new StatisticsStore(bed.Database, bed.Clock, Options.Create(new JsonOptions()));
        var random = new Random(42);
        var clocks = new List<ClockRow>();
        for (var i = 0; i < 3000; i++) clocks.Add(RandomClock(random, i));
        await Save(bed.Database, clocks, insert: true);

        var periods = new[]
        {
            (Day0, Day0.AddDays(10)),                                       // whole days only
            (Day0.AddHours(7.25), Day0.AddDays(6).AddHours(13.5)),          // partial days at both ends
            (Day0.AddDays(2).AddMinutes(1), Day0.AddDays(2).AddHours(20)),  // within one day
            (Day0.AddDays(-3), Day0.AddDays(1).AddMilliseconds(1)),         // from before the first request
        };
        await Compare(statistics, clocks, periods, "before any change");

        // Late answers and sweeps change requests of past days: their days must roll up again.
        foreach (var clock in clocks.Where((_, i) => i % 7 == 0))
        {
            // Found unanswered an hour past act-by (as the sweep would), then answered late: never unanswered before its
            // act-by, which the preview, naming unanswered requests by their delay past act-by, refuses as out of order.
            clock.AcknowledgedAt ??= clock.IssuedAt.AddHours(30);
            clock.UnansweredAt ??= clock.ActBy.AddHours(1);
            clock.ClosedAt = clock.UnansweredAt.Value.AddHours(1);
            clock.Outcome = Outcome.Removed;
        }
        await Save(bed.Database, clocks.Where((_, i) => i % 7 == 0), insert: false);
        await Compare(statistics, clocks, periods, "after changes");
    }

    private static async Task Compare(StatisticsStore store, List<ClockRow> clocks, (DateTimeOffset From, DateTimeOffset To)[] periods, string when)
    {
        foreach (var (from, to) in periods)
        {
            var expected = new NonResponseStatistics();
            foreach (var c in clocks.Where(c => c.IssuedAt >= from && c.IssuedAt < to))
                expected.Add(new RequestFact(c.PlatformId, c.Category, c.LegalBasis, c.IssuedAt, c.AcknowledgedAt, c.AcknowledgeBy, c.ClosedAt,
                    c.ActBy, c.Outcome, c.RefusalGround, c.PausedMs, c.Clarifications, c.UnansweredAt));
            var names = Platforms.ToDictionary(p => p, p => p.ToUpperInvariant());
            var actual = await store.PreviewAsync(from, to, CancellationToken.None);
            Assert.That(JsonSerializer.Serialize(actual.Platforms), Is.EqualTo(JsonSerializer.Serialize(expected.Figures(names))),
                $"[{from:O}, {to:O}) {when}");
        }
    }

    private static ClockRow RandomClock(Random random, int i)
    {
        var (category, basis) = Categories[random.Next(Categories.Length)];
        var platform = Platforms[random.Next(Platforms.Length)];
        var issued = Day0.AddMilliseconds(random.NextInt64((long)TimeSpan.FromDays(10).TotalMilliseconds));
        var paused = random.Next(10) == 0 ? random.Next(1, 7200) * 1000L : 0;
        var acknowledged = random.Next(10) < 8 ? issued.AddSeconds(random.Next(1, 90_000)) : (DateTimeOffset?)null;
        var acted = acknowledged is { } a && random.Next(10) < 8 ? a.AddSeconds(random.Next(1, 200_000)).AddMilliseconds(paused) : (DateTimeOffset?)null;
        var outcome = acted is null ? null : new[] { Outcome.Removed, Outcome.GeoBlocked, Outcome.Refused, Outcome.NotFound, Outcome.Superseded }[random.Next(5)];
        return new ClockRow
        {
            RequestId = $"q{i}", Reference = $"PHR-2026-{i:000000}", PlatformId = platform, PlatformName = platform.ToUpperInvariant(),
            Category = category, LegalBasis = basis, IssuedAt = issued, AcknowledgeBy = issued.AddHours(24),
            ActBy = issued.AddHours(48).AddMilliseconds(paused), RemindAt = issued.AddHours(12),
            ActRemindAt = issued.AddHours(24).AddMilliseconds(paused), UnansweredDueAt = issued.AddHours(49).AddMilliseconds(paused),
            AcknowledgedAt = acknowledged, PausedMs = paused, Outcome = outcome, RefusalGround = outcome == Outcome.Refused ? RefusalGround.All[random.Next(RefusalGround.All.Count)] : null,
            ActedAt = acted, ClosedAt = acted, Sla = Sla.OnTime, Clarifications = paused > 0 ? 1 : 0,
            UnansweredAt = acted is null && random.Next(2) == 0 ? issued.AddHours(49) : null,
        };
    }

    private static async Task Save(EscalationDatabase database, IEnumerable<ClockRow> clocks, bool insert)
    {
        await using var uow = await database.BeginAsync();
        foreach (var clock in clocks)
        {
            if (insert) await uow.ExecuteAsync(database.Sql.StartClock, clock);
            await uow.ExecuteAsync(database.Sql.UpdateClock, clock);
        }
        await uow.CommitAsync();
    }
}
