using System.Reflection;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Messaging;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.Routing.Catalogue;
using Pharos.Triage.Routing.Consumers;
using Pharos.Triage.Routing.Data;

namespace Pharos.Triage.IntegrationTests.Messaging;

/// <summary>ARCHITECTURE.md's "writes that lose nothing", for the outbox itself.</summary>
public sealed class When_messages_leave_through_the_outbox
{
    private ServiceBed<RoutingDatabase> _bed = null!;

    [SetUp]
    public async Task Start() => _bed = await ServiceBed<RoutingDatabase>.StartAsync(
        (provider, connection, synchronous) => new RoutingDatabase(provider, connection, synchronous),
        x => x.AddConsumer<ReportFiledConsumer>(),
        services => services.AddSingleton(new PlatformCatalogue(SeededPlatforms.All)));

    [TearDown]
    public async Task Stop() => await _bed.DisposeAsync();

    private static ReportForwarded Forwarded(string reportId) =>
        new(reportId, "https://a.example/", ForwardedTo.InternationalCooperation, "host_not_in_catalogue", PharosApp.Start);

    private async Task Commit(params object[] messages)
    {
        await using var uow = await _bed.Database.BeginAsync();
        foreach (var message in messages) await uow.Publish(message, PharosApp.Start);
        await uow.CommitAsync();
    }

    private OutboxDispatcher<RoutingDatabase> Dispatcher(RoutingDatabase database, IBus bus) =>
        new(database, bus, _bed.Clock, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher<RoutingDatabase>>.Instance);

    [Test]
    public async Task A_crash_after_the_commit_loses_no_message()
    {
        await Commit(Forwarded("r1"), Forwarded("r2"));

        // The process died before its dispatcher ran: a new process opens the same file.
        var restarted = new RoutingDatabase(DatabaseProvider.Sqlite, ServiceDatabase.SqliteConnectionString(_bed.Directory, "service"), "NORMAL");
        Assert.That(await Dispatcher(restarted, _bed.Harness.Bus).DispatchBatchAsync(CancellationToken.None), Is.EqualTo(2));

        var sent = await Eventually.Until(() => Task.FromResult(_bed.Published<ReportForwarded>()), l => l.Count == 2, "both messages");
        Assert.That(sent.Select(m => m.ReportId), Is.EquivalentTo(new[] { "r1", "r2" }));
        Assert.That(await _bed.Count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"), Is.Zero);
    }

    [Test]
    public async Task A_rolled_back_change_sends_nothing()
    {
        await using (var uow = await _bed.Database.BeginAsync())
        {
            await uow.Publish(Forwarded("r1"), PharosApp.Start);
            // No commit: the change failed, so the message it would have caused must not leave.
        }
        Assert.That(await _bed.DispatchOutbox(), Is.Zero);
        Assert.That(await _bed.Count("SELECT COUNT(*) FROM outbox"), Is.Zero);
    }

    [Test]
    public async Task A_publish_that_fails_is_kept_and_sent_later_exactly_once()
    {
        await Commit(Forwarded("r1"));

        var failing = DispatchProxy.Create<IBus, BrokerDown>();
        Assert.That(await Dispatcher(_bed.Database, failing).DispatchBatchAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await _bed.Count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND attempts = 1 AND last_error LIKE '%broker down%'"), Is.EqualTo(1));

        // Backing off: the row waits before it is tried again.
        Assert.That(await _bed.DispatchOutbox(), Is.Zero);
        _bed.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.That(await _bed.DispatchOutbox(), Is.EqualTo(1));
        Assert.That(await _bed.DispatchOutbox(), Is.Zero);

        await Eventually.Until(() => Task.FromResult(_bed.Published<ReportForwarded>()), l => l.Count == 1, "the message");
        Assert.That(await _bed.Count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"), Is.Zero);
    }

    [Test]
    public async Task A_publish_that_never_returns_is_given_up_and_the_row_sent_later()
    {
        await Commit(Forwarded("r1"));

        // A broker restarting under the bus: the publish waits for a connection that never comes back to it.
        var hanging = DispatchProxy.Create<IBus, BrokerHangs>();
        var dispatching = Dispatcher(_bed.Database, hanging).DispatchBatchAsync(CancellationToken.None);
        await Eventually.Until(() => Task.FromResult(BrokerHangs.Waiting), n => n == 1, "the publish to wait");
        Assert.That(dispatching.IsCompleted, Is.False);

        _bed.Clock.Advance(new OutboxOptions().PublishTimeout);
        Assert.That(await dispatching.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(1), "the dispatcher gave up waiting");
        Assert.That(await _bed.Count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND attempts = 1 AND last_error LIKE '%Timeout%'"), Is.EqualTo(1));

        _bed.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.That(await _bed.DispatchOutbox(), Is.EqualTo(1));
        await Eventually.Until(() => Task.FromResult(_bed.Published<ReportForwarded>()), l => l.Count == 1, "the message");
        Assert.That(await _bed.Count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"), Is.Zero);
    }

    [Test]
    public async Task A_replay_after_a_restart_is_absorbed_by_the_consumers_inbox()
    {
        // A ReportFiled that left through the outbox, was consumed, then replayed on start: the
        // in-memory bus forgets, so recent messages go again under their original ids.
        await Commit(new ReportFiled("r1", "https://x.com/a/1", Category.Terrorism, "d", null, false, PharosApp.Start, "analyst:a"));
        await _bed.DispatchOutbox();
        await Eventually.Until(() => _bed.Count("SELECT COUNT(*) FROM routing_decisions"), n => n == 1, "the decision");

        var replaying = new OutboxDispatcher<RoutingDatabase>(_bed.Database, _bed.Harness.Bus, _bed.Clock,
            Options.Create(new OutboxOptions { ReplayOnStart = TimeSpan.FromMinutes(10) }), NullLogger<OutboxDispatcher<RoutingDatabase>>.Instance);
        using var stop = new CancellationTokenSource();
        await replaying.StartAsync(stop.Token);
        await Eventually.Until(() => _bed.Count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL"), n => n == 0, "the replay to be sent");
        await stop.CancelAsync();
        await replaying.StopAsync(CancellationToken.None);

        // The ReportFiled went out again under its own id and reached the consumer a second time.
        await using (var connection = await _bed.Database.OpenAsync())
        {
            var filedId = Guid.Parse(await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection,
                "SELECT message_id FROM outbox WHERE message_type = 'ReportFiled'") ?? "");
            await Eventually.Until(() => Task.FromResult(_bed.Handled(filedId)), n => n == 2, "the replayed report to be consumed");
        }
        Assert.That(await _bed.Count("SELECT COUNT(*) FROM routing_decisions"), Is.EqualTo(1));
        Assert.That(await _bed.Count("SELECT COUNT(*) FROM outbox WHERE message_type = 'RequestIssued'"), Is.EqualTo(1), "no second request caused");
    }

    /// <summary>A bus whose publishes never complete, and ignore their cancellation token.</summary>
    public class BrokerHangs : DispatchProxy
    {
        private static int _waiting;

        public static int Waiting => Volatile.Read(ref _waiting);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Interlocked.Increment(ref _waiting);
            return new TaskCompletionSource().Task;
        }
    }

    /// <summary>A bus whose broker does not answer.</summary>
    public class BrokerDown : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod!.ReturnType == typeof(Task)
                ? Task.FromException(new InvalidOperationException("broker down"))
                : throw new InvalidOperationException("broker down");
    }
}

public sealed class When_the_outbox_is_misconfigured
{
    [TestCase("00:00:30")]
    [TestCase("00:05:00")]
    [TestCase("00:00:00")]
    public void A_publish_timeout_not_shorter_than_the_claim_stops_the_start(string timeout)
    {
        using var app = new PharosApp(new Dictionary<string, string?> { ["Pharos:Outbox:PublishTimeout"] = timeout });
        var error = Assert.Catch(() => app.CreateClient());
        Assert.That(error!.ToString(), Does.Contain("Pharos:Outbox:PublishTimeout must be positive and shorter than Pharos:Outbox:ClaimFor"));
    }
}
