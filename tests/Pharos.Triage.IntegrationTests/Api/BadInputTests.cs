using System.Net;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Infrastructure.Api;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Api;

/// <summary>
/// Bad input, every way it comes, on every endpoint of the running app: the endpoints are taken from its
/// route table, so that a new endpoint cannot escape.
/// </summary>
public sealed class When_input_is_bad_on_any_endpoint
{
    // Endpoints that answer without reading a body, whatever is sent. Any other POST, PUT or PATCH must
    // declare its body (Accepts), and is then held to the body limit here.
    private static readonly HashSet<string> TakeNoBody =
    [
        "POST /api/platform/requests/{id}/acknowledgement",
        "POST /api/admin/platforms/{id}/webhook/secret-rotation",
        "POST /api/platform/webhook/deliveries/{id}/redelivery", "POST /api/platform/webhook/test",
    ];

    private PharosApp _app = null!;
    private string _reportId = null!;
    private string _requestId = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _app = new PharosApp();
        var analyst = _app.Analyst();
        _reportId = await analyst.FileReport("https://x.com/bad-input/1");
        _requestId = (await Eventually.ReportStatus(analyst, _reportId, "routed")).GetProperty("request").GetProperty("id").GetString()!;
        await Eventually.Until(() => _app.PlatformX().GetAsync($"/api/platform/requests/{_requestId}"), r => r.IsSuccessStatusCode, "the request at X");
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task A_chunked_body_past_the_limit_is_413_on_every_endpoint_that_takes_a_body()
    {
        var withBody = Endpoints().Where(e => e.Method is "POST" or "PUT" or "PATCH").ToList();
        var undeclared = withBody.Where(e => e.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is null && !TakeNoBody.Contains(e.Key)).Select(e => e.Key).ToList();
        Assert.That(undeclared, Is.Empty, "endpoints taking a body that do not declare it");

        var answers = new List<string>();
        foreach (var e in withBody)
        {
            using var client = _app.Streaming(Token(e.Endpoint));
            using var request = new HttpRequestMessage(new HttpMethod(e.Method), PathOf(e.Route)) { Content = new ChunkedJson(2 * 1024 * 1024) };
            var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            answers.Add($"{status} {e.Key}");
            if (TakeNoBody.Contains(e.Key))
            {
                Assert.That(status, Is.LessThan(500), e.Key);
                continue;
            }
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), $"{e.Key}: {await response.Content.ReadAsStringAsync()}");
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), e.Key);
        }
        TestContext.Out.WriteLine(string.Join("\n", answers));
        Assert.That(answers, Has.Count.GreaterThanOrEqualTo(4), "the endpoints were found");
    }

    [Test]
    public async Task Every_query_parameter_that_cannot_be_bound_is_a_400_naming_it_in_errors()
    {
        var probes = new List<string>();
        foreach (var e in Endpoints())
        foreach (var name in BoundFromQuery(e.Endpoint, e.Route))
        {
            using var client = Caller(e.Endpoint);
            using var request = new HttpRequestMessage(new HttpMethod(e.Method), $"{PathOf(e.Route)}?{name}=garbage");
            if (e.Method is "POST") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            probes.Add($"{(int)response.StatusCode} {e.Key}?{name}=garbage {body}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{e.Key}?{name}=garbage: {body}");
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            var errors = (await response.Body()).GetProperty("errors");
            Assert.That(errors.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { name }), $"{e.Key}?{name}=garbage: {body}");
            Assert.That(errors.GetProperty(name)[0].GetString(), Does.Not.EndWith("a valid value."), $"{e.Key}?{name}: the message says what is expected");
        }
        TestContext.Out.WriteLine(string.Join("\n", probes));
        Assert.That(probes.Select(p => p.Split(' ')[2]), Is.SupersetOf(new[]
        {
            "/api/reports/?from=garbage", "/api/reports/?to=garbage", "/api/reports/?limit=garbage", "/api/statistics?from=garbage",
            "/api/publications?limit=garbage", "/api/admin/api-keys/?limit=garbage",
        }), "the parameters the issue names were probed");
    }

    [Test]
    public async Task Every_list_refuses_a_limit_outside_1_to_200_or_a_cursor_it_did_not_give()
    {
        var lists = Endpoints().Where(e => e.Method == "GET" && e.Endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>()
            .Any(p => p.Type is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(Page<>))).ToList();
        Assert.That(lists.Select(l => l.Key), Is.SupersetOf(new[] { "GET /api/publications", "GET /api/admin/api-keys/", "GET /api/reports/", "GET /api/platform/requests/" }));
        foreach (var e in lists)
        foreach (var query in new[] { "limit=0", "limit=201", "limit=abc", "limit=-1", "cursor=not-a-cursor" })
        {
            using var client = Caller(e.Endpoint);
            var response = await client.GetAsync($"{PathOf(e.Route)}?{query}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{e.Key}?{query}");
            var errors = (await response.Body()).GetProperty("errors");
            Assert.That(errors.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { query.Split('=')[0] }), $"{e.Key}?{query}");
        }
    }

    private sealed record Api(string Method, string Route, RouteEndpoint Endpoint)
    {
        public string Key => $"{Method} {Route}";
    }

    /// <summary>The API's endpoints. The console's pages take forms from a signed-in browser: ConsolePages tests them.</summary>
    private List<Api> Endpoints() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Pharos.Triage.StaffConsole.ConsolePageMetadata>() is null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new Api(m, "/" + e.RoutePattern.RawText!.TrimStart('/'), e)))
            .OrderBy(e => e.Route).ThenBy(e => e.Method).ToList();

    private string PathOf(string route) => route.Replace("{documentName}", "v1").Replace("{version:int}", "1")
        .Replace("/api/reports/{id}", $"/api/reports/{_reportId}")
        .Replace("/api/platform/requests/{id}", $"/api/platform/requests/{_requestId}")
        .Replace("{id}", "no-such-id");

    /// <summary>A caller the endpoint lets in: the role its policy names, else anonymous.</summary>
    private HttpClient Caller(RouteEndpoint endpoint) => Token(endpoint) is { } token ? _app.As(token) : _app.CreateClient();

    private static string? Token(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null) switch
        {
            "analyst" => "demo-analyst",
            "ministry" => "demo-ministry",
            "platform" => "demo-platform-x",
            "admin" => "demo-admin",
            _ => null,
        };

    /// <summary>The handler's parameters bound from the query string whose binding can fail (not strings).</summary>
    private IEnumerable<string> BoundFromQuery(RouteEndpoint endpoint, string route)
    {
        if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler) yield break;
        var services = _app.Services.GetRequiredService<IServiceProviderIsService>();
        foreach (var p in handler.GetParameters())
        {
            var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
            if (type == typeof(string) || type == typeof(CancellationToken) || type == typeof(HttpContext) || type == typeof(HttpRequest)
                || type == typeof(ClaimsPrincipal) || services.IsService(p.ParameterType)) continue;
            if (endpoint.RoutePattern.Parameters.Any(r => string.Equals(r.Name, p.Name, StringComparison.OrdinalIgnoreCase))) continue;
            yield return p.Name!;
        }
    }

    /// <summary>A JSON body of the given size sent without Content-Length, as a chunked upload is.</summary>
    private sealed class ChunkedJson : HttpContent
    {
        private readonly int _size;

        public ChunkedJson(int size)
        {
            _size = size;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync("{\"description\":\""u8.ToArray());
            var chunk = Encoding.ASCII.GetBytes(new string('d', 64 * 1024));
            for (var sent = 0; sent < _size; sent += chunk.Length) await stream.WriteAsync(chunk);
            await stream.WriteAsync("\"}"u8.ToArray());
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        public override string ToString() => $"{_size} bytes, chunked";
    }
}

/// <summary>Every list pages as API.md says: <c>limit</c>, an opaque <c>cursor</c>, <c>{ items, nextCursor }</c>.</summary>
public sealed class When_a_list_is_longer_than_a_page
{
    [Test]
    public async Task Publications_come_newest_first_a_page_at_a_time_with_nothing_missed_or_repeated()
    {
        using var app = new PharosApp();
        var ministry = app.As("demo-ministry");
        for (var i = 0; i < 5; i++)
        {
            var published = await ministry.PostJson("/api/publications", new { from = "2026-11-22T00:00:00Z", to = "2026-11-23T00:00:00Z" });
            Assert.That(published.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }

        var pages = await AllPages(ministry, "/api/publications", 2);

        Assert.That(pages.Select(p => p.Count), Is.EqualTo(new[] { 2, 2, 1 }));
        Assert.That(pages.SelectMany(p => p).Select(i => i.GetProperty("version").GetInt32()), Is.EqualTo(new[] { 5, 4, 3, 2, 1 }));
        var whole = await (await ministry.GetAsync("/api/publications")).Body();
        Assert.That(whole.GetProperty("items").GetArrayLength(), Is.EqualTo(5));
        Assert.That(whole.GetProperty("nextCursor").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
    }

    [Test]
    public async Task Api_keys_come_newest_first_a_page_at_a_time_with_nothing_missed_or_repeated()
    {
        using var app = new PharosApp();
        var admin = app.As("demo-admin");
        var issued = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            // The first key a minute before the other four, issued in the same instant: the cursor breaks ties by id.
            if (i == 1) app.Clock.Advance(TimeSpan.FromMinutes(1));
            var response = await admin.PostJson("/api/admin/api-keys", new { role = "analyst", name = $"key {i}" });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            issued.Add((await response.Body()).GetProperty("id").GetString()!);
        }

        var pages = await AllPages(admin, "/api/admin/api-keys", 2);

        Assert.That(pages.Select(p => p.Count), Is.EqualTo(new[] { 2, 2, 1 }));
        var ids = pages.SelectMany(p => p).Select(i => i.GetProperty("id").GetString()!).ToList();
        Assert.That(ids, Is.Unique);
        Assert.That(ids, Is.EquivalentTo(issued));
        Assert.That(ids[^1], Is.EqualTo(issued[0]), "newest first");
    }

    private static async Task<List<List<System.Text.Json.JsonElement>>> AllPages(HttpClient client, string path, int limit)
    {
        var pages = new List<List<System.Text.Json.JsonElement>>();
        string? cursor = null;
        do
        {
            var response = await client.GetAsync($"{path}?limit={limit}{(cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            var page = await response.Body();
            pages.Add(page.GetProperty("items").EnumerateArray().ToList());
            cursor = page.GetProperty("nextCursor").GetString();
            Assert.That(pages, Has.Count.LessThan(10), "the cursor moves on");
        } while (cursor is not null);
        return pages;
    }
}
