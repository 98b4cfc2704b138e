using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Pharos.Triage.EndToEnd;

/// <summary>
/// The four services as separate hosts, each with its own bus endpoints and its own database,
/// talking only through the real RabbitMQ.
/// </summary>
public sealed class When_the_services_run_apart_over_RabbitMQ
{
    private RabbitMqVirtualHost? _vhost;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "pharos-e2e", Guid.NewGuid().ToString("N"));
    private readonly List<WebApplicationFactory<Program>> _services = [];

    private WebApplicationFactory<Program> Start(string name)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Pharos:Services:0", name);
            builder.UseSetting("Pharos:Transport", "RabbitMq");
            builder.UseSetting("ConnectionStrings:RabbitMq", _vhost!.AmqpUri);
            builder.UseSetting("Pharos:DataDirectory", Path.Combine(_data, name));
            builder.UseSetting("Pharos:DemoPrincipals", "true");
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, LoopbackCaller>());
        });
        _services.Add(factory);
        factory.StartServer();
        return factory;
    }

    [SetUp]
    public void CreateVirtualHost() => _vhost = RabbitMqBroker.CreateVirtualHost("e2e", IfBrokerAbsent.Skip);

    [TearDown]
    public void Stop()
    {
        foreach (var service in _services) service.Dispose();
        _vhost?.Dispose();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    [Test]
    public async Task A_report_is_routed_acknowledged_and_closed()
    {
        var analyst = Api.Authorize(Start("Intake").CreateClient(), "demo-analyst");
        var platform = Api.Authorize(Start("PlatformLiaison").CreateClient(), "demo-platform-x");
        Start("Routing");
        Start("Escalation");
        var timeout = TimeSpan.FromSeconds(60);

        var id = await analyst.File("https://twitter.com/someone/status/99?utm_source=e2e");
        var routed = await Api.Eventually(async () => await (await analyst.GetAsync($"/api/reports/{id}")).Json(),
            r => r.GetProperty("status").GetString() == "routed" && r.GetProperty("request").ValueKind == System.Text.Json.JsonValueKind.Object,
            "routed over RabbitMQ", timeout);
        var requestId = routed.GetProperty("request").GetProperty("id").GetString();
        Assert.That(routed.GetProperty("platform").GetProperty("id").GetString(), Is.EqualTo("x"));

        await Api.Eventually(() => platform.GetAsync($"/api/platform/requests/{requestId}"), r => r.IsSuccessStatusCode,
            "the request at PlatformLiaison", timeout);
        await (await platform.PostAsync($"/api/platform/requests/{requestId}/acknowledgement", null)).Json();
        await Api.Eventually(async () => await (await analyst.GetAsync($"/api/reports/{id}")).Json(),
            r => r.GetProperty("request").GetProperty("status").GetString() == "acknowledged", "acknowledged", timeout);

        await (await platform.PostAsJsonAsync($"/api/platform/requests/{requestId}/outcome", new { outcome = "removed" })).Json();
        var closed = await Api.Eventually(async () => await (await analyst.GetAsync($"/api/reports/{id}")).Json(),
            r => r.GetProperty("request").GetProperty("sla").GetString() == "met", "closed with its deadline met (Escalation)", timeout);
        Assert.That(closed.GetProperty("request").GetProperty("outcome").GetString(), Is.EqualTo("removed"));
        Assert.That(closed.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("event").GetString()),
            Is.EqualTo(new[] { "report_received", "report_routed", "request_issued", "request_acknowledged", "request_closed" }));
    }
}
