using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Infrastructure.Telemetry;
using Pharos.Triage.IntegrationTests.Support;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Pharos.Triage.IntegrationTests.Deploy;

/// <summary>
/// The alarms in deploy/ read against the code: every metric an alert rule or the dashboard names is one a host
/// publishes, under the name the collector's Prometheus exporter gives it; every alert is well-formed and has its
/// runbook in docs/operating.md; compose and Kubernetes both run the collector, Prometheus and Grafana, and point every
/// service at the collector.
/// </summary>
public sealed class When_the_alarms_are_read_against_the_code
{
    private static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Pharos.Triage.sln"))) return dir.FullName;
            throw new InvalidOperationException("The repository root (Pharos.Triage.sln) is not above the test binaries.");
        }
    }

    private static string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    /// <summary>A YAML file as dictionaries and lists, merge keys (<c>&lt;&lt;: *anchor</c>) applied, documents in order.</summary>
    private static List<Dictionary<object, object>> Yaml(string relative)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new MergingParser(new Parser(new StringReader(Read(relative))));
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<YamlDotNet.Core.Events.DocumentStart>(out _))
            documents.Add(deserializer.Deserialize<Dictionary<object, object>>(parser));
        return documents;
    }

    private static Dictionary<object, object> Map(object? node, string what) =>
        node as Dictionary<object, object> ?? throw new AssertionException($"{what} is not a mapping");

    private static List<object> List(object? node, string what) =>
        node as List<object> ?? throw new AssertionException($"{what} is not a list");

    private static string? Text(Dictionary<object, object> map, string key) => map.GetValueOrDefault(key)?.ToString();

    // ---- What the code emits, as Prometheus names.

    /// <summary>
    /// Every instrument the embedded host publishes once it has served a request (the project's, ASP.NET Core's, the
    /// HttpClient's, the runtime's...), under the Prometheus names the collector's exporter gives its series.
    /// </summary>
    private static readonly Lazy<HashSet<string>> Emitted = new(() =>
    {
        var instruments = new List<Instrument>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) => { lock (instruments) instruments.Add(instrument); };
        listener.Start();
        using (var app = new PharosApp())
        {
            _ = app.Services.GetRequiredService<PharosMetrics>();
            using var response = app.CreateClient().GetAsync("/health/live").GetAwaiter().GetResult();
        }
        lock (instruments) return instruments.SelectMany(i => PrometheusSeries(i.Name, i.Unit, KindOf(i))).ToHashSet(StringComparer.Ordinal);
    });

    private static InstrumentKind KindOf(Instrument instrument)
    {
        var type = instrument.GetType().GetGenericTypeDefinition();
        if (type == typeof(Counter<>) || type == typeof(ObservableCounter<>)) return InstrumentKind.Counter;
        if (type == typeof(Histogram<>)) return InstrumentKind.Histogram;
        return InstrumentKind.Gauge; // gauges and up-down counters: no suffix of their own
    }

    /// <summary>
    /// The collector's Prometheus exporter's name for an OpenTelemetry metric (its default, with suffixes): the name's
    /// words joined by underscores, the unit's word added unless already there ({annotations} dropped, s → seconds,
    /// ms → milliseconds, By → bytes, a/b → a_per_b), <c>_total</c> for a counter, <c>_ratio</c> for a gauge of unit 1.
    /// </summary>
    public static string PrometheusName(string name, string? unit, InstrumentKind kind)
    {
        var words = Regex.Split(name, "[^a-zA-Z0-9]+").Where(w => w.Length > 0).ToList();
        var units = Regex.Replace(unit ?? "", @"\{[^}]*\}", "").Split('/');
        string Word(string u) => u switch
        {
            "s" => "seconds", "ms" => "milliseconds", "us" => "microseconds", "ns" => "nanoseconds", "min" => "minutes", "h" => "hours",
            "By" => "bytes", "KiBy" => "kibibytes", "MiBy" => "mebibytes", "%" => "percent", "1" => "", _ => u,
        };
        var main = Word(units[0].Trim());
        if (main.Length > 0 && !words.Contains(main)) words.Add(main);
        if (units.Length > 1 && Word(units[1].Trim()) is { Length: > 0 } per) words.AddRange(["per", per]);
        if (kind == InstrumentKind.Counter && words[^1] != "total") words.Add("total");
        if (kind == InstrumentKind.Gauge && unit == "1") words.Add("ratio");
        return string.Join("_", words);
    }

    /// <summary>The series a metric becomes: a histogram's buckets, sum and count; otherwise its name alone.</summary>
    private static IEnumerable<string> PrometheusSeries(string name, string? unit, InstrumentKind kind)
    {
        var prometheus = PrometheusName(name, unit, kind);
        return kind == InstrumentKind.Histogram ? [prometheus + "_bucket", prometheus + "_sum", prometheus + "_count"] : [prometheus];
    }

    // ---- What the alerts and the dashboard name.

    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or", "unless", "inf", "nan",
    };

    /// <summary>The metric names a PromQL expression reads: its identifiers that are neither functions, keywords, labels nor durations.</summary>
    public static IReadOnlyList<string> MetricsIn(string expr)
    {
        var text = Regex.Replace(expr, "\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");                        // strings
        text = Regex.Replace(text, @"\{[^}]*\}", " ");                                              // label matchers
        text = Regex.Replace(text, @"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " "); // label lists
        text = Regex.Replace(text, @"\[[^\]]*\]", " ");                                             // ranges
        text = Regex.Replace(text, @"\boffset\s+\w+", " ");                                         // offsets
        return Regex.Matches(text, @"(?<![\w.])((?>[a-zA-Z_:][a-zA-Z0-9_:]*))(?!\s*\()")
            .Select(m => m.Groups[1].Value)
            .Where(w => !PromQlWords.Contains(w.ToLowerInvariant()))
            .Distinct().ToList();
    }

    private static List<Dictionary<object, object>> Rules() =>
        List(Map(Yaml("deploy/monitoring/alerts.yaml").Single(), "alerts.yaml")["groups"], "groups")
            .SelectMany(g => List(Map(g, "a group")["rules"], "rules")).Select(r => Map(r, "a rule")).ToList();

    private static List<(string Panel, string Expr)> DashboardQueries()
    {
        using var dashboard = JsonDocument.Parse(Read("deploy/monitoring/grafana/pharos-triage.json"));
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (p.GetProperty("title").GetString()!, t.GetProperty("expr").GetString()!)))
            .ToList();
    }

    [Test]
    public void Every_metric_an_alert_or_the_dashboard_names_is_one_the_code_emits()
    {
        var named = Rules().Select(r => (Where: $"alerts.yaml {Text(r, "alert")}", Expr: Text(r, "expr")!))
            .Concat(DashboardQueries().Select(q => (Where: $"dashboard panel '{q.Panel}'", q.Expr)))
            .SelectMany(q => MetricsIn(q.Expr).Select(metric => (q.Where, Metric: metric)))
            .ToList();

        Assert.That(named.Select(n => n.Metric).Distinct().Count(), Is.GreaterThan(15), "the expressions' metrics are found");
        Assert.That(named.Where(n => !Emitted.Value.Contains(n.Metric)).Select(n => $"{n.Where}: {n.Metric}"), Is.Empty,
            "metrics no instrument of the host becomes");
    }

    [Test]
    public void Every_project_instrument_is_emitted_and_on_the_dashboard()
    {
        var dashboard = DashboardQueries().SelectMany(q => MetricsIn(q.Expr)).ToHashSet();
        foreach (var instrument in PharosMetrics.All)
        {
            var series = PrometheusSeries(instrument.Name, instrument.Unit, instrument.Kind).ToList();
            Assert.That(series, Is.SubsetOf(Emitted.Value), $"{instrument.Name} is published by the host");
            Assert.That(series.Intersect(dashboard), Is.Not.Empty, $"{instrument.Name} ({series[0]}) is on the dashboard");
        }
    }

    [TestCase("pharos.outbox.oldest_age", "s", InstrumentKind.Gauge, ExpectedResult = "pharos_outbox_oldest_age_seconds")]
    [TestCase("pharos.reports.filed", "{report}", InstrumentKind.Counter, ExpectedResult = "pharos_reports_filed_total")]
    [TestCase("http.server.request.duration", "s", InstrumentKind.Histogram, ExpectedResult = "http_server_request_duration_seconds")]
    [TestCase("process.cpu.utilization", "1", InstrumentKind.Gauge, ExpectedResult = "process_cpu_utilization_ratio")]
    [TestCase("dotnet.gc.heap.total_allocated", "By", InstrumentKind.Counter, ExpectedResult = "dotnet_gc_heap_total_allocated_bytes_total")]
    public string Names_translate_as_the_collectors_exporter_does(string name, string unit, InstrumentKind kind) => PrometheusName(name, unit, kind);

    [TestCase("max by (job, service) (pharos_outbox_oldest_age_seconds) > 300", new[] { "pharos_outbox_oldest_age_seconds" })]
    [TestCase("sum by (platform) (increase(pharos_webhooks_abandoned_total{platform=~\"x|y\"}[1h])) > 0", new[] { "pharos_webhooks_abandoned_total" })]
    [TestCase("max(a_metric) - max(a_metric offset 6h) > 0 and on (job) b_metric", new[] { "a_metric", "b_metric" })]
    public void The_metrics_of_an_expression_are_found(string expr, string[] metrics) => Assert.That(MetricsIn(expr), Is.EqualTo(metrics));

    [Test]
    public void The_rule_file_is_well_formed_and_each_alert_says_what_to_do()
    {
        var rules = Rules();
        Assert.That(rules, Has.Count.GreaterThanOrEqualTo(5));
        Assert.That(rules.Select(r => Text(r, "alert")), Is.Unique.And.All.Match("^Pharos[A-Z][A-Za-z]+$"), "alert names");
        foreach (var rule in rules)
        {
            var name = Text(rule, "alert");
            var expr = Text(rule, "expr");
            Assert.That(expr, Is.Not.Null.And.Not.Empty, $"{name}: expr");
            Assert.That(Balanced(expr!), Is.True, $"{name}: brackets of {expr}");
            Assert.That(rule.Keys.Select(k => k.ToString()), Is.SubsetOf(new[] { "alert", "expr", "for", "keep_firing_for", "labels", "annotations" }), $"{name}: keys");
            if (Text(rule, "for") is { } forDuration) Assert.That(forDuration, Does.Match(@"^(\d+(ms|s|m|h|d|w|y))+$"), $"{name}: for");
            Assert.That(Text(Map(rule["labels"], $"{name} labels"), "severity"), Is.AnyOf("critical", "warning"), $"{name}: severity");
            var annotations = Map(rule["annotations"], $"{name} annotations");
            Assert.That(Text(annotations, "summary"), Is.Not.Null.And.Length.GreaterThan(10), $"{name}: summary");
            Assert.That(Text(annotations, "description"), Is.Not.Null.And.Length.GreaterThan(80), $"{name}: description says what to do");
            Assert.That(Text(annotations, "runbook_url"), Does.Match(@"^docs/operating\.md#[a-z0-9-]+$"), $"{name}: runbook_url");
        }
    }

    private static bool Balanced(string expr)
    {
        var open = new Stack<char>();
        foreach (var c in Regex.Replace(expr, "\"(?:[^\"\\\\]|\\\\.)*\"", ""))
        {
            if (c is '(' or '[' or '{') open.Push(c);
            else if (c is ')' or ']' or '}' && (open.Count == 0 || open.Pop() != (c == ')' ? '(' : c == ']' ? '[' : '{'))) return false;
        }
        return open.Count == 0;
    }

    [Test]
    public void The_alarms_the_issue_asks_for_read_their_instruments()
    {
        var read = Rules().SelectMany(r => MetricsIn(Text(r, "expr")!)).ToHashSet();
        foreach (var instrument in new[]
                 {
                     PharosMetrics.OutboxOldestAge, PharosMetrics.ErrorQueueDepth, PharosMetrics.WebhooksAbandoned,
                     PharosMetrics.RequestsUnanswered, PharosMetrics.WebhookFailingFor,
                 })
            Assert.That(read, Does.Contain(PrometheusName(instrument.Name, instrument.Unit, instrument.Kind)), $"an alert on {instrument.Name}");
    }

    /// <summary>GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static string Anchor(string heading) =>
        Regex.Replace(Regex.Replace(heading.Trim().ToLowerInvariant(), @"[^\p{L}\p{Nd}\s_-]", ""), @"\s", "-");

    [Test]
    public void Every_alert_has_its_runbook_in_the_alarms_section_of_operating_md()
    {
        var operating = Read("docs/operating.md");
        var alarms = Regex.Match(operating, @"^## Alarms\s*$([\s\S]*?)(?=^## )", RegexOptions.Multiline).Groups[1].Value;
        Assert.That(alarms, Is.Not.Empty, "docs/operating.md has an Alarms section");
        var anchors = Regex.Matches(alarms, @"^#{3,4}\s+(.+)$", RegexOptions.Multiline).Select(m => Anchor(m.Groups[1].Value)).ToHashSet();
        foreach (var rule in Rules())
        {
            var anchor = Text(Map(rule["annotations"], "annotations"), "runbook_url")!.Split('#')[1];
            Assert.That(anchors, Does.Contain(anchor), $"{Text(rule, "alert")}: its runbook #{anchor}");
        }
    }

    [Test]
    public void The_metrics_section_lists_every_instrument_with_its_prometheus_name()
    {
        var operating = Read("docs/operating.md");
        var metrics = Regex.Match(operating, @"^## Metrics\s*$([\s\S]*?)(?=^## )", RegexOptions.Multiline).Groups[1].Value;
        foreach (var instrument in PharosMetrics.All)
        {
            Assert.That(metrics, Does.Contain($"`{instrument.Name}`"), "each instrument by name");
            Assert.That(metrics, Does.Contain($"`{PrometheusName(instrument.Name, instrument.Unit, instrument.Kind)}`"), $"{instrument.Name}'s Prometheus name");
        }
    }

    [Test]
    public void Compose_runs_the_stack_and_points_every_service_at_the_collector()
    {
        var compose = Yaml("deploy/compose.yaml").Single();
        var services = Map(compose["services"], "services").ToDictionary(s => s.Key.ToString()!, s => Map(s.Value, s.Key.ToString()!));
        Assert.That(Text(services["otel-collector"], "image"), Does.StartWith("otel/opentelemetry-collector-contrib:"));
        Assert.That(Text(services["prometheus"], "image"), Does.StartWith("prom/prometheus:"));
        Assert.That(Text(services["grafana"], "image"), Does.StartWith("grafana/grafana:"));

        var pharos = services.Where(s => s.Value.TryGetValue("environment", out var env) && Map(env, s.Key).ContainsKey("Pharos__Services__0")).ToList();
        Assert.That(pharos, Has.Count.EqualTo(4), "the four services");
        foreach (var (name, service) in pharos)
        {
            var env = Map(service["environment"], name);
            Assert.That(Text(env, "OTEL_EXPORTER_OTLP_ENDPOINT"), Is.EqualTo("http://otel-collector:4318"), $"{name}: endpoint");
            Assert.That(Text(env, "OTEL_EXPORTER_OTLP_PROTOCOL"), Is.EqualTo("http/protobuf"), $"{name}: protocol");
            Assert.That(Text(env, "OTEL_SERVICE_NAME"), Is.EqualTo($"pharos-{name}"), $"{name}: service name");
        }

        // Every file compose mounts into the stack is in deploy/.
        foreach (var name in new[] { "otel-collector", "prometheus", "grafana" })
            foreach (var volume in List(services[name]["volumes"], name).Select(v => v.ToString()!).Where(v => v.StartsWith("./", StringComparison.Ordinal)))
                Assert.That(File.Exists(Path.Combine(Root, "deploy", volume.Split(':')[0])), $"{name} mounts {volume}");
        AssertStackWiring();
    }

    [Test]
    public void Kubernetes_runs_the_stack_and_points_every_service_at_the_collector()
    {
        var kustomization = Yaml("deploy/k8s/kustomization.yaml").Single();
        var resources = List(kustomization["resources"], "resources").Select(r => r.ToString()).ToList();
        Assert.That(resources, Does.Contain("monitoring.yaml").And.Contain("../monitoring"));

        var manifests = Yaml("deploy/k8s/monitoring.yaml");
        var deployments = manifests.Where(m => Text(m, "kind") == "Deployment").ToDictionary(m => Text(Map(m["metadata"], "metadata"), "name")!);
        Assert.That(deployments.Keys, Is.EquivalentTo(new[] { "otel-collector", "prometheus", "grafana" }));
        Assert.That(manifests.Where(m => Text(m, "kind") == "Service").Select(m => Text(Map(m["metadata"], "metadata"), "name")),
            Is.EquivalentTo(deployments.Keys), "a Service for each");

        // Each ConfigMap they mount is one deploy/monitoring makes, from files that exist.
        var generated = List(Yaml("deploy/monitoring/kustomization.yaml").Single()["configMapGenerator"], "configMapGenerator").Select(g => Map(g, "generator")).ToList();
        foreach (var generator in generated)
            foreach (var file in List(generator["files"], "files").Select(f => f.ToString()!.Split('=').Last()))
                Assert.That(File.Exists(Path.Combine(Root, "deploy/monitoring", file)), $"{Text(generator, "name")}: {file}");
        var mounted = deployments.Values.SelectMany(d => List(Map(Map(Map(d["spec"], "spec")["template"], "template")["spec"], "pod")["volumes"], "volumes"))
            .Select(v => Map(v, "volume")).Where(v => v.ContainsKey("configMap")).Select(v => Text(Map(v["configMap"], "configMap"), "name"));
        Assert.That(mounted, Is.SubsetOf(generated.Select(g => Text(g, "name"))));

        var shared = Map(Yaml("deploy/k8s/configmap.yaml").Single()["data"], "data");
        Assert.That(Text(shared, "OTEL_EXPORTER_OTLP_ENDPOINT"), Is.EqualTo("http://otel-collector:4318"));
        Assert.That(Text(shared, "OTEL_EXPORTER_OTLP_PROTOCOL"), Is.EqualTo("http/protobuf"));
        foreach (var name in new[] { "intake", "routing", "platform-liaison", "escalation" })
        {
            var deployment = Yaml($"deploy/k8s/{name}.yaml").First(m => Text(m, "kind") == "Deployment");
            var container = Map(List(Map(Map(Map(deployment["spec"], "spec")["template"], "template")["spec"], "pod")["containers"], "containers")[0], "container");
            var env = List(container["env"], "env").Select(e => Map(e, "env")).ToDictionary(e => Text(e, "name")!, e => Text(e, "value"));
            Assert.That(env.GetValueOrDefault("OTEL_SERVICE_NAME"), Is.EqualTo($"pharos-{name}"), $"{name}: service name");
        }
        AssertStackWiring();
    }

    /// <summary>The collector listens where the services send, Prometheus scrapes the collector's exporter, Grafana reads Prometheus.</summary>
    private static void AssertStackWiring()
    {
        var collector = Yaml("deploy/monitoring/otel-collector.yaml").Single();
        var receivers = Map(Map(Map(collector["receivers"], "receivers")["otlp"], "otlp")["protocols"], "protocols");
        Assert.That(Text(Map(receivers["http"], "http"), "endpoint"), Does.EndWith(":4318"), "OTLP over HTTP where the services send");
        var pipelines = Map(Map(collector["service"], "service")["pipelines"], "pipelines");
        var metrics = Map(pipelines["metrics"], "metrics pipeline");
        Assert.That(List(metrics["receivers"], "receivers"), Does.Contain("otlp"));
        Assert.That(List(metrics["processors"], "processors"), Does.Contain("batch"));
        Assert.That(List(metrics["exporters"], "exporters"), Does.Contain("prometheus"));
        var exporterPort = Text(Map(Map(collector["exporters"], "exporters")["prometheus"], "prometheus exporter"), "endpoint")!.Split(':').Last();

        var prometheus = Yaml("deploy/monitoring/prometheus.yaml").Single();
        Assert.That(List(prometheus["rule_files"], "rule_files"), Does.Contain("/etc/prometheus/alerts.yaml"));
        var targets = List(prometheus["scrape_configs"], "scrape_configs").Select(s => Map(s, "scrape"))
            .SelectMany(s => List(s["static_configs"], "static_configs")).SelectMany(c => List(Map(c, "static")["targets"], "targets")).Select(t => t.ToString());
        Assert.That(targets, Does.Contain($"otel-collector:{exporterPort}"), "Prometheus scrapes the collector's exporter");

        var datasource = Map(List(Yaml("deploy/monitoring/grafana/datasources.yaml").Single()["datasources"], "datasources").Single(), "datasource");
        Assert.That(Text(datasource, "url"), Is.EqualTo("http://prometheus:9090"));
        using var dashboard = JsonDocument.Parse(Read("deploy/monitoring/grafana/pharos-triage.json"));
        var uids = dashboard.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.TryGetProperty("datasource", out _))
            .Select(p => p.GetProperty("datasource").GetProperty("uid").GetString()).Distinct();
        Assert.That(uids, Is.EqualTo(new[] { Text(datasource, "uid") }), "every panel reads the provisioned datasource");
    }
}
