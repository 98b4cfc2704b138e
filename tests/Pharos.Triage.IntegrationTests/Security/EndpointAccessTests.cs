using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.IntegrationTests.Notifications;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Security;

/// <summary>
/// Every endpoint of the running app, taken from its route table so that a new endpoint cannot escape,
/// called as anonymous, as each role, and as a platform on another platform's resource.
/// </summary>
public sealed class When_anyone_calls_any_endpoint
{
    private const string Public = "public";

    // Who may call each endpoint. An endpoint missing here fails the test until someone decides.
    private static readonly Dictionary<string, string> Owners = new()
    {
        ["POST /api/reports/"] = "analyst",
        ["GET /api/reports/"] = "analyst",
        ["GET /api/reports/{id}"] = "analyst",
        ["POST /api/reports/{id}/clarification"] = "analyst",
        ["GET /api/platform/requests/"] = "platform",
        ["GET /api/platform/requests/{id}"] = "platform",
        ["POST /api/platform/requests/{id}/acknowledgement"] = "platform",
        ["POST /api/platform/requests/{id}/outcome"] = "platform",
        ["GET /api/platform/profile"] = "platform",
        ["GET /api/platform/webhook/deliveries"] = "platform",
        ["POST /api/platform/webhook/deliveries/{id}/redelivery"] = "platform",
        ["POST /api/platform/webhook/test"] = "platform",
        ["POST /api/admin/api-keys/"] = "admin",
        ["GET /api/admin/api-keys/"] = "admin",
        ["DELETE /api/admin/api-keys/{id}"] = "admin",
        ["PUT /api/admin/platforms/{id}/webhook/"] = "admin",
        ["POST /api/admin/platforms/{id}/webhook/secret-rotation"] = "admin",
        ["DELETE /api/admin/platforms/{id}/webhook/"] = "admin",
        ["GET /api/admin/platforms/{id}/webhook/changes"] = "admin",
        ["GET /api/admin/platforms/"] = "admin",
        ["POST /api/admin/platforms/"] = "admin",
        ["GET /api/admin/platforms/{id}"] = "admin",
        ["PATCH /api/admin/platforms/{id}"] = "admin",
        ["GET /api/admin/platforms/{id}/changes"] = "admin",
        ["GET /api/statistics"] = "ministry",
        ["POST /api/publications"] = "ministry",
        ["GET /api/publications"] = "ministry",
        ["GET /public/statistics/"] = Public,
        ["GET /public/statistics/{version:int}"] = Public,
        ["GET /public/statistics/{version:int}.csv"] = Public,
        ["GET /"] = Public,
        ["GET /public/pharos.css"] = Public,
        ["GET /public/pharos.svg"] = Public,
        ["GET /openapi/{documentName}.json"] = Public,
        // The API reference (Scalar) and the scripts it serves itself.
        ["GET /docs/{documentName?}"] = Public,
        ["GET /docs/scalar.js"] = Public,
        ["GET /docs/scalar.aspnetcore.js"] = Public,
        ["GET /docs/favicon.svg"] = Public,
        ["GET /health/live"] = Public,
        ["GET /health/ready"] = Public,
        ["GET /console/assets/console.css"] = Public,
        ["GET /console/assets/console.js"] = Public,
    };

    private static readonly (string Name, string Token)[] Callers =
    [
        ("anonymous", ""), ("analyst", "demo-analyst"), ("ministry", "demo-ministry"), ("platform", "demo-platform-x"), ("admin", "demo-admin"),
    ];

    [Test]
    public async Task Each_caller_gets_exactly_what_its_role_allows()
    {
        // X has a webhook, so that it has a delivery of its own for {id}.
        await using var receiver = await WebhookReceiver.StartAsync();
        using var app = new PharosApp(LiaisonBed.Settings(("x", receiver.Url)));
        var analyst = app.Analyst();
        var reportId = await analyst.FileReport("https://x.com/endpoint-test/1");
        var requestId = (await Eventually.ReportStatus(analyst, reportId, "routed")).GetProperty("request").GetProperty("id").GetString()!;
        await Eventually.Until(() => app.PlatformX().GetAsync($"/api/platform/requests/{requestId}"), r => r.IsSuccessStatusCode, "the request at X");
        var ping = await app.PlatformX().PostAsync("/api/platform/webhook/test", null);
        Assert.That((int)ping.StatusCode, Is.EqualTo(202), await ping.Content.ReadAsStringAsync());
        var deliveryId = (await ping.Body()).GetProperty("id").GetString()!;

        // The console's pages sign in with a cookie, not a bearer token: When_anyone_opens_any_console_page checks them.
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Pharos.Triage.StaffConsole.ConsolePageMetadata>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Route: e.RoutePattern.RawText!)))
            .Select(e => (e.Method, Route: "/" + e.Route.TrimStart('/')))
            .Distinct().OrderBy(e => e.Route).ThenBy(e => e.Method).ToList();
        var unknown = endpoints.Select(e => $"{e.Method} {e.Route}").Where(k => !Owners.ContainsKey(k)).ToList();
        Assert.That(unknown, Is.Empty, "endpoints nobody has decided who may call");

        var table = new StringBuilder($"{"endpoint",-52} {string.Join(" ", Callers.Select(c => $"{c.Name,9}"))} {"other platform",14}\n");
        var failures = new List<string>();
        foreach (var (method, route) in endpoints)
        {
            var owner = Owners[$"{method} {route}"];
            var path = route.Replace("{documentName}", "v1").Replace("{documentName?}", "v1").Replace("{version:int}", "1")
                .Replace("/api/reports/{id}", $"/api/reports/{reportId}")
                .Replace("/api/platform/requests/{id}", $"/api/platform/requests/{requestId}")
                .Replace("/api/platform/webhook/deliveries/{id}", $"/api/platform/webhook/deliveries/{deliveryId}")
                .Replace("{id}", "no-such-id");
            var row = new StringBuilder($"{method + " " + route,-52}");
            foreach (var (name, token) in Callers)
            {
                var status = await Call(app, method, path, token);
                row.Append(System.Globalization.CultureInfo.InvariantCulture, $" {status,9}");
                var allowed = owner == Public || owner == name;
                var ok = allowed
                    ? status is not (401 or 403) && status < 500
                    : status == (name == "anonymous" ? 401 : 403);
                if (!ok) failures.Add($"{method} {path} as {name}: {status}");
            }
            if (owner == "platform" && route.Contains("{id}"))
            {
                // Another platform's resource: as if it did not exist.
                var status = await Call(app, method, path, "demo-platform-facebook");
                row.Append(System.Globalization.CultureInfo.InvariantCulture, $" {status,14}");
                if (status != 404) failures.Add($"{method} {path} as another platform: {status}");
            }
            table.AppendLine(row.ToString());
        }
        TestContext.Out.WriteLine(table);
        Assert.That(failures, Is.Empty, table.ToString());
    }

    private static async Task<int> Call(PharosApp app, string method, string path, string token)
    {
        using var client = token == "" ? app.CreateClient() : app.As(token);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        var response = await client.SendAsync(request);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), $"{method} {path}");
        return (int)response.StatusCode;
    }
}
