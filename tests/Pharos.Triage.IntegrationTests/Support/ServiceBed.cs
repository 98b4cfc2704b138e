using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pharos.Triage.Infrastructure.Deadlines;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.IntegrationTests.Support;

/// <summary>
/// One service's database (SQLite, or SQL Server: <see cref="Stores"/>) and consumers on the MassTransit test harness,
/// with the outbox dispatched by hand so each test decides when messages leave.
/// </summary>
public sealed class ServiceBed<TDatabase> : IAsyncDisposable where TDatabase : ServiceDatabase
{
    private readonly DeliveryCounter _deliveries = new();
    private readonly TestStore _store;
    private readonly Func<DatabaseProvider, string, string, TDatabase> _create;

    private ServiceBed(ServiceProvider provider, TestStore store, Func<DatabaseProvider, string, string, TDatabase> create)
    {
        Provider = provider;
        _store = store;
        _create = create;
    }

    public ServiceProvider Provider { get; }

    public FakeTimeProvider Clock => (FakeTimeProvider)Provider.GetRequiredService<TimeProvider>();

    public TDatabase Database => Provider.GetRequiredService<TDatabase>();

    public ITestHarness Harness => Provider.GetRequiredService<ITestHarness>();

    /// <param name="create">The service's database, as its module gives it to the host.</param>
    /// <param name="store">SQLite, or SQL Server (<see cref="Stores"/>): a fresh store either way, removed on dispose.</param>
    public static async Task<ServiceBed<TDatabase>> StartAsync(
        Func<DatabaseProvider, string, string, TDatabase> create,
        Action<IBusRegistrationConfigurator> consumers,
        Action<IServiceCollection>? services = null,
        Dictionary<string, string?>? settings = null,
        DatabaseProvider store = DatabaseProvider.Sqlite)
    {
        Timestamps.RegisterWithDapper();
        var testStore = await TestStore.CreateAsync(store);
        ServiceProvider? built = null;
        try
        {
            var collection = new ServiceCollection();
            collection.AddLogging();
            collection.AddSingleton<TimeProvider>(new FakeTimeProvider(PharosApp.Start));
            testStore.Configure(collection, settings);
            collection.AddSingleton<DeadlinePolicies>();
            collection.AddSingleton(sp => TestStore.Open(sp, create));
            collection.AddSingleton<IOptions<OutboxOptions>>(Options.Create(new OutboxOptions()));
            collection.AddSingleton<OutboxDispatcher<TDatabase>>();
            services?.Invoke(collection);
            collection.AddMassTransitTestHarness(consumers);

            built = collection.BuildServiceProvider(true);
            var bed = new ServiceBed<TDatabase>(built, testStore, create);
            await MigrationRunner.ApplyAsync(bed.Database, [typeof(ServiceDatabase).Assembly, typeof(TDatabase).Assembly], NullLogger.Instance);
            await bed.Harness.Start();
            bed.Harness.Bus.ConnectConsumeObserver(bed._deliveries);
            return bed;
        }
        catch
        {
            if (built is not null) await built.DisposeAsync();
            await testStore.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Another database object on the bed's store, as a second instance of the service (or the same one restarted) opens
    /// it; the caller disposes it.
    /// </summary>
    public TDatabase OpenAgain() => TestStore.Open(Provider, _create);

    /// <summary>Publishes the service's outbox, as its dispatcher would; returns how many rows left.</summary>
    public Task<int> DispatchOutbox() =>
        Provider.GetRequiredService<OutboxDispatcher<TDatabase>>().DispatchBatchAsync(CancellationToken.None);

    public async Task<long> Count(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, sql, parameters);
    }

    /// <summary>Publishes <paramref name="message"/> with a given id (the same id twice is a redelivery) and waits until it was consumed.</summary>
    public async Task Deliver<T>(T message, Guid? messageId = null) where T : class
    {
        var id = messageId ?? NewId.NextGuid();
        var before = _deliveries.Handled(id);
        await Harness.Bus.Publish(message, context => context.MessageId = id);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_deliveries.Handled(id) == before)
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"{typeof(T).Name} {id} was not consumed");
            await Task.Delay(5);
        }
    }

    /// <summary>The messages of type <typeparamref name="T"/> the bus carried, in order.</summary>
    public List<T> Published<T>() where T : class =>
        Harness.Published.Select<T>().Select(p => p.Context.Message).ToList();

    /// <summary>How many times consumers finished a delivery of this message id, redeliveries included.</summary>
    public int Handled(Guid messageId) => _deliveries.Handled(messageId);

    /// <summary>Whether consuming a <typeparamref name="T"/> failed (to be retried by the bus).</summary>
    public bool Faulted<T>() where T : class => _deliveries.Faulted(typeof(T));

    /// <summary>Whether the last delivery of this message id failed (to be retried by the bus).</summary>
    public bool LastDeliveryFaulted(Guid messageId) => _deliveries.LastFaulted(messageId);

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await Provider.DisposeAsync();
        await _store.DisposeAsync();
    }
}

/// <summary>
/// Counts every delivery a consumer finished, by message id, redeliveries of the same id included
/// (the harness's own lists keep one entry per id).
/// </summary>
internal sealed class DeliveryCounter : IConsumeObserver
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, int> _handled = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, int> _faults = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, bool> _lastFaulted = new();

    public bool LastFaulted(Guid messageId) => _lastFaulted.GetValueOrDefault(messageId);

    public int Handled(Guid messageId) => _handled.GetValueOrDefault(messageId);

    public bool Faulted(Type messageType) => _faults.GetValueOrDefault(messageType) > 0;

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        _lastFaulted[context.MessageId!.Value] = false;
        _handled.AddOrUpdate(context.MessageId!.Value, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        _faults.AddOrUpdate(typeof(T), 1, (_, n) => n + 1);
        _lastFaulted[context.MessageId!.Value] = true;
        _handled.AddOrUpdate(context.MessageId!.Value, 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}
