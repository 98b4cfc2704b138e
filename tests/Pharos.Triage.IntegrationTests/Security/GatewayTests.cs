using System.Net;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Access;
using Pharos.Triage.Access.AccessLog;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Security;

/// <summary>
/// Issue 18: behind the gateway, every anonymous caller came from the gateway's address, so all shared one rate-limit
/// bucket and the access log recorded the gateway. The gateway's X-Forwarded-For now names the client, from the
/// configured gateway only.
/// </summary>
public sealed class When_callers_come_through_the_gateway
{
    private const string GatewayAddress = "10.20.0.5";

    /// <summary>Every connection comes from <paramref name="address"/>, as from a socket there.</summary>
    private static PharosApp App(string address, Dictionary<string, string?> settings)
    {
        // Two anonymous calls per client, then 429, and none back during the test.
        settings["Pharos:Limits:RateLimits:anonymous:Burst"] = "2";
        settings["Pharos:Limits:RateLimits:anonymous:PermitsPerSecond"] = "1";
        return new PharosApp(settings) { ConfigureServices = services => services.AddTransient<IStartupFilter>(_ => new From(address)) };
    }

    private static async Task<List<HttpStatusCode>> Calls(PharosApp app, string? forwardedFor, int count)
    {
        var statuses = new List<HttpStatusCode>();
        using var client = app.CreateClient();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/reports");
            if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }
        return statuses;
    }

    [Test]
    public async Task Two_clients_behind_a_known_proxy_have_a_bucket_each()
    {
        using var app = App(GatewayAddress, new() { ["Pharos:Gateway:KnownProxies:0"] = GatewayAddress });

        Assert.That(await Calls(app, "203.0.113.1", 3), Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }),
            "the first client spends its own burst");
        Assert.That(await Calls(app, "203.0.113.2", 2), Is.All.EqualTo(HttpStatusCode.Unauthorized), "the second client is not held back by the first");
    }

    [Test]
    public async Task A_gateway_in_a_known_network_is_trusted_too()
    {
        using var app = App(GatewayAddress, new() { ["Pharos:Gateway:KnownNetworks:0"] = "10.20.0.0/16" });

        await Calls(app, "203.0.113.1", 3);
        Assert.That(await Calls(app, "203.0.113.2", 2), Is.All.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase(null, TestName = "With no gateway configured")]
    [TestCase("10.99.0.1", TestName = "From an address that is not the gateway")]
    public async Task A_forwarded_address_from_anyone_else_is_ignored(string? knownProxy)
    {
        using var app = App(GatewayAddress, knownProxy is null ? [] : new() { ["Pharos:Gateway:KnownProxies:0"] = knownProxy });

        await Calls(app, "203.0.113.1", 2);
        Assert.That(await Calls(app, "203.0.113.2", 1), Is.EqualTo(new[] { HttpStatusCode.TooManyRequests }),
            "a caller cannot pick a fresh bucket by writing another address in the header");
        await AssertLoggedFrom(app, [GatewayAddress]);
    }

    [Test]
    public async Task The_access_log_records_the_client_not_the_gateway()
    {
        using var app = App(GatewayAddress, new() { ["Pharos:Gateway:KnownProxies:0"] = GatewayAddress });

        await Calls(app, "203.0.113.1", 1);
        // A client's own header is left of the gateway's entry: only the rightmost, the gateway's, is read.
        await Calls(app, "198.51.100.7, 203.0.113.2", 1);
        await Calls(app, "2001:db8::7", 1);

        await AssertLoggedFrom(app, ["203.0.113.1", "203.0.113.2", "2001:db8::7"]);
    }

    [Test]
    public async Task The_gateway_itself_still_logs_as_the_gateway_without_the_header()
    {
        using var app = App(GatewayAddress, new() { ["Pharos:Gateway:KnownProxies:0"] = GatewayAddress });
        await Calls(app, null, 1);
        await AssertLoggedFrom(app, [GatewayAddress]);
    }

    private static async Task AssertLoggedFrom(PharosApp app, string[] expected)
    {
        await app.Services.GetRequiredService<AccessLogWriter>().DrainAsync();
        await using var connection = await app.Services.GetRequiredService<AccessDatabase>().OpenAsync();
        var remotes = (await connection.QueryAsync<string?>("SELECT remote FROM access_log ORDER BY id")).Distinct().ToList();
        Assert.That(remotes, Is.EqualTo(expected));
    }

    /// <summary>Every request's connection comes from one address.</summary>
    private sealed class From(string address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, then) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                return then(context);
            });
            next(app);
        };
    }
}
