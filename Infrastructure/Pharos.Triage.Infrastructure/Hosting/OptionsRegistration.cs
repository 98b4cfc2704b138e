using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.Infrastructure.Storage;

namespace Pharos.Triage.Infrastructure.Hosting;

/// <summary>
/// Every options class of the platform, bound once from its section and checked as the host starts: a value that
/// cannot work stops the start with the key's name, instead of failing later or quietly doing something else.
/// </summary>
public static class OptionsRegistration
{
    /// <summary>Binds them all; a second call (the platform and the bus both ask) changes nothing.</summary>
    public static IServiceCollection AddPharosOptions(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(Bound))) return services;
        services.AddSingleton<Bound>();

        services.AddOptions<PharosOptions>().BindConfiguration(PharosOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataDirectory), $"{PharosOptions.Section}:DataDirectory must name a directory.")
            .Validate(o => o.Redrive.Interval > TimeSpan.Zero && o.Redrive.After > TimeSpan.Zero && o.Redrive.MaxWait >= o.Redrive.After,
                $"{PharosOptions.Section}:Redrive:Interval and After must be positive, and {PharosOptions.Section}:Redrive:MaxWait at least as long as After.")
            .ValidateOnStart();

        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .Validate(o => DatabaseOptions.IsSqliteSynchronous(o.SqliteSynchronous),
                $"{DatabaseOptions.Section}:SqliteSynchronous must be one of {string.Join(", ", DatabaseOptions.SqliteSynchronousValues)}.")
            .ValidateOnStart();

        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section)
            .Configure<IOptions<PharosOptions>>((outbox, pharos) =>
            {
                // The in-memory bus held nothing across a restart: what was not receipted goes again at once.
                if (pharos.Value.Transport == Transport.InMemory) outbox.ResendUnreceiptedOnStart = true;
            })
            .Validate(o => o.ResendAfter > TimeSpan.Zero && o.ResendMaxWait >= o.ResendAfter,
                $"{OutboxOptions.Section}:ResendAfter must be positive and {OutboxOptions.Section}:ResendMaxWait at least as long.")
            .Validate(o => o.PurgeBatch > 0, $"{OutboxOptions.Section}:PurgeBatch must be positive.")
            .Validate(o => o.PublishTimeout > TimeSpan.Zero && o.PublishTimeout < o.ClaimFor,
                $"{OutboxOptions.Section}:PublishTimeout must be positive and shorter than {OutboxOptions.Section}:ClaimFor, so that a row is not claimed again while it is being published.")
            .ValidateOnStart();

        services.AddOptions<BusOptions>().BindConfiguration(BusOptions.Section)
            .Validate(o => o.RetryIntervals.All(i => i >= 0), $"{BusOptions.Section}:RetryIntervals are waits in milliseconds: none may be negative.")
            .Validate(o => o.DeliveryLimit > 0, $"{BusOptions.Section}:DeliveryLimit must be positive.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.DeadLetterQueue), $"{BusOptions.Section}:DeadLetterQueue must name a queue.")
            .ValidateOnStart();
        // The consumers' retry policies read it as it is.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<BusOptions>>().Value);

        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.Authority) || Uri.TryCreate(o.Authority, UriKind.Absolute, out _),
                $"{JwtOptions.Section}:Authority must be the provider's absolute URL.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.RoleClaim) && !string.IsNullOrWhiteSpace(o.PlatformClaim) && !string.IsNullOrWhiteSpace(o.NameClaim),
                $"{JwtOptions.Section}:RoleClaim, PlatformClaim and NameClaim must name claims.")
            // API.md: both or neither. An authority alone would accept the provider's tokens issued for any of its applications.
            .Validate(o => string.IsNullOrWhiteSpace(o.Authority) || !string.IsNullOrWhiteSpace(o.Audience),
                $"{JwtOptions.Section}:Audience (Pharos__Authentication__Jwt__Audience) must be set with {JwtOptions.Section}:Authority: without it, tokens the provider issued for other applications would be accepted.")
            .Validate(o => string.IsNullOrWhiteSpace(o.Audience) || !string.IsNullOrWhiteSpace(o.Authority),
                $"{JwtOptions.Section}:Authority (Pharos__Authentication__Jwt__Authority) must be set with {JwtOptions.Section}:Audience: an audience alone turns no sign-in on.")
            .ValidateOnStart();

        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section)
            .Validate(o => o.KnownProxies.All(GatewayOptions.IsAddress),
                $"{GatewayOptions.Section}:KnownProxies (Pharos__Gateway__KnownProxies__<n>) must be IP addresses.")
            .Validate(o => o.KnownNetworks.All(GatewayOptions.IsNetwork),
                $"{GatewayOptions.Section}:KnownNetworks (Pharos__Gateway__KnownNetworks__<n>) must be networks in CIDR notation (10.0.0.0/24), without host bits.")
            .ValidateOnStart();

        services.AddOptions<LimitOptions>().BindConfiguration(LimitOptions.Section)
            .Validate(o => o.MaxBodyBytes > 0, $"{LimitOptions.Section}:MaxBodyBytes must be positive.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero, $"{LimitOptions.Section}:RequestTimeout must be positive.")
            .Validate(o => o.RateLimits.Values.All(l => l.PermitsPerSecond > 0 && l.Burst > 0),
                $"{LimitOptions.Section}:RateLimits: every PermitsPerSecond and Burst must be positive.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LimitOptions>>().Value);
        return services;
    }

    /// <summary>Marks a collection whose options are bound.</summary>
    private sealed class Bound;
}
