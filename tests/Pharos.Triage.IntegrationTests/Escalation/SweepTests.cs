using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pharos.Triage.Contracts;
using Pharos.Triage.Escalation;
using Pharos.Triage.Escalation.Consumers;
using Pharos.Triage.Escalation.Data;
using Pharos.Triage.Escalation.Sweeps;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Escalation;

[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_two_sweeps_run_side_by_side(DatabaseProvider store)
{
    [Test]
    public async Task Each_step_fires_once()
    {
        await using var bed = await ServiceBed<EscalationDatabase>.StartAsync(
            (provider, connection, synchronous) => new EscalationDatabase(provider, connection, synchronous),
            x => x.AddConsumer<StartClockConsumer>(), store: store);
        const int requests = 300;
        await using (var uow = await bed.Database.BeginAsync())
        {
            for (var i = 0; i < requests; i++)
            {
                var t0 = PharosApp.Start;
                await uow.ExecuteAsync(bed.Database.Sql.StartClock, Clocks.Start(new RequestIssued($"q{i:000}", $"PHR-2026-{i:000000}", $"r{i}", "x", "X",
                    "https://x.com/a", "https://x.com/a", Category.Terrorism, LegalBasis.TcoRemovalOrder, "reasons", null, t0, t0.AddHours(1), t0.AddHours(1), t0.AddHours(2), t0.AddMinutes(30), t0.AddMinutes(30))));
            }
            await uow.CommitAsync();
        }

        // Two instances of the service on the same store: two database objects, two sweeps.
        await using var second = bed.OpenAgain();
        DeadlineSweep Sweep(EscalationDatabase database) => new(database, bed.Clock,
            Options.Create(new EscalationOptions { SweepBatch = 25 }), NullLogger<DeadlineSweep>.Instance);

        bed.Clock.SetUtcNow(PharosApp.Start.AddHours(3));
        var moved = await Task.WhenAll(Task.Run(() => Sweep(bed.Database).SweepOnceAsync()), Task.Run(() => Sweep(second).SweepOnceAsync()));
        await Task.WhenAll(Task.Run(() => Sweep(bed.Database).SweepOnceAsync()), Task.Run(() => Sweep(second).SweepOnceAsync()));

        TestContext.Out.WriteLine($"first sweep moved {moved[0]} clocks, second {moved[1]}");
        Assert.That(moved.Sum(), Is.EqualTo(requests), "every clock advanced by exactly one of the two");
        Assert.That(await bed.Count("SELECT COUNT(*) FROM outbox WHERE message_type = 'ReminderDue'"), Is.EqualTo(requests));
        Assert.That(await bed.Count("SELECT COUNT(*) FROM outbox WHERE message_type = 'RequestOverdue'"), Is.EqualTo(2 * requests));
        Assert.That(await bed.Count("SELECT COUNT(*) FROM outbox WHERE message_type = 'RequestEscalated'"), Is.EqualTo(2 * requests));
        Assert.That(await bed.Count("SELECT COUNT(*) FROM outbox WHERE message_type = 'RequestUnanswered'"), Is.EqualTo(requests));
        Assert.That(await bed.Count("SELECT COUNT(*) FROM deadline_clocks WHERE next_due_at IS NOT NULL"), Is.Zero);
    }
}
