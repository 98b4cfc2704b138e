using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace Pharos.Triage.Infrastructure.Security;

/// <summary>
/// Bound from <c>Pharos:Gateway</c>: the gateway(s) in front of the services, whose <c>X-Forwarded-For</c> names the
/// client. From any other caller the header is ignored, so nobody picks the address their rate limit and access-log
/// entry are kept under.
/// </summary>
public sealed class GatewayOptions
{
    public const string Section = "Pharos:Gateway";

    /// <summary>The gateways' own addresses (<c>10.0.0.5</c>, <c>fd00::5</c>).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks the gateways are in, in CIDR notation (<c>10.0.0.0/24</c>): for gateways without a fixed address.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool Any => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    public static bool IsAddress(string? value) => IPAddress.TryParse(value, out _);

    /// <summary>A network written as its first address and prefix length; <c>10.0.0.1/8</c> is a typing error, refused.</summary>
    public static bool IsNetwork(string? value) =>
        value?.Split('/') is [var address, _] && IPAddress.TryParse(address, out var first)
        && IPNetwork.TryParse(value, out var network) && network.BaseAddress.Equals(first);
}

public static class Gateway
{
    /// <summary>
    /// Trusts the configured gateways only. ASP.NET Core's defaults trust loopback: cleared, so that with nothing
    /// configured no caller, a local one included, can name another client.
    /// </summary>
    public static void AddPharosGateway(this IServiceCollection services) =>
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<GatewayOptions>>((forwarded, bound) =>
        {
            var gateway = bound.Value;
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in gateway.KnownProxies) forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in gateway.KnownNetworks) forwarded.KnownIPNetworks.Add(IPNetwork.Parse(network));
            // The rightmost address only: the one the gateway saw. What a client wrote in its own X-Forwarded-For
            // stands to the left of it and is never read.
            forwarded.ForwardLimit = 1;
            forwarded.RequireHeaderSymmetry = false;
        });

    /// <summary>
    /// Before anything reads the caller's address (the access log, the rate limits, the demo tokens). Without a
    /// configured gateway nothing is forwarded.
    /// </summary>
    public static void UsePharosGateway(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<GatewayOptions>>().Value.Any) app.UseForwardedHeaders();
    }
}
