using System.Text.RegularExpressions;

namespace Pharos.Triage.IntegrationTests.Deploy;

/// <summary>
/// Issue 18: each service instance counts its callers on its own, so with several instances the one count per client
/// is the gateway's. Read from deploy/, like the routes: the gateway limits per client address and names the client to
/// the services, which trust it (and only it) to.
/// </summary>
public class When_the_edge_is_read_from_deploy
{
    private static string Read(string relative) => When_deploy_is_read_against_the_code.Read(relative);

    [Test]
    public void The_compose_gateway_limits_each_client_by_the_address_it_connects_from()
    {
        var nginx = Read("deploy/gateway/nginx.conf");
        var zone = Regex.Match(nginx, @"limit_req_zone\s+(\S+)\s+zone=(\w+):\w+\s+rate=(\d+)r/s;");
        Assert.That(zone.Success, "a limit_req_zone is declared");
        Assert.That(zone.Groups[1].Value, Is.EqualTo("$binary_remote_addr"), "keyed on the connection's address, not on a header the client writes");
        Assert.That(nginx, Does.Match(@"\n\s*limit_req\s+zone=" + zone.Groups[2].Value + @"\b"), "the zone is applied");
        Assert.That(nginx, Does.Match(@"limit_req_status\s+429;"), "a refusal is a 429, as the services' own");
        Assert.That(nginx, Does.Match(@"error_page\s+429\s"), "answered with problem details");
    }

    [Test]
    public void The_compose_gateway_names_the_client_and_replaces_what_the_client_sent()
    {
        var nginx = Read("deploy/gateway/nginx.conf");
        Assert.That(nginx, Does.Match(@"proxy_set_header\s+X-Forwarded-For\s+\$remote_addr;"));
        Assert.That(nginx, Does.Not.Contain("$proxy_add_x_forwarded_for"), "appending would pass the client's own header on");
    }

    [Test]
    public void The_services_in_compose_trust_the_gateway_at_its_fixed_address_only()
    {
        var compose = Read("deploy/compose.yaml");
        var trusted = Regex.Matches(compose, @"^\s*Pharos__Gateway__Known(?:Proxies|Networks)__\d+:\s*(\S+)", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();
        var gateway = Regex.Match(compose, @"^  gateway:\s*\n(?:(?!^  \S).*\n)*?\s*ipv4_address:\s*(\S+)", RegexOptions.Multiline);
        Assert.That(gateway.Success, "the gateway has a fixed address");
        Assert.That(trusted, Is.EqualTo(new[] { gateway.Groups[1].Value }));
        var range = Regex.Match(compose, @"ip_range:\s*(\S+)").Groups[1].Value;
        Assert.That(System.Net.IPNetwork.Parse(range).Contains(System.Net.IPAddress.Parse(gateway.Groups[1].Value)), Is.False,
            "Docker never gives the gateway's address to another container");
    }

    [Test]
    public void The_kubernetes_ingress_limits_each_client()
    {
        var ingress = Read("deploy/k8s/ingress.yaml");
        Assert.That(ingress, Does.Match(@"nginx\.ingress\.kubernetes\.io/limit-rps:\s*""\d+"""));
        Assert.That(Read("deploy/k8s/configmap.yaml"), Does.Match(@"#\s*Pharos__Gateway__KnownNetworks__0:"), "the ingress's network is what the services trust");
    }
}
