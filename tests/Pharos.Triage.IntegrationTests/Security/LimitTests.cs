using System.Net;
using System.Text;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Access;
using Pharos.Triage.Access.AccessLog;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Security;

public sealed class When_a_caller_floods_the_api
{
    [Test]
    public async Task Past_its_burst_it_gets_429_with_retry_after_and_others_are_not_held_back()
    {
        using var app = new PharosApp(new Dictionary<string, string?>
        {
            ["Pharos:Limits:RateLimits:analyst:Burst"] = "5",
            ["Pharos:Limits:RateLimits:analyst:PermitsPerSecond"] = "1",
        });
        var analyst = app.Analyst();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 8; i++)
        {
            var response = await analyst.GetAsync("/api/reports");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused ??= response;
        }
        Assert.That(statuses.Take(5), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(statuses.Skip(5), Has.Some.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(refused!.Headers.RetryAfter?.Delta, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));

        Assert.That((await app.PlatformX().GetAsync("/api/platform/requests")).StatusCode, Is.EqualTo(HttpStatusCode.OK),
            "each principal has its own bucket");
    }

    [Test]
    public async Task The_default_limits_leave_a_busy_person_alone()
    {
        var defaults = new Pharos.Triage.Infrastructure.Security.RateLimit();
        using var app = new PharosApp(new Dictionary<string, string?>
        {
            ["Pharos:Limits:RateLimits:analyst:PermitsPerSecond"] = defaults.PermitsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Pharos:Limits:RateLimits:analyst:Burst"] = defaults.Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var analyst = app.Analyst();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => analyst.GetAsync("/api/reports")));
        Assert.That(statuses.Select(s => s.StatusCode), Is.All.EqualTo(HttpStatusCode.OK), "60 calls at once stay within a burst of 100");
    }
}

public sealed class When_a_body_is_too_large
{
    [Test]
    public async Task It_is_refused_with_413_and_nothing_is_filed()
    {
        using var app = new PharosApp();
        var analyst = app.Analyst();
        var body = $$"""{"url":"https://x.com/a","category":"terrorism","description":"{{new string('d', 1024 * 1024)}}"}""";
        var response = await analyst.PostRaw("/api/reports", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await (await analyst.GetAsync("/api/reports")).Body()).GetProperty("items").GetArrayLength(), Is.Zero);
    }
}

public sealed class When_the_api_is_consulted_or_changed
{
    [Test]
    public async Task Each_call_is_in_the_access_log_with_who_what_when_and_from_where_and_the_log_cannot_be_rewritten()
    {
        using var app = new PharosApp();
        var id = await app.Analyst().FileReport("https://x.com/logged/1");
        await app.Analyst().GetAsync($"/api/reports/{id}");
        await app.CreateClient().GetAsync("/api/reports");
        await app.As("demo-ministry").GetAsync($"/api/reports/{id}");
        await app.CreateClient().GetAsync("/health/live");

        var writer = app.Services.GetRequiredService<AccessLogWriter>();
        await writer.DrainAsync();
        var database = app.Services.GetRequiredService<AccessDatabase>();
        await using var connection = await database.OpenAsync();
        var entries = (await connection.QueryAsync<(long At, string? Principal, string? Role, string Method, string Route, string Path, long Status)>(
            "SELECT at, principal, role, method, route, path, status FROM access_log ORDER BY id")).ToList();
        TestContext.Out.WriteLine(string.Join("\n", entries));

        var at = PharosApp.Start.ToUnixTimeMilliseconds();
        Assert.That(entries, Is.EqualTo(new[]
        {
            (at, "demo-analyst", "analyst", "POST", "/api/reports/", "/api/reports", 201L),
            (at, "demo-analyst", "analyst", "GET", "/api/reports/{id}", $"/api/reports/{id}", 200L),
            (at, (string?)null, (string?)null, "GET", "/api/reports/", "/api/reports", 401L),
            (at, "demo-ministry", "ministry", "GET", "/api/reports/{id}", $"/api/reports/{id}", 403L),
        }), "every call to /api, refused ones included; not the health checks");

        Assert.That(async () => await connection.ExecuteAsync("UPDATE access_log SET principal = 'nobody'"),
            Throws.InstanceOf<Microsoft.Data.Sqlite.SqliteException>().With.Message.Contains("append-only"));
    }

    [Test]
    public async Task Entries_older_than_the_retention_are_purged()
    {
        using var app = new PharosApp(new Dictionary<string, string?> { ["Pharos:AccessLog:Retention"] = "30.00:00:00" });
        await app.Analyst().GetAsync("/api/reports");
        var writer = app.Services.GetRequiredService<AccessLogWriter>();
        await writer.DrainAsync();

        app.Clock.Advance(TimeSpan.FromDays(31));
        await app.Analyst().GetAsync("/api/reports");
        await writer.DrainAsync();

        await using var connection = await app.Services.GetRequiredService<AccessDatabase>().OpenAsync();
        var left = (await connection.QueryAsync<long>("SELECT at FROM access_log")).ToList();
        Assert.That(left, Is.EqualTo(new[] { PharosApp.Start.AddDays(31).ToUnixTimeMilliseconds() }));
    }
}
