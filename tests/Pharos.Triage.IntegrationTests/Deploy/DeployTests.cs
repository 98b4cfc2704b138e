using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Access.AccessLog;
using Pharos.Triage.Escalation;
using Pharos.Triage.Infrastructure.Hosting;
using Pharos.Triage.Infrastructure.Outbox;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.Intake.Idempotency;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.PlatformLiaison.Contacts;
using Pharos.Triage.PlatformLiaison.Webhooks;

namespace Pharos.Triage.IntegrationTests.Deploy;

/// <summary>
/// deploy/ read against the code: every environment key it sets is one an option reads, every probe
/// is a path the host maps on the port it listens on, and the gateways (compose's nginx, the k8s
/// ingress) send every API.md path to a service that maps it. The YAML is read with line patterns
/// for the few shapes it uses, not a YAML library: nothing more is needed and no package is added.
/// </summary>
public class When_deploy_is_read_against_the_code
{
    /// <summary>Options classes by the configuration section they are bound from, longest first.</summary>
    private static readonly (string Section, Type Type)[] Bound =
    [
        (JwtOptions.Section, typeof(JwtOptions)),
        (LimitOptions.Section, typeof(LimitOptions)),
        (BusOptions.Section, typeof(BusOptions)),
        ("Pharos:Database", typeof(DatabaseOptions)),
        ("Pharos:Outbox", typeof(OutboxOptions)),
        ("Pharos:Escalation", typeof(EscalationOptions)),
        ("Pharos:AccessLog", typeof(AccessLogOptions)),
        (IdempotencyOptions.Section, typeof(IdempotencyOptions)),
        (WebhookOptions.Section, typeof(WebhookOptions)),
        (PlatformContacts.Section, typeof(PlatformContacts)),
        (Pharos.Triage.StaffConsole.ConsoleOptions.Section, typeof(Pharos.Triage.StaffConsole.ConsoleOptions)),
        (GatewayOptions.Section, typeof(GatewayOptions)),
        (PharosOptions.Section, typeof(PharosOptions)),
    ];

    /// <summary>
    /// Keys the framework reads, and the connection strings the code asks for by name
    /// (GetConnectionString: each service's own, the shared access store, the bus).
    /// </summary>
    private static readonly string[] FrameworkKeys =
    [
        "ASPNETCORE_URLS",
        "ConnectionStrings:Intake", "ConnectionStrings:Routing", "ConnectionStrings:PlatformLiaison",
        "ConnectionStrings:Escalation", "ConnectionStrings:Access", "ConnectionStrings:RabbitMq",
    ];

    /// <summary>
    /// Pharos:Sla is read by DeadlinePolicies as a dictionary, not bound to a class:
    /// Pharos:Sla:&lt;category&gt;:&lt;window&gt; and Pharos:Sla:Platforms:&lt;id&gt;:&lt;category&gt;:&lt;window&gt;.
    /// </summary>
    private static readonly Regex SlaKey = new(
        @"^Pharos:Sla:(Platforms:[^:]+:)?[^:]+:(AcknowledgeWithin|ActWithin|UnansweredAfter)$", RegexOptions.IgnoreCase);

    private static readonly string[] Modules = ["Intake", "Routing", "PlatformLiaison", "Escalation"];

    private static readonly Regex EnvKey = new(@"^\s*#?\s*(?:-\s*name:\s*)?((?:Pharos|ConnectionStrings)__\w+|ASPNETCORE_\w+|DOTNET_\w+)\s*:?", RegexOptions.Multiline);

    private static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Pharos.Triage.sln"))) return dir.FullName;
            throw new InvalidOperationException("The repository root (Pharos.Triage.sln) is not above the test binaries.");
        }
    }

    internal static string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    private static readonly string[] K8sServices = ["intake", "routing", "platform-liaison", "escalation"];

    [Test]
    public void Every_environment_key_it_sets_is_read_by_an_option()
    {
        var sources = new Dictionary<string, string>
        {
            ["deploy/compose.yaml"] = Read("deploy/compose.yaml"),
            ["deploy/k8s/configmap.yaml"] = Read("deploy/k8s/configmap.yaml"),
            ["deploy/k8s/secret.template.yaml"] = Read("deploy/k8s/secret.template.yaml"),
            ["deploy/k8s/migrate-job.yaml"] = Read("deploy/k8s/migrate-job.yaml"),
        };
        foreach (var name in K8sServices) sources[$"deploy/k8s/{name}.yaml"] = Read($"deploy/k8s/{name}.yaml");

        var unread = new List<string>();
        var checkedKeys = 0;
        foreach (var (file, text) in sources)
            foreach (Match match in EnvKey.Matches(text))
            {
                checkedKeys++;
                // Commented keys are the documented ones an operator uncomments: they must work too.
                var key = match.Groups[1].Value.Replace("__", ":");
                if (!IsRead(key)) unread.Add($"{file}: {match.Groups[1].Value}");
            }

        Assert.That(checkedKeys, Is.GreaterThan(20), "the key pattern found the environment keys");
        Assert.That(unread.Distinct(), Is.Empty, "keys no option reads");
    }

    private static bool IsRead(string key)
    {
        if (FrameworkKeys.Contains(key, StringComparer.OrdinalIgnoreCase)) return true;
        if (SlaKey.IsMatch(key)) return true;
        var (section, type) = Bound.FirstOrDefault(b =>
            key.Equals(b.Section, StringComparison.OrdinalIgnoreCase) || key.StartsWith(b.Section + ":", StringComparison.OrdinalIgnoreCase));
        if (type is null) return false;
        var rest = key.Length == section.Length ? [] : key[(section.Length + 1)..].Split(':');
        return Binds(type, rest);
    }

    /// <summary>Whether the configuration binder would put a value at <paramref name="path"/> under <paramref name="type"/>.</summary>
    private static bool Binds(Type type, ReadOnlySpan<string> path)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (path.Length == 0) return true;
        var dictionary = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        if (dictionary is not null) return Binds(dictionary.GetGenericArguments()[1], path[1..]);
        if (type.IsArray) return int.TryParse(path[0], out _) && Binds(type.GetElementType()!, path[1..]);
        if (type == typeof(string) || type.IsPrimitive || type.IsEnum || typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType)
            return false;
        var segment = path[0];
        var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.Name.Equals(segment, StringComparison.OrdinalIgnoreCase) && p.SetMethod is { IsPublic: true });
        return property is not null && Binds(property.PropertyType, path[1..]);
    }

    [Test]
    public void Every_probe_is_a_health_path_on_the_port_the_service_listens_on()
    {
        var healthPaths = new[] { "/health/live", "/health/ready" };
        using (var host = new PharosApp())
        {
            var mapped = MappedRoutes(host).Select(r => r.Pattern).ToList();
            Assert.That(healthPaths, Is.SubsetOf(mapped), "the host maps the health paths the probes use");
        }

        var compose = Read("deploy/compose.yaml");
        var composePort = Regex.Match(compose, @"ASPNETCORE_URLS:\s*http://\+:(\d+)").Groups[1].Value;
        var composeProbe = Regex.Match(compose, @"/dev/tcp/127\.0\.0\.1/(\d+).*?GET (\S+) HTTP");
        Assert.That(composeProbe.Success, "compose's service healthcheck is found");
        Assert.That(composeProbe.Groups[1].Value, Is.EqualTo(composePort), "compose healthcheck port");
        Assert.That(healthPaths, Does.Contain(composeProbe.Groups[2].Value), "compose healthcheck path");

        var k8sPort = Regex.Match(Read("deploy/k8s/configmap.yaml"), @"ASPNETCORE_URLS:\s*http://\+:(\d+)").Groups[1].Value;
        foreach (var name in K8sServices)
        {
            var manifest = Read($"deploy/k8s/{name}.yaml");
            var containerPorts = Regex.Matches(manifest, @"-\s*name:\s*(\S+)\s*\n\s*containerPort:\s*(\d+)")
                .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            Assert.That(containerPorts.Values, Does.Contain(k8sPort), $"{name} exposes the port it listens on");
            var probes = Regex.Matches(manifest, @"httpGet:\s*\n\s*path:\s*(\S+)\s*\n\s*port:\s*(\S+)");
            Assert.That(probes, Has.Count.EqualTo(3), $"{name}: startup, readiness and liveness probes");
            foreach (Match probe in probes)
            {
                Assert.That(healthPaths, Does.Contain(probe.Groups[1].Value), $"{name} probe path");
                var port = probe.Groups[2].Value;
                Assert.That(containerPorts.GetValueOrDefault(port, port), Is.EqualTo(k8sPort), $"{name} probe port {port}");
            }
            // The Service sends its port to a named container port that exists.
            var target = Regex.Match(manifest, @"kind: Service[\s\S]*?targetPort:\s*(\S+)").Groups[1].Value;
            Assert.That(containerPorts.Keys, Does.Contain(target), $"{name} Service targetPort");
        }
    }

    [Test]
    public void Every_API_path_is_routed_to_the_service_that_maps_it()
    {
        var promised = PromisedPaths();
        Assert.That(promised, Has.Count.GreaterThan(25), "the METHOD /path entries of API.md are found");

        // Each module as compose runs it: the host that serves the console is told so there.
        var consoleHosts = Regex.Matches(Read("deploy/compose.yaml"), @"Pharos__Services__0:\s*(\w+)\s*\n(?:.*\n)*?\s*Pharos__Console__Enabled:\s*""true""")
            .Select(m => m.Groups[1].Value).ToHashSet();
        Assert.That(consoleHosts, Has.Count.EqualTo(1), "one service's hosts serve the console");
        var mappedBy = Modules.ToDictionary(m => m, m =>
        {
            using var host = new PharosApp(new() { ["Pharos:Services:0"] = m, ["Pharos:Console:Enabled"] = consoleHosts.Contains(m) ? "true" : null });
            return MappedRoutes(host);
        });

        var nginx = Read("deploy/gateway/nginx.conf");
        var nginxRoutes = Regex.Matches(nginx, @"location\s+(/\S*)\s*\{\s*set \$owner ([\w-]+);\s*proxy_pass http://\$owner:(\d+);")
            .Select(m => (Prefix: m.Groups[1].Value, Service: m.Groups[2].Value, Port: m.Groups[3].Value)).ToList();
        Assert.That(nginxRoutes, Is.Not.Empty, "nginx.conf's proxied locations are found");
        // Exact locations (=) win over everything else.
        var nginxExact = Regex.Matches(nginx, @"location\s+=\s+(/\S*)\s*\{\s*set \$owner ([\w-]+);\s*proxy_pass http://\$owner:(\d+);")
            .Select(m => (Prefix: m.Groups[1].Value, Service: m.Groups[2].Value, Port: m.Groups[3].Value)).ToList();
        // Regular-expression locations: nginx tries them, in order, before the longest prefix (none of these is ^~).
        var nginxPatterns = Regex.Matches(nginx, @"location\s+~\*?\s+(\S+)\s*\{\s*set \$owner ([\w-]+);\s*proxy_pass http://\$owner:(\d+);")
            .Select(m => (Pattern: new Regex(m.Groups[1].Value), Service: m.Groups[2].Value, Port: m.Groups[3].Value)).ToList();
        var ingressRoutes = Regex.Matches(Read("deploy/k8s/ingress.yaml"),
                @"-\s*path:\s*(\S+)\s*\n\s*pathType:\s*Prefix\s*\n\s*backend:\s*\n\s*service:\s*\n\s*name:\s*(\S+)\s*\n\s*port:\s*\n\s*name:\s*(\S+)")
            .Select(m => (Prefix: m.Groups[1].Value, Service: m.Groups[2].Value, Port: m.Groups[3].Value)).ToList();
        Assert.That(ingressRoutes, Is.Not.Empty, "the ingress's paths are found");
        var ingressExact = Regex.Matches(Read("deploy/k8s/ingress.yaml"),
                @"-\s*path:\s*(\S+)\s*\n\s*pathType:\s*Exact\s*\n\s*backend:\s*\n\s*service:\s*\n\s*name:\s*(\S+)\s*\n\s*port:\s*\n\s*name:\s*(\S+)")
            .Select(m => (Prefix: m.Groups[1].Value, Service: m.Groups[2].Value, Port: m.Groups[3].Value)).ToList();
        // ImplementationSpecific paths are regular expressions to ingress-nginx (use-regex), matched from the start, longest
        // first: before the Prefix paths they are longer than, which is all those that overlap them here.
        var ingressPatterns = Regex.Matches(Read("deploy/k8s/ingress.yaml"),
                @"-\s*path:\s*(\S+)\s*\n\s*pathType:\s*ImplementationSpecific\s*\n\s*backend:\s*\n\s*service:\s*\n\s*name:\s*(\S+)\s*\n\s*port:\s*\n\s*name:\s*(\S+)")
            .Select(m => (Pattern: new Regex("^" + m.Groups[1].Value.TrimStart('^'), RegexOptions.IgnoreCase), Service: m.Groups[2].Value, Port: m.Groups[3].Value)).ToList();

        // Which module each gateway target runs, and the port it listens on.
        var compose = Read("deploy/compose.yaml");
        var composePort = Regex.Match(compose, @"ASPNETCORE_URLS:\s*http://\+:(\d+)").Groups[1].Value;
        var composeModule = Regex.Matches(compose, @"^  ([\w-]+):\s*\n(?:(?!^  \S).*\n)*?\s*Pharos__Services__0:\s*(\w+)", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        var k8sModule = K8sServices.ToDictionary(s => s, s =>
            Regex.Match(Read($"deploy/k8s/{s}.yaml"), @"name:\s*Pharos__Services__0\s*\n\s*value:\s*(\w+)").Groups[1].Value);

        var problems = new List<string>();
        foreach (var (prefix, service, port) in ingressRoutes.Concat(ingressExact).Concat(ingressPatterns.Select(r => (Prefix: r.Pattern.ToString(), r.Service, r.Port))))
        {
            // The backend is a Service of these manifests, by a port name that Service has.
            var manifest = K8sServices.Contains(service) ? Read($"deploy/k8s/{service}.yaml") : "";
            if (!Regex.IsMatch(manifest, $@"kind: Service[\s\S]*?-\s*name:\s*{Regex.Escape(port)}\s*\n"))
                problems.Add($"ingress.yaml: {prefix} goes to {service}:{port}, no such Service port in deploy/k8s/");
        }
        foreach (var (method, path) in promised)
        {
            var entry = $"{method} {path}";
            var owners = Modules.Where(m => mappedBy[m].Any(r => r.Serves(method, path))).ToList();
            if (owners.Count == 0) { problems.Add($"{entry}: no service maps it"); continue; }
            // Health is asked of each instance by its probes, not through the gateway.
            if (path.StartsWith("/health/", StringComparison.Ordinal))
            {
                if (owners.Count != Modules.Length) problems.Add($"{entry} is mapped by {string.Join(", ", owners)} only");
                continue;
            }

            var viaNginx = nginxExact.FirstOrDefault(r => r.Prefix == path);
            if (viaNginx.Prefix is null)
                viaNginx = nginxPatterns.Where(r => r.Pattern.IsMatch(path)).Select(r => (Prefix: r.Pattern.ToString(), r.Service, r.Port)).FirstOrDefault();
            if (viaNginx.Prefix is null)
                viaNginx = nginxRoutes.Where(r => path.StartsWith(r.Prefix, StringComparison.Ordinal)).OrderByDescending(r => r.Prefix.Length).FirstOrDefault();
            if (viaNginx.Prefix is null) problems.Add($"nginx.conf: {entry} is routed nowhere");
            else if (!owners.Contains(composeModule.GetValueOrDefault(viaNginx.Service, "?")))
                problems.Add($"nginx.conf: {entry} goes to {viaNginx.Service}, which does not map it (mapped by {string.Join(", ", owners)})");
            else if (viaNginx.Port != composePort) problems.Add($"nginx.conf: {entry} goes to port {viaNginx.Port}, not {composePort}");

            // Ingress Prefix paths match whole segments.
            var viaIngress = ingressExact.FirstOrDefault(r => r.Prefix == path);
            if (viaIngress.Prefix is null)
                viaIngress = ingressPatterns.Where(r => r.Pattern.IsMatch(path)).Select(r => (Prefix: r.Pattern.ToString(), r.Service, r.Port)).FirstOrDefault();
            if (viaIngress.Prefix is null)
                viaIngress = ingressRoutes.Where(r => path == r.Prefix || path.StartsWith(r.Prefix.TrimEnd('/') + "/", StringComparison.Ordinal)).OrderByDescending(r => r.Prefix.Length).FirstOrDefault();
            if (viaIngress.Prefix is null) problems.Add($"ingress.yaml: {entry} is routed nowhere");
            else if (!owners.Contains(k8sModule.GetValueOrDefault(viaIngress.Service, "?")))
                problems.Add($"ingress.yaml: {entry} goes to {viaIngress.Service}, which does not map it (mapped by {string.Join(", ", owners)})");
        }
        Assert.That(problems, Is.Empty);
    }

    /// <summary>
    /// API.md's backticked <c>METHOD /path</c> entries (a query string dropped, GET|POST split) and the
    /// OpenAPI document it names, the reference made from it (/docs/), and the pages for people served so far (the public
    /// page at /, its stylesheet).
    /// </summary>
    private static List<(string Method, string Path)> PromisedPaths()
    {
        string? file = null;
        for (var dir = new DirectoryInfo(Root); dir is not null && file is null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "design", "API.md");
            if (File.Exists(candidate)) file = candidate;
        }
        if (file is null) Assert.Inconclusive("shared/design/API.md is not above the repository");
        var paths = Regex.Matches(File.ReadAllText(file!), @"`((?:GET|POST|PUT|PATCH|DELETE)(?:\|(?:GET|POST|PUT|PATCH|DELETE))*) (/[^`\s?]*)")
            .SelectMany(m => m.Groups[1].Value.Split('|').Select(method => (Method: method, Path: m.Groups[2].Value)))
            .Append(("GET", "/openapi/v1.json"))
            .Append(("GET", "/")).Append(("GET", "/public/pharos.css")).Append(("GET", "/docs/"))
            .Append(("GET", "/console")).Append(("GET", "/console/sign-in")).Append(("GET", "/console/assets/console.css"))
            .Distinct().ToList();
        return paths;
    }

    private sealed record Route(string Pattern, Regex Matcher, IReadOnlyList<string>? Methods)
    {
        public bool Serves(string method, string path) =>
            Matcher.IsMatch(path) && (Methods is null || Methods.Contains(method, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The routes a host maps, read from its endpoint data source once it has started.</summary>
    private static List<Route> MappedRoutes(PharosApp host) =>
        host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e =>
            {
                var pattern = "/" + e.RoutePattern.RawText!.Trim('/');
                // A parameter matches one segment (an optional one, none), or API.md's own {name} placeholder.
                var regex = "^" + string.Concat(Regex.Split(pattern, @"(\{[^}]*\})")
                    .Select(part => part.StartsWith('{') ? (part.EndsWith("?}", StringComparison.Ordinal) ? "[^/]*" : "[^/]+") : Regex.Escape(part))) + "/?$";
                return new Route(pattern, new Regex(regex), e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToList());
            }).ToList();
}
