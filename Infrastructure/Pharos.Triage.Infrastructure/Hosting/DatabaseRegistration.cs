using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Infrastructure.Telemetry;

namespace Pharos.Triage.Infrastructure.Hosting;

/// <summary>Each service's own database: made as configured, migrated before anything starts, its outbox dispatched.</summary>
public static class DatabaseRegistration
{
    /// <summary>
    /// Registers a service's database: the connection, its migrations, its outbox dispatcher and its
    /// readiness check.
    /// </summary>
    public static void AddServiceDatabase<TDatabase>(
        this WebApplicationBuilder builder,
        string serviceName,
        Func<DatabaseProvider, string, string, TDatabase> create)
        where TDatabase : ServiceDatabase
    {
        builder.Services.AddSingleton(sp => sp.CreateServiceDatabase(serviceName, create));
        builder.Services.AddSingleton<ServiceDatabase>(sp => sp.GetRequiredService<TDatabase>());
        builder.Services.AddSingleton(sp => new DatabaseMigration(sp.GetRequiredService<TDatabase>(),
            [typeof(ServiceOutbox).Assembly, typeof(TDatabase).Assembly]));
        builder.Services.AddHostedService<OutboxDispatcher<TDatabase>>();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration($"{serviceName.ToLowerInvariant()}-database",
            sp => new DatabaseHealthCheck(sp.GetRequiredService<TDatabase>()), HealthStatus.Unhealthy, [Readiness.Tag]));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration($"{serviceName.ToLowerInvariant()}-outbox",
            sp => new UnsendableOutboxHealthCheck(sp.GetRequiredService<TDatabase>(), sp.GetRequiredService<TimeProvider>()), HealthStatus.Degraded,
            [Readiness.Tag, Readiness.Advisory]));
        builder.Services.AddSingleton<IMetricsSample>(sp => new OutboxSample(sp.GetRequiredService<TDatabase>(), sp.GetRequiredService<PharosMetrics>()));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration($"{serviceName.ToLowerInvariant()}-outbox-delay",
            sp => new OutboxDelayHealthCheck(sp.GetRequiredService<TDatabase>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<IOptions<OutboxOptions>>().Value.DegradedAfter), HealthStatus.Degraded, [Readiness.Tag, Readiness.Advisory]));
    }

    /// <summary>
    /// A service's database as configured: <c>Pharos:Database:Provider</c>, then SQL Server's connection string
    /// (<c>ConnectionStrings:{serviceName}</c>, else <c>ConnectionStrings:SqlServer</c>) or a SQLite file named after the
    /// service under <c>Pharos:DataDirectory</c>. The integration tests build theirs here too, so that a provider they
    /// are given reaches the database as the host's configuration would.
    /// </summary>
    public static TDatabase CreateServiceDatabase<TDatabase>(
        this IServiceProvider sp,
        string serviceName,
        Func<DatabaseProvider, string, string, TDatabase> create)
        where TDatabase : ServiceDatabase
    {
        var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var pharos = sp.GetRequiredService<IOptions<PharosOptions>>().Value;
        var config = sp.GetRequiredService<IConfiguration>();
        var connectionString = database.Provider == DatabaseProvider.SqlServer
            ? config.GetConnectionString(serviceName) ?? config.GetConnectionString("SqlServer")
              ?? throw new InvalidOperationException($"SQL Server needs ConnectionStrings:{serviceName} or ConnectionStrings:SqlServer.")
            : ServiceDatabase.SqliteConnectionString(pharos.DataDirectory, serviceName.ToLowerInvariant());
        var service = create(database.Provider, connectionString, database.SqliteSynchronous);
        service.Outbox().Subscriptions = sp.GetService<MessageSubscriptions>();
        if (sp.GetService<PharosMetrics>() is { } metrics)
        {
            service.Outbox().Metrics = metrics;
            service.SqliteGroupCommitted = writers => metrics.GroupCommitted(service.ServiceName, writers);
        }
        if (service.IsSqlServer)
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<TDatabase>();
            service.TransactionRetry = TransientSqlErrors.Retry(sp.GetRequiredService<TimeProvider>(), onRetry: (attempt, delay, ex) =>
                logger.LogWarning(ex, "{Service}: transaction failed on transient SQL Server error {Number}; retry {Attempt} in {Delay}",
                    serviceName, (ex as Microsoft.Data.SqlClient.SqlException)?.Number, attempt, delay));
        }
        return service;
    }

    /// <summary>
    /// Applies every registered database's migrations, or, with <paramref name="mode"/> Verify, refuses
    /// (<see cref="MigrationRefusedException"/>) unless each is applied.
    /// </summary>
    public static async Task MigrateDatabasesAsync(this IServiceProvider services, MigrationMode mode = MigrationMode.Apply, CancellationToken ct = default)
    {
        foreach (var migration in services.GetServices<DatabaseMigration>())
            await services.MigrateAsync(migration, mode, ct);
    }

    /// <summary>The same, as <c>Pharos:Database:Migrations</c> says.</summary>
    public static Task PrepareDatabasesAsync(this IServiceProvider services, CancellationToken ct = default) =>
        services.MigrateDatabasesAsync(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Migrations, ct);

    /// <summary>One database, as <c>Pharos:Database:Migrations</c> says: for an operator's command that uses only it.</summary>
    public static async Task PrepareAsync(this IServiceProvider services, ServiceDatabase database, CancellationToken ct = default)
    {
        var mode = services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Migrations;
        foreach (var migration in services.GetServices<DatabaseMigration>().Where(m => ReferenceEquals(m.Database, database)))
            await services.MigrateAsync(migration, mode, ct);
    }

    /// <summary>Applies one database's migrations, or verifies them; returns the scripts applied now (none when verifying).</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(this IServiceProvider services, DatabaseMigration migration, MigrationMode mode, CancellationToken ct)
    {
        if (mode == MigrationMode.Apply)
            return await MigrationRunner.ApplyAsync(migration.Database, migration.Assemblies,
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrationRunner)), ct);
        await MigrationRunner.VerifyAsync(migration.Database, migration.Assemblies, ct);
        return [];
    }
}

/// <summary>Applies (or verifies, as configured) every registered database's migrations at start-up.</summary>
public sealed class DatabaseMigrator(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => services.PrepareDatabasesAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A database and the assemblies whose embedded scripts make its schema.</summary>
public sealed record DatabaseMigration(ServiceDatabase Database, System.Reflection.Assembly[] Assemblies);
