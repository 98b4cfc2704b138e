using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Pharos.Triage.Access.DataProtection;
using Pharos.Triage.Access.AccessLog;
using Pharos.Triage.Access.ApiKeys;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Access;

/// <summary>Every host has the access store: it checks API keys and keeps the access log.</summary>
public static class AccessRegistration
{
    public static void AddPharosAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(CreateDatabase);
        builder.Services.AddSingleton(sp => new DatabaseMigration(sp.GetRequiredService<AccessDatabase>(), [typeof(AccessDatabase).Assembly]));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("access-database",
            sp => new DatabaseHealthCheck(sp.GetRequiredService<AccessDatabase>()), HealthStatus.Unhealthy, [Readiness.Tag]));

        // Cookies and anti-forgery tokens of the console are protected by keys every host shares (see DataProtectionKeyRing).
        builder.Services.AddDataProtection().SetApplicationName("Pharos.Triage");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<AccessDatabase, TimeProvider>((keys, database, clock) =>
            keys.XmlRepository = new DataProtectionKeyRing(database, clock));

        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<ITokenResolver, ApiKeyResolver>();
        builder.Services.AddSingleton<IValidator<IssueApiKey>, IssueApiKeyValidator>();

        builder.Services.AddOptions<AccessLogOptions>().BindConfiguration(AccessLogOptions.Section)
            .Validate(o => o.Retention > TimeSpan.Zero, "Pharos:AccessLog:Retention must be positive.")
            .Validate(o => o.Capacity > 0, "Pharos:AccessLog:Capacity must be positive.")
            .Validate(o => o.FirstRetryAfter > TimeSpan.Zero && o.MaxRetryAfter >= o.FirstRetryAfter,
                "Pharos:AccessLog:FirstRetryAfter must be positive and no longer than Pharos:AccessLog:MaxRetryAfter.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AccessLogWriter>();
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration("access-log",
            sp => new AccessLogHealthCheck(sp.GetRequiredService<AccessLogWriter>()), HealthStatus.Degraded, [Readiness.Tag, Readiness.Advisory]));
        builder.Services.AddSingleton<IAccessRecorder>(sp => sp.GetRequiredService<AccessLogWriter>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AccessLogWriter>());
    }

    public static void MapAccessEndpoints(this WebApplication app) => app.MapApiKeyEndpoints();

    /// <summary>
    /// SQLite <c>access.db</c> beside the services' files, or the <c>Access</c> (else <c>SqlServer</c>) connection string,
    /// from the bound options (<see cref="OptionsRegistration.AddPharosOptions"/>).
    /// </summary>
    public static AccessDatabase CreateDatabase(IServiceProvider services)
    {
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var pharos = services.GetRequiredService<IOptions<PharosOptions>>().Value;
        var configuration = services.GetRequiredService<IConfiguration>();
        var connectionString = database.Provider == DatabaseProvider.SqlServer
            ? configuration.GetConnectionString("Access") ?? configuration.GetConnectionString("SqlServer")
              ?? throw new InvalidOperationException("SQL Server needs ConnectionStrings:Access or ConnectionStrings:SqlServer.")
            : ServiceDatabase.SqliteConnectionString(pharos.DataDirectory, "access");
        return new AccessDatabase(database.Provider, connectionString, database.SqliteSynchronous);
    }
}
