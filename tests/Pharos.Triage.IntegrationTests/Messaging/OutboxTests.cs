using System.Reflection;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pharos.Triage.Contracts;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.Routing.Catalogue;
using Pharos.Triage.Routing.Consumers;
using Pharos.Triage.Routing.Data;

namespace Pharos.Triage.IntegrationTests.Messaging;

/// <summary>ARCHITECTURE.md's "writes that lose nothing", for the outbox itself.</summary>
[TestFixtureSource(typeof(Stores), nameof(Stores.Providers))]
public sealed class When_messages_leave_through_the_outbox(DatabaseProvider store)
{
    private ServiceBed<RoutingDatabase> _bed = null!;

    [SetUp]
    public async Task Start() => _bed = await ServiceBed<RoutingDatabase>.StartAsync(
        (provider, connection, synchronous) => new RoutingDatabase(provider, connection, synchronous),
        x =>
        {
            x.AddConsumer<ReportFiledConsumer>();
            x.AddConsumer<MessagesTakenConsumer>();
        },
        services => services
            .AddSingleton<LiveCatalogue>()
            .AddSingleton<ServiceDatabase>(sp => sp.GetRequiredService<RoutingDatabase>()), store: store);

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

    private OutboxDispatcher<RoutingDatabase> Dispatcher(RoutingDatabase database, IBus bus, OutboxOptions? options = null) =>
        new(database, bus, _bed.Clock, Options.Create(options ?? new OutboxOptions()), NullLogger<OutboxDispatcher<RoutingDatabase>>.Instance);

    [Test]
    public async Task A_crash_after_the_commit_loses_no_message()
    {
        await Commit(Forwarded("r1"), Forwarded("r2"));

        // The process died before its dispatcher ran: a new process opens the same store.
        await using var restarted = _bed.OpenAgain();
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
    public async Task A_copy_not_yet_receipted_is_sent_again_backing_off_until_a_receipt_ends_it()
    {
        // Routing's consumer takes ReportFiled: each row waits for its receipt.
        _bed.Database.Outbox().Subscriptions = ServiceConsumers.SubscriptionsOf([new ServiceModule("Routing", _ => { }, x => x.AddServiceConsumer<ReportFiledConsumer>("Routing"), _ => { })]);
        await Commit(new ReportFiled("r1", "https://x.com/a/1", Category.Terrorism, "d", null, false, PharosApp.Start, "analyst:a"));
        await _bed.DispatchOutbox();
        await Eventually.Until(() => _bed.Count("SELECT COUNT(*) FROM routing_decisions"), n => n == 1, "the decision");
        Assert.That(await _bed.DispatchOutbox(), Is.EqualTo(1), "the RequestIssued, which no consumer here waits for");
        Guid filedId;
        await using (var connection = await _bed.Database.OpenAsync())
            filedId = Guid.Parse(await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection,
                "SELECT message_id FROM outbox WHERE message_type = 'ReportFiled'") ?? "");
        var dispatcher = _bed.Provider.GetRequiredService<OutboxDispatcher<RoutingDatabase>>();

        // No receipt came back (this bed's endpoints send none): the copy may have been lost, so it goes again, 30 s later.
        _bed.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.That(await dispatcher.RearmDueAsync(CancellationToken.None), Is.Zero, "not before its wait");
        _bed.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await dispatcher.RearmDueAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await _bed.DispatchOutbox(), Is.EqualTo(1));
        await Eventually.Until(() => Task.FromResult(_bed.Handled(filedId)), n => n == 2, "the copy to be consumed");
        Assert.That(await _bed.Count("SELECT COUNT(*) FROM routing_decisions"), Is.EqualTo(1), "the inbox absorbed the copy");
        Assert.That(await _bed.Count("SELECT COUNT(*) FROM outbox WHERE message_type = 'RequestIssued'"), Is.EqualTo(1), "no second request caused");

        // The next wait is twice as long.
        _bed.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.That(await dispatcher.RearmDueAsync(CancellationToken.None), Is.Zero);

        // The consumer's receipt ends the resends: the row is done, and purged in time like any sent row.
        await _bed.Deliver(new MessagesTaken([new TakenBy("Routing", "routing-report-filed", [filedId])]));
        _bed.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.That(await dispatcher.RearmDueAsync(CancellationToken.None), Is.Zero);
        Assert.That(await _bed.Count("SELECT COUNT(*) FROM outbox WHERE message_type = 'ReportFiled' AND awaiting = '|' AND resend_at IS NULL AND sends = 2"), Is.EqualTo(1));
    }

    [Test]
    public async Task Two_dispatchers_side_by_side_send_each_row_once()
    {
        const int rows = 300;
        for (var first = 0; first < rows; first += 50)
            await Commit(Enumerable.Range(first, 50).Select(i => (object)Forwarded($"r{i:000}")).ToArray());

        // Two instances of the service on the same store: two database objects, two dispatchers, small batches.
        await using var second = _bed.OpenAgain();
        var bus = DispatchProxy.Create<IBus, CountingBus>();
        async Task<int> Drain(RoutingDatabase database)
        {
            var dispatcher = Dispatcher(database, bus, new OutboxOptions { BatchSize = 10 });
            var claimed = 0;
            for (int batch; (batch = await dispatcher.DispatchBatchAsync(CancellationToken.None)) > 0;) claimed += batch;
            return claimed;
        }
        var claimed = await Task.WhenAll(Task.Run(() => Drain(_bed.Database)), Task.Run(() => Drain(second)));

        TestContext.Out.WriteLine($"first dispatcher claimed {claimed[0]} rows, second {claimed[1]}");
        Assert.That(claimed.Sum(), Is.EqualTo(rows), "every row claimed by exactly one of the two");
        var published = ((CountingBus)(object)bus).ReportIds;
        Assert.That(published.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty, "no row published twice");
        Assert.That(published, Has.Count.EqualTo(rows));
        Assert.That(await _bed.Count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL AND sends = 1 AND attempts = 0"), Is.EqualTo(rows));
    }

    /// <summary>A bus that takes every publish after a moment (so that the two dispatchers overlap), and keeps what it took.</summary>
    public class CountingBus : DispatchProxy
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _reportIds = new();

        public List<string> ReportIds => [.. _reportIds];

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            _reportIds.Enqueue(((ReportForwarded)args![0]!).ReportId);
            return Task.Delay(1);
        }
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

public sealed class When_a_row_waits_for_its_receipts
{
    [TestCase(0, 30)]
    [TestCase(1, 60)]
    [TestCase(2, 120)]
    [TestCase(4, 480)]
    [TestCase(5, 600)]
    [TestCase(1000, 600)]
    public void A_row_waits_twice_as_long_for_its_receipts_after_each_send_up_to_ten_minutes(int sendsBefore, int seconds)
    {
        // A pure rule of the dispatcher: no store is opened.
        using var database = new RoutingDatabase(DatabaseProvider.Sqlite, "Data Source=:memory:", "NORMAL");
        var dispatcher = new OutboxDispatcher<RoutingDatabase>(database, DispatchProxy.Create<IBus, When_messages_leave_through_the_outbox.BrokerDown>(),
            TimeProvider.System, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher<RoutingDatabase>>.Instance);
        Assert.That(dispatcher.ResendWait(sendsBefore), Is.EqualTo(TimeSpan.FromSeconds(seconds)));
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
