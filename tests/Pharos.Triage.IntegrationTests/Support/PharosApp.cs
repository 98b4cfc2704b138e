using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Pharos.Triage.IntegrationTests.Support;

/// <summary>
/// The embedded default (all four services, in-memory bus, SQLite) in the test process, on a fresh
/// data directory and a fake clock.
/// </summary>
public sealed class PharosApp : WebApplicationFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;

    /// <param name="settings">Configuration for this test.</param>
    /// <param name="restartOf">A stopped system whose data directory this one starts on, as a restarted host would.</param>
    public PharosApp(Dictionary<string, string?>? settings = null, PharosApp? restartOf = null)
    {
        DataDirectory = restartOf?.DataDirectory ?? Path.Combine(Path.GetTempPath(), "pharos-tests", Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["Pharos:DataDirectory"] = DataDirectory,
            // Tests sweep and re-drive by hand; hourly background timers keep a clock moved by days
            // from firing them hundreds of thousands of times.
            ["Pharos:Redrive:Interval"] = "01:00:00",
            ["Pharos:Escalation:SweepInterval"] = "01:00:00",
            ["Pharos:Escalation:StatisticsRefreshInterval"] = "01:00:00",
        };
        // Tests call far faster than people: rate limits are lifted unless a test sets its own.
        foreach (var role in new[] { "analyst", "ministry", "platform", "admin", "anonymous" })
        {
            _settings[$"Pharos:Limits:RateLimits:{role}:PermitsPerSecond"] = "1000000";
            _settings[$"Pharos:Limits:RateLimits:{role}:Burst"] = "1000000";
        }
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
    }

    public string DataDirectory { get; }

    /// <summary>Leaves the data directory behind on dispose, for a restart on it (<c>restartOf</c>).</summary>
    public bool KeepDataDirectory { get; set; }

    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>More service overrides for a test, applied after the clock's.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // Before the host's own filters: each request has a caller's address, loopback unless a test says otherwise.
            services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, Pharos.Triage.Harness.Hosts.LoopbackCaller>());
            // The console calls the API over HTTP; here the API is this test server.
            services.AddHttpClient(Pharos.Triage.StaffConsole.Api.ConsoleApi.ClientName)
                .ConfigurePrimaryHttpMessageHandler(sp => ((Microsoft.AspNetCore.TestHost.TestServer)sp.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()).CreateHandler());
            ConfigureServices?.Invoke(services);
        });
    }

    /// <summary>
    /// What the clients of <see cref="As"/> check each exchange against: the whole API's document (docs/openapi/v1.json,
    /// which a test keeps equal to the served one) for its operations, or the document this app serves for every
    /// exchange once <see cref="CheckAgainstOpenApiAsync"/> is called.
    /// </summary>
    public OpenApiConformance Conformance { get; private set; } = OpenApiConformance.WholeApi;

    private bool _strict;

    /// <summary>From now on, each exchange of <see cref="As"/>'s clients must be what the document this app serves says.</summary>
    public async Task CheckAgainstOpenApiAsync()
    {
        Conformance = await OpenApiConformance.ReadAsync(CreateClient());
        _strict = true;
    }

    public HttpClient As(string token)
    {
        // As CreateClient's, with every exchange checked against the OpenAPI document.
        var client = CreateDefaultClient(new RedirectHandler(), new CookieContainerHandler(), Conformance.Handler(onlyDocumented: !_strict));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Analyst() => As("demo-analyst");

    /// <summary>
    /// A client straight onto the test server. The factory's own clients buffer every request body (to
    /// replay it on a redirect), which gives it a Content-Length: this one sends a body of unknown length
    /// as it comes, as a chunked upload does.
    /// </summary>
    public HttpClient Streaming(string? token)
    {
        var client = Server.CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient PlatformX() => As("demo-platform-x");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (KeepDataDirectory) return;
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public static class Http
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<JsonElement> Body(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body, Json);

    public static Task<HttpResponseMessage> PostRaw(this HttpClient client, string path, string body, string contentType = "application/json") =>
        client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, contentType));

    /// <summary>Files a report and returns its id.</summary>
    public static async Task<string> FileReport(this HttpClient analyst, string url, string category = "terrorism", string description = "Terrorist propaganda video")
    {
        var response = await analyst.PostJson("/api/reports", new { url, category, description });
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        return (await response.Body()).GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> Report(this HttpClient analyst, string id) =>
        await (await analyst.GetAsync($"/api/reports/{id}")).Body();
}

public static class Eventually
{
    /// <summary>
    /// Polls until <paramref name="condition"/> holds: the pipeline is asynchronous, so its effects
    /// arrive shortly after the call that caused them.
    /// </summary>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> condition, string what, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        T value;
        while (!condition(value = await read()))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out waiting for {what}; last seen: {value}");
            await Task.Delay(20);
        }
        return value;
    }

    public static Task<JsonElement> ReportReaches(HttpClient analyst, string id, Func<JsonElement, bool> condition, string what) =>
        Until(() => analyst.Report(id), condition, $"report {id} to reach {what}");

    public static Task<JsonElement> ReportStatus(HttpClient analyst, string id, string status) =>
        ReportReaches(analyst, id, r => r.GetProperty("status").GetString() == status, status);
}
