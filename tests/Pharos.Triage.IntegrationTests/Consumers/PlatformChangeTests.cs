using Dapper;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.Routing.Catalogue;
using Pharos.Triage.Routing.Consumers;
using Pharos.Triage.Routing.Data;
using Pharos.Triage.Routing.Platforms;

namespace Pharos.Triage.IntegrationTests.Consumers;

/// <summary>
/// Issue 16: several Routing instances share one database; a platform changed through any of them routes the next
/// report everywhere, and every change is announced through the outbox, once.
/// </summary>
[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_platforms_change_under_routing(DatabaseProvider store)
{
    private ServiceBed<RoutingDatabase> _routing = null!;

    [SetUp]
    public async Task Start() => _routing = await ServiceBed<RoutingDatabase>.StartAsync(
        (provider, connection, synchronous) => new RoutingDatabase(provider, connection, synchronous),
        x => x.AddConsumer<ReportFiledConsumer>(),
        services => services
            .AddSingleton<LiveCatalogue>()
            .AddSingleton<IValidator<PlatformBody>, PlatformBodyValidator>()
            .AddSingleton<PlatformStore>(), store: store);

    [TearDown]
    public async Task Stop() => await _routing.DisposeAsync();

    private static ReportFiled Filed(string reportId, string url) =>
        new(reportId, url, Category.Terrorism, "Terrorist propaganda", null, false, PharosApp.Start, "analyst:a");

    private static readonly PlatformRecord Rumble = new("rumble", "Rumble", ["rumble.com"], new ContactPerson("T&S", "tns@rumble.com", null), null, ["fr"]);

    /// <summary>Another instance of Routing on the same database: its own connections, its own admin API.</summary>
    private PlatformStore OtherInstance(RoutingDatabase database) => new(database, new PlatformBodyValidator(), _routing.Clock);

    [Test]
    public async Task A_report_routes_by_a_platform_another_instance_added()
    {
        await _routing.Deliver(Filed("r1", "https://rumble.com/v1"));
        var catalogue = _routing.Provider.GetRequiredService<LiveCatalogue>();
        var loadedAt = catalogue.Cached.Version;

        await using (var other = _routing.OpenAgain())
            Assert.That(await OtherInstance(other).CreateAsync(Rumble, "admin:other-instance", CancellationToken.None), Is.TypeOf<PlatformWrite.Saved>());
        await _routing.Deliver(Filed("r2", "https://rumble.com/v2"));
        await _routing.DispatchOutbox();

        var forwarded = (await Eventually.Until(() => Task.FromResult(_routing.Published<ReportForwarded>()), l => l.Count == 1, "r1 forwarded")).Single();
        Assert.That((forwarded.ReportId, forwarded.Reason), Is.EqualTo(("r1", "host_not_in_catalogue")));
        var issued = (await Eventually.Until(() => Task.FromResult(_routing.Published<RequestIssued>()), l => l.Count == 1, "r2 issued")).Single();
        Assert.That((issued.ReportId, issued.PlatformId, issued.PlatformName), Is.EqualTo(("r2", "rumble", "Rumble")));
        Assert.That(catalogue.Cached.Version, Is.EqualTo(loadedAt + 1), "the catalogue kept, once the report that loaded it committed");
    }

    [Test]
    public async Task A_domain_another_instance_moved_routes_the_next_report_to_its_new_platform()
    {
        await _routing.Deliver(Filed("r1", "https://t.co/abc"));
        await using (var other = _routing.OpenAgain())
        {
            var instance = OtherInstance(other);
            var removed = await instance.PatchAsync("x", x => PlatformBody.From(x with { Domains = ["twitter.com", "x.com"] }), "admin:a", CancellationToken.None);
            Assert.That(removed, Is.TypeOf<PlatformWrite.Saved>(), () => removed is PlatformWrite.Invalid i ? string.Join("; ", i.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) : "");
            Assert.That(await instance.CreateAsync(Rumble with { Id = "tco", Name = "T.co", Domains = ["t.co"] }, "admin:a", CancellationToken.None),
                Is.TypeOf<PlatformWrite.Saved>());
        }
        await _routing.Deliver(Filed("r2", "https://t.co/def"));
        await _routing.DispatchOutbox();

        var issued = await Eventually.Until(() => Task.FromResult(_routing.Published<RequestIssued>()), l => l.Count == 2, "two requests");
        Assert.That(issued.Select(i => (i.ReportId, i.PlatformId)), Is.EquivalentTo(new[] { ("r1", "x"), ("r2", "tco") }));
    }

    [Test]
    public async Task The_seeded_platforms_are_announced_once_at_first_start_and_each_change_as_it_is_made()
    {
        var platforms = _routing.Provider.GetRequiredService<PlatformStore>();

        var first = await platforms.AnnouncePendingAsync(CancellationToken.None);
        int again;
        await using (var other = _routing.OpenAgain())
            again = await OtherInstance(other).AnnouncePendingAsync(CancellationToken.None);
        await platforms.CreateAsync(Rumble, "admin:a", CancellationToken.None);
        _routing.Clock.Advance(TimeSpan.FromMinutes(1));
        await platforms.PatchAsync("rumble", r => PlatformBody.From(r with { Languages = ["fr", "en"] }), "admin:b", CancellationToken.None);
        var refused = await platforms.CreateAsync(Rumble with { Id = "copy" }, "admin:a", CancellationToken.None);
        await _routing.DispatchOutbox();

        Assert.That((first, again), Is.EqualTo((9, 0)), "the second instance finds them announced");
        Assert.That(refused, Is.EqualTo(new PlatformWrite.DomainTaken("rumble.com", "rumble")));
        var changed = await Eventually.Until(() => Task.FromResult(_routing.Published<PlatformChanged>()), l => l.Count == 11, "11 announcements");
        var seeded = changed.Where(c => c.ChangedBy == "migration").ToList();
        Assert.That(seeded.Select(c => c.PlatformId), Is.EquivalentTo(new[] { "facebook", "instagram", "youtube", "x", "tiktok", "snapchat", "telegram", "microsoft", "apple" }));
        Assert.That(seeded.Select(c => (c.Version, c.Contact)), Has.All.EqualTo((1L, (ContactPerson?)null)));
        Assert.That(seeded.Single(c => c.PlatformId == "youtube").Domains, Is.EqualTo(new[] { "youtu.be", "youtube.com" }));
        var rumble = changed.Where(c => c.PlatformId == "rumble").ToList();
        Assert.That(rumble.Select(c => (c.Version, c.ChangedBy, c.ChangedAt)),
            Is.EqualTo(new[] { (1L, "admin:a", PharosApp.Start), (2L, "admin:b", PharosApp.Start.AddMinutes(1)) }));
        Assert.That(rumble[1].Languages, Is.EqualTo(new[] { "fr", "en" }));
        Assert.That(rumble[1].Contact, Is.EqualTo(Rumble.Contact));
    }

    [Test]
    public async Task Two_instances_starting_together_announce_each_seeded_platform_once()
    {
        await using var other = _routing.OpenAgain();

        var counts = await Task.WhenAll(
            Task.Run(() => _routing.Provider.GetRequiredService<PlatformStore>().AnnouncePendingAsync(CancellationToken.None)),
            Task.Run(() => OtherInstance(other).AnnouncePendingAsync(CancellationToken.None)));

        Assert.That(counts.Sum(), Is.EqualTo(9));
        Assert.That(await _routing.Count("SELECT COUNT(*) FROM outbox WHERE message_type = 'PlatformChanged'"), Is.EqualTo(9));
        Assert.That(await _routing.Count("SELECT COUNT(*) FROM platforms WHERE announced_version < version"), Is.Zero);
    }
}
