using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Routing;

namespace Pharos.Triage.Tests.Hosting;

/// <summary>
/// Issue 15: every options class of the platform is bound once, and a value that cannot work stops the start with
/// its key's name, where before some were read as they were (the limits, the JWT settings, the bus, the database).
/// </summary>
public class When_the_platform_options_are_bound
{
    private static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddPharosOptions()
            .BuildServiceProvider();

    /// <summary>What the host runs as it starts, for every options class registered with ValidateOnStart.</summary>
    private static void Start(ServiceProvider services) => services.GetRequiredService<IStartupValidator>().Validate();

    [Test]
    public void The_defaults_start()
    {
        using var services = Services([]);
        Assert.That(() => Start(services), Throws.Nothing);
    }

    [TestCase("Pharos:Database:SqliteSynchronous", "FULL; PRAGMA foreign_keys=OFF", "Pharos:Database:SqliteSynchronous")]
    [TestCase("Pharos:Database:SqliteSynchronous", "fast", "Pharos:Database:SqliteSynchronous")]
    [TestCase("Pharos:Database:SqliteSynchronous", "", "Pharos:Database:SqliteSynchronous")]
    [TestCase("Pharos:Limits:MaxBodyBytes", "0", "Pharos:Limits:MaxBodyBytes")]
    [TestCase("Pharos:Limits:RequestTimeout", "00:00:00", "Pharos:Limits:RequestTimeout")]
    [TestCase("Pharos:Limits:RateLimits:analyst:Burst", "0", "Pharos:Limits:RateLimits")]
    [TestCase("Pharos:Limits:RateLimits:anonymous:PermitsPerSecond", "-1", "Pharos:Limits:RateLimits")]
    [TestCase("Pharos:Authentication:Jwt:Authority", "idp.example.org", "Pharos:Authentication:Jwt:Authority")]
    [TestCase("Pharos:Authentication:Jwt:RoleClaim", " ", "Pharos:Authentication:Jwt:RoleClaim")]
    [TestCase("Pharos:Bus:RetryIntervals:0", "-1", "Pharos:Bus:RetryIntervals")]
    [TestCase("Pharos:Bus:DeliveryLimit", "0", "Pharos:Bus:DeliveryLimit")]
    [TestCase("Pharos:Redrive:Interval", "00:00:00", "Pharos:Redrive:Interval")]
    [TestCase("Pharos:Outbox:PurgeBatch", "0", "Pharos:Outbox:PurgeBatch")]
    public void A_value_that_cannot_work_stops_the_start_naming_its_key(string key, string value, string named)
    {
        using var services = Services(new() { [key] = value });

        var error = Assert.Catch(() => Start(services))!;
        // Options configured from the faulty ones (the outbox's, from Pharos) fail with them.
        var errors = error is AggregateException all ? all.InnerExceptions.ToList() : [error];
        Assert.That(errors, Has.All.InstanceOf<OptionsValidationException>());
        Assert.That(error.Message, Does.Contain(named));
    }

    [TestCase("Pharos:Authentication:Jwt:Authority", "https://idp.example.org/realms/pharos", "Pharos__Authentication__Jwt__Audience")]
    [TestCase("Pharos:Authentication:Jwt:Audience", "pharos-triage", "Pharos__Authentication__Jwt__Authority")]
    public void One_of_the_jwt_pair_alone_stops_the_start_naming_the_other(string key, string value, string named)
    {
        // Issue 18: an authority alone used to start with the audience unchecked.
        using var services = Services(new() { [key] = value });

        var error = Assert.Catch<OptionsValidationException>(() => Start(services))!;
        Assert.That(error.Message, Does.Contain(named));
    }

    [Test]
    public void The_jwt_pair_together_starts()
    {
        using var services = Services(new()
        {
            ["Pharos:Authentication:Jwt:Authority"] = "https://idp.example.org/realms/pharos",
            ["Pharos:Authentication:Jwt:Audience"] = "pharos-triage",
        });
        Assert.That(() => Start(services), Throws.Nothing);
    }

    [TestCase("Pharos:Gateway:KnownProxies:0", "gateway.internal", "Pharos__Gateway__KnownProxies")]
    [TestCase("Pharos:Gateway:KnownNetworks:0", "10.0.0.0", "Pharos__Gateway__KnownNetworks")]
    [TestCase("Pharos:Gateway:KnownNetworks:0", "10.0.0.1/8", "Pharos__Gateway__KnownNetworks")]
    public void A_gateway_that_is_not_an_address_or_network_stops_the_start(string key, string value, string named)
    {
        using var services = Services(new() { [key] = value });
        var error = Assert.Catch<OptionsValidationException>(() => Start(services))!;
        Assert.That(error.Message, Does.Contain(named));
    }

    [TestCase("Pharos:Gateway:KnownProxies:0", "10.0.0.5")]
    [TestCase("Pharos:Gateway:KnownProxies:0", "fd00::5")]
    [TestCase("Pharos:Gateway:KnownNetworks:0", "10.0.0.0/24")]
    [TestCase("Pharos:Gateway:KnownNetworks:0", "fd00::/64")]
    public void A_gateway_address_or_network_starts(string key, string value)
    {
        using var services = Services(new() { [key] = value });
        Assert.That(() => Start(services), Throws.Nothing);
    }

    [TestCase("OFF")]
    [TestCase("normal")]
    [TestCase("FULL")]
    [TestCase("Extra")]
    public void Each_sqlite_synchronous_level_starts(string level)
    {
        using var services = Services(new() { ["Pharos:Database:SqliteSynchronous"] = level });
        Assert.That(() => Start(services), Throws.Nothing);
        Assert.That(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.SqliteSynchronous, Is.EqualTo(level));
    }

    [Test]
    public void What_the_wiring_reads_is_the_bound_value()
    {
        using var services = Services(new()
        {
            ["Pharos:Limits:MaxBodyBytes"] = "2048",
            ["Pharos:Bus:RetryIntervals:0"] = "5",
        });

        Assert.That(services.GetRequiredService<LimitOptions>().MaxBodyBytes, Is.EqualTo(2048));
        Assert.That(services.GetRequiredService<BusOptions>().Retries, Is.EqualTo(new[] { 5 }));
    }

    [Test]
    public void Each_class_is_bound_once_though_the_platform_and_the_bus_both_ask()
    {
        var builder = WebApplication.CreateBuilder();
        // What AddPharosPlatform binds (not called here: it also sets FluentValidation's global property names).
        builder.Services.AddPharosOptions();
        builder.AddPharosBus([RoutingService.Module]);

        foreach (var type in new[] { typeof(PharosOptions), typeof(DatabaseOptions), typeof(OutboxOptions), typeof(BusOptions), typeof(JwtOptions), typeof(LimitOptions) })
        {
            var bindings = builder.Services.Count(s => s.ServiceType == typeof(IOptionsChangeTokenSource<>).MakeGenericType(type));
            Assert.That(bindings, Is.EqualTo(1), type.Name);
        }
    }
}
