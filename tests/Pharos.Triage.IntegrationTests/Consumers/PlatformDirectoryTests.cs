using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Platforms;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Intake.Consumers;
using Pharos.Triage.Intake.Data;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Consumers;

/// <summary>A service's copy of the platform records, kept from Routing's announcements however they arrive.</summary>
[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_a_service_hears_of_platform_changes(DatabaseProvider store)
{
    private ServiceBed<IntakeDatabase> _intake = null!;
    private static readonly DateTimeOffset T0 = PharosApp.Start;

    [SetUp]
    public async Task Start() =>
        _intake = await ServiceBed<IntakeDatabase>.StartAsync(
            (provider, connection, synchronous) => new IntakeDatabase(provider, connection, synchronous),
            x => x.AddConsumer<IntakePlatformChangedConsumer>(), store: store);

    [TearDown]
    public async Task Stop() => await _intake.DisposeAsync();

    private static PlatformChanged Rumble(long version, string contactName, string[]? domains = null) =>
        new("rumble", version, "Rumble", domains ?? ["rumble.com"], new ContactPerson(contactName, "tns@rumble.com", null), null, ["fr", "en"],
            T0.AddMinutes(version), "admin:ops");

    private async Task<KnownPlatform?> Known(string id)
    {
        await using var uow = await _intake.Database.BeginAsync();
        return await PlatformDirectory.FindAsync(uow, id);
    }

    [Test]
    public async Task A_platform_never_announced_is_unknown() =>
        Assert.That(await Known("rumble"), Is.Null);

    [Test]
    public async Task The_announced_record_is_kept_whole()
    {
        await _intake.Deliver(Rumble(1, "Trust & Safety"));

        var known = await Known("rumble");
        Assert.That(known, Is.Not.Null);
        Assert.That((known!.Name, known.Version, known.Contact), Is.EqualTo(("Rumble", 1L, new ContactPerson("Trust & Safety", "tns@rumble.com", null))));
        Assert.That(known.Domains, Is.EqualTo(new[] { "rumble.com" }));
        Assert.That(known.Languages, Is.EqualTo(new[] { "fr", "en" }));
        Assert.That(known.EscalationContact, Is.Null);
    }

    [Test]
    public async Task A_later_version_replaces_the_record()
    {
        await _intake.Deliver(Rumble(1, "Trust & Safety"));
        await _intake.Deliver(Rumble(2, "Legal", ["rumble.com", "rumble.tv"]));

        var known = await Known("rumble");
        Assert.That((known!.Version, known.Contact!.Name), Is.EqualTo((2L, "Legal")));
        Assert.That(known.Domains, Is.EqualTo(new[] { "rumble.com", "rumble.tv" }));
    }

    [Test]
    public async Task An_older_version_arriving_late_changes_nothing()
    {
        await _intake.Deliver(Rumble(3, "Legal"));
        await _intake.Deliver(Rumble(2, "Trust & Safety"));
        await _intake.Deliver(Rumble(3, "Someone else at the same version"));

        var known = await Known("rumble");
        Assert.That((known!.Version, known.Contact!.Name), Is.EqualTo((3L, "Legal")));
    }
}
