using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Infrastructure.Hosting;

/// <summary>Who may call, and how much: authentication, the role policies, the body, time and rate limits.</summary>
public static class SecurityRegistration
{
    public static void AddPharosSecurity(this IServiceCollection services)
    {
        services.AddAuthentication(JwtAuthentication.SelectorScheme).AddPharosAuthentication();
        services.AddPharosLimits();
        services.AddPharosGateway();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitOptions>>((kestrel, limits) =>
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxBodyBytes);
        services.AddAuthorizationBuilder()
            // Every endpoint needs a principal unless it says otherwise (public and health endpoints).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Roles.Analyst, p => p.RequireRole(Roles.Analyst))
            .AddPolicy(Roles.Ministry, p => p.RequireRole(Roles.Ministry))
            .AddPolicy(Roles.Platform, p => p.RequireRole(Roles.Platform).RequireClaim(PharosClaims.PlatformIdType))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin));
    }

    /// <summary>
    /// The seeded demo tokens for these platforms (<c>demo-platform-&lt;id&gt;</c>, …), accepted while
    /// <see cref="DemoPrincipalsEnabled"/> says so.
    /// </summary>
    public static void AddDemoPrincipals(this WebApplicationBuilder builder, IEnumerable<string> platformIds)
    {
        var ids = platformIds.ToList();
        builder.Services.AddSingleton<ITokenResolver>(sp =>
            DemoPrincipalsEnabled(sp.GetRequiredService<IOptions<PharosOptions>>().Value, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value)
                ? new DemoTokenResolver(ids)
                : new NoDemoTokens());
    }

    /// <summary>Whether this process accepts the seeded demo tokens: the embedded default only, unless set.</summary>
    public static bool DemoPrincipalsEnabled(PharosOptions options, DatabaseOptions database) =>
        options.DemoPrincipals ?? (options.Transport == Transport.InMemory && database.Provider == DatabaseProvider.Sqlite);

    /// <summary>Where the demo tokens are off: it knows no token, and the API keys decide.</summary>
    private sealed class NoDemoTokens : ITokenResolver
    {
        public ValueTask<Principal?> ResolveAsync(string token, Microsoft.AspNetCore.Http.HttpContext context) => ValueTask.FromResult<Principal?>(null);
    }
}
