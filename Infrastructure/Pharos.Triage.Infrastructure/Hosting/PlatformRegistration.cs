using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.Infrastructure.Messaging;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Infrastructure.Hosting;

/// <summary>What every Pharos host has, whichever services it runs.</summary>
public static class PlatformRegistration
{
    public static PharosOptions AddPharosPlatform(this WebApplicationBuilder builder)
    {
        Timestamps.RegisterWithDapper();
        var services = builder.Services;
        var options = builder.Configuration.GetSection(PharosOptions.Section).Get<PharosOptions>() ?? new PharosOptions();
        services.AddOptions<PharosOptions>().BindConfiguration(PharosOptions.Section);
        services.AddOptions<DatabaseOptions>().BindConfiguration($"{PharosOptions.Section}:Database");
        services.AddOptions<OutboxOptions>().BindConfiguration($"{PharosOptions.Section}:Outbox")
            .Configure<IOptions<PharosOptions>>((outbox, pharos) =>
            {
                // The in-memory bus held nothing across a restart: what was not receipted goes again at once.
                if (pharos.Value.Transport == Transport.InMemory) outbox.ResendUnreceiptedOnStart = true;
            })
            .Validate(o => o.ResendAfter > TimeSpan.Zero && o.ResendMaxWait >= o.ResendAfter,
                $"{PharosOptions.Section}:Outbox:ResendAfter must be positive and {PharosOptions.Section}:Outbox:ResendMaxWait at least as long.")
            .Validate(o => o.PurgeBatch > 0, $"{PharosOptions.Section}:Outbox:PurgeBatch must be positive.")
            .Validate(o => o.PublishTimeout > TimeSpan.Zero && o.PublishTimeout < o.ClaimFor,
                $"{PharosOptions.Section}:Outbox:PublishTimeout must be positive and shorter than {PharosOptions.Section}:Outbox:ClaimFor, so that a row is not claimed again while it is being published.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // On SIGTERM the bus gets 30 s to finish what it holds (unfinished messages go back to the
        // broker); the host waits a little longer than that before it gives up.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(45));
        // First hosted service: every database is migrated before any dispatcher, sweep or consumer starts.
        services.AddHostedService<DatabaseMigrator>();

        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            json.SerializerOptions.Converters.Add(new UtcTimestampConverter());
        });
        services.AddProblemDetails();
        // A value that cannot be bound throws, so that BadRequests answers it with an errors object
        // instead of a bare 400 (and the same in every environment).
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequests>();
        services.AddOpenApi();

        // Field names in validation errors match the JSON the caller sent.
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);

        var jwt = builder.Configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        services.AddAuthentication(JwtAuthentication.SelectorScheme).AddPharosAuthentication(jwt);
        var limits = builder.Configuration.GetSection(LimitOptions.Section).Get<LimitOptions>() ?? new LimitOptions();
        services.AddSingleton(limits);
        services.AddPharosLimits(limits);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = limits.MaxBodyBytes);
        services.AddAuthorizationBuilder()
            // Every endpoint needs a principal unless it says otherwise (public and health endpoints).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Roles.Analyst, p => p.RequireRole(Roles.Analyst))
            .AddPolicy(Roles.Ministry, p => p.RequireRole(Roles.Ministry))
            .AddPolicy(Roles.Platform, p => p.RequireRole(Roles.Platform).RequireClaim(PharosClaims.PlatformIdType))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin));

        services.AddHealthChecks();
        return options;
    }

    /// <summary>Whether this process accepts the seeded demo tokens (embedded default only, unless set).</summary>
    public static bool DemoPrincipalsEnabled(this WebApplicationBuilder builder, PharosOptions options)
    {
        var database = builder.Configuration.GetSection($"{PharosOptions.Section}:Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        return options.DemoPrincipals ?? (options.Transport == Transport.InMemory && database.Provider == DatabaseProvider.Sqlite);
    }

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
            [typeof(PlatformRegistration).Assembly, typeof(TDatabase).Assembly]));
        builder.Services.AddHostedService<OutboxDispatcher<TDatabase>>();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration($"{serviceName.ToLowerInvariant()}-database",
            sp => new DatabaseHealthCheck(sp.GetRequiredService<TDatabase>()), HealthStatus.Unhealthy, [Readiness.Tag]));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration($"{serviceName.ToLowerInvariant()}-outbox",
            sp => new UnsendableOutboxHealthCheck(sp.GetRequiredService<TDatabase>(), sp.GetRequiredService<TimeProvider>()), HealthStatus.Degraded,
            [Readiness.Tag, Readiness.Advisory]));
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
        service.Subscriptions = sp.GetService<MessageSubscriptions>();
        if (service.IsSqlServer)
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<TDatabase>();
            service.TransactionRetry = TransientSqlErrors.Retry(sp.GetRequiredService<TimeProvider>(), onRetry: (attempt, delay, ex) =>
                logger.LogWarning(ex, "{Service}: transaction failed on transient SQL Server error {Number}; retry {Attempt} in {Delay}",
                    serviceName, (ex as Microsoft.Data.SqlClient.SqlException)?.Number, attempt, delay));
        }
        return service;
    }

    /// <summary>Applies every registered database's migrations.</summary>
    public static async Task MigrateDatabasesAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrationRunner));
        foreach (var migration in services.GetServices<DatabaseMigration>())
            await MigrationRunner.ApplyAsync(migration.Database, migration.Assemblies, logger, ct);
    }

    public static void UsePharosPlatform(this WebApplication app)
    {
        // Outermost, so that every answer is recorded as it was sent: a 413 of the body limit, a 400 or
        // 500 written by the exception handler.
        app.UseAccessRecording();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseBodyLimit(app.Services.GetRequiredService<LimitOptions>().MaxBodyBytes);
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        // Ready means the database and the bus answer: a degraded check (a bus reconnecting) is not ready,
        // unless it is advisory (Readiness).
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(Readiness.Tag),
            ResponseWriter = Readiness.WriteAsync,
        }).AllowAnonymous();
    }
}

/// <summary>Applies every registered database's migrations at start-up.</summary>
public sealed class DatabaseMigrator(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => services.MigrateDatabasesAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed record DatabaseMigration(ServiceDatabase Database, System.Reflection.Assembly[] Assemblies);

/// <summary>
/// Degraded while the service's outbox holds a row that cannot be made into a message (an unknown type, a body that
/// does not deserialise): it will not leave by itself, so an operator must see it, with its age and error.
/// </summary>
public sealed class UnsendableOutboxHealthCheck(ServiceDatabase database, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var row = await database.OldestUnsendableAsync(cancellationToken);
        if (row is null) return HealthCheckResult.Healthy();
        var age = clock.GetUtcNow() - row.CreatedAt;
        return HealthCheckResult.Degraded(
            $"The {database.ServiceName} outbox holds a message that cannot be sent: row {row.Id} ({row.MessageType}), " +
            $"written {age.TotalSeconds:0} s ago: {row.LastError}",
            data: new Dictionary<string, object> { ["outboxId"] = row.Id, ["messageType"] = row.MessageType, ["ageSeconds"] = (long)age.TotalSeconds });
    }
}

/// <summary>Ready only while the service's database answers.</summary>
public sealed class DatabaseHealthCheck(ServiceDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"The {database.ServiceName} database does not answer.", ex);
        }
    }
}
