using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Pharos.Triage.Access;
using Pharos.Triage.Access.AccessLog;
using Pharos.Triage.Infrastructure.Storage;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Security;

public sealed class When_the_access_log_cannot_be_written
{
    [Test]
    public async Task The_host_keeps_answering_reports_itself_degraded_and_writes_every_entry_once_it_can()
    {
        using var app = new PharosApp();
        var analyst = app.Analyst();
        Assert.That((await analyst.GetAsync("/api/reports")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await app.Services.GetRequiredService<AccessLogWriter>().DrainAsync();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var health = app.Services.GetRequiredService<HealthCheckService>();
        await using var connection = await app.Services.GetRequiredService<AccessDatabase>().OpenAsync();

        // The database refuses every write to the log, as a full disk or a lost server would.
        await connection.ExecuteAsync("CREATE TRIGGER refuse_writes BEFORE INSERT ON access_log BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;");
        var paths = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var path = $"/api/reports/while-unwritable-{i}";
            paths.Add(path);
            Assert.That((await analyst.GetAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the host keeps answering");
            if (i == 5)
                await Eventually.Until(() => AccessLogStatus(health), s => s == HealthStatus.Degraded, "the access log check to report degraded");
            // Retries come and fail on the clock, with their backoff.
            app.Clock.Advance(TimeSpan.FromSeconds(7));
        }
        Assert.That(await AccessLogStatus(health), Is.EqualTo(HealthStatus.Degraded));
        var ready = await app.CreateClient().GetAsync("/health/ready");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), "still ready: it keeps answering while it holds the entries");
        Assert.That(await ready.Content.ReadAsStringAsync(), Does.StartWith("Degraded").And.Contain("access-log: Degraded"),
            "readiness says the service is degraded");
        Assert.That(lifetime.ApplicationStopping.IsCancellationRequested, Is.False, "the host is not stopping");

        await connection.ExecuteAsync("DROP TRIGGER refuse_writes;");
        var written = await Eventually.Until(async () =>
        {
            app.Clock.Advance(TimeSpan.FromSeconds(10));
            return (await connection.QueryAsync<string>("SELECT path FROM access_log WHERE path LIKE '%while-unwritable%'")).ToList();
        }, w => w.Count >= paths.Count, "every entry held while the database refused writes");

        Assert.That(written, Is.EquivalentTo(paths), "each entry once, none lost");
        Assert.That(await AccessLogStatus(health), Is.EqualTo(HealthStatus.Healthy));
        var readyAgain = await app.CreateClient().GetAsync("/health/ready");
        Assert.That((readyAgain.StatusCode, await readyAgain.Content.ReadAsStringAsync()), Is.EqualTo((HttpStatusCode.OK, "Healthy")));
    }

    [Test]
    public async Task When_its_buffer_is_full_calls_are_refused_with_503_rather_than_answered_unlogged()
    {
        using var app = new PharosApp(new Dictionary<string, string?> { ["Pharos:AccessLog:Capacity"] = "5" });
        var analyst = app.Analyst();
        Assert.That((await analyst.GetAsync("/api/reports")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await app.Services.GetRequiredService<AccessLogWriter>().DrainAsync();
        await using var connection = await app.Services.GetRequiredService<AccessDatabase>().OpenAsync();
        await connection.ExecuteAsync("CREATE TRIGGER refuse_writes BEFORE INSERT ON access_log BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++) statuses.Add((await analyst.GetAsync($"/api/reports/while-full-{i}")).StatusCode);

        Assert.That(statuses.Take(5), Is.All.EqualTo(HttpStatusCode.NotFound));
        Assert.That(statuses.Skip(5), Is.All.EqualTo(HttpStatusCode.ServiceUnavailable));
        var refused = await analyst.GetAsync("/api/reports");
        Assert.That(refused.Headers.RetryAfter, Is.Not.Null);
        Assert.That(refused.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await app.CreateClient().GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "outside /api nothing is held back");

        await connection.ExecuteAsync("DROP TRIGGER refuse_writes;");
        await Eventually.Until(async () =>
        {
            app.Clock.Advance(TimeSpan.FromSeconds(10));
            return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM access_log WHERE path LIKE '%while-full%'");
        }, n => n == 5, "the five answered calls in the log");
        Assert.That((await analyst.GetAsync("/api/reports")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "answering again once there is room");
    }

    [Test]
    public async Task What_it_holds_when_the_host_stops_is_written_before_it_goes()
    {
        var data = Path.Combine(Path.GetTempPath(), "pharos-tests", Guid.NewGuid().ToString("N"));
        var paths = new List<string>();
        using (var app = new PharosApp(new Dictionary<string, string?> { ["Pharos:DataDirectory"] = data }))
        {
            var analyst = app.Analyst();
            Assert.That((await analyst.GetAsync("/api/reports")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            await app.Services.GetRequiredService<AccessLogWriter>().DrainAsync();
            var health = app.Services.GetRequiredService<HealthCheckService>();
            await using var connection = await app.Services.GetRequiredService<AccessDatabase>().OpenAsync();
            await connection.ExecuteAsync("CREATE TRIGGER refuse_writes BEFORE INSERT ON access_log BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;");
            for (var i = 0; i < 5; i++)
            {
                paths.Add($"/api/reports/before-stop-{i}");
                Assert.That((await analyst.GetAsync(paths[^1])).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            }
            await Eventually.Until(() => AccessLogStatus(health), s => s == HealthStatus.Degraded, "the access log check to report degraded");
            // The database comes back just as the host is asked to stop, before the next retry is due.
            await connection.ExecuteAsync("DROP TRIGGER refuse_writes;");
        }

        try
        {
            await using var stored = new Microsoft.Data.Sqlite.SqliteConnection(ServiceDatabase.SqliteConnectionString(data, "access"));
            var written = (await stored.QueryAsync<string>("SELECT path FROM access_log WHERE path LIKE '%before-stop%'")).ToList();
            Assert.That(written, Is.EquivalentTo(paths));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<HealthStatus?> AccessLogStatus(HealthCheckService health)
    {
        var report = await health.CheckHealthAsync(c => c.Tags.Contains("ready"));
        return report.Entries.TryGetValue("access-log", out var entry) ? entry.Status : null;
    }
}

public sealed class When_an_access_is_longer_than_its_columns
{
    [Test]
    public async Task Each_field_is_cut_to_its_column_with_a_marker_and_the_entry_is_kept()
    {
        using var app = new PharosApp();
        var issued = await (await app.As("demo-admin").PostJson("/api/admin/api-keys", new { role = "analyst", name = new string('n', 200) })).Body();
        var token = issued.GetProperty("token").GetString()!;
        var prefix = issued.GetProperty("prefix").GetString()!;
        var longPath = "/api/reports/" + new string('p', 3000);
        Assert.That((await app.As(token).GetAsync(longPath)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using (var odd = new HttpRequestMessage(new HttpMethod("VERYLONGMETHOD"), "/api/reports"))
            Assert.That((int)(await app.Analyst().SendAsync(odd)).StatusCode, Is.InRange(400, 499));

        await app.Services.GetRequiredService<AccessLogWriter>().DrainAsync();
        await using var connection = await app.Services.GetRequiredService<AccessDatabase>().OpenAsync();
        var entries = (await connection.QueryAsync<(string? Principal, string Method, string Path)>(
            "SELECT principal, method, path FROM access_log ORDER BY id")).ToList();

        var byKey = entries.Single(e => e.Principal?.StartsWith("key:", StringComparison.Ordinal) == true && e.Path.StartsWith("/api/reports/ppp", StringComparison.Ordinal));
        Assert.That(byKey.Principal, Has.Length.EqualTo(AccessLogColumns.Principal).And.StartWith($"key:{prefix}:nnn").And.EndWith("…"));
        Assert.That(byKey.Path, Has.Length.EqualTo(AccessLogColumns.Path).And.EndWith("…"));
        var oddMethod = entries.Single(e => e.Method.StartsWith("VERY", StringComparison.Ordinal));
        Assert.That(oddMethod.Method, Is.EqualTo("VERYLONGM…"));

        Assert.That(async () => await connection.ExecuteAsync(
                "INSERT INTO access_log (at, method, route, path, status) VALUES (0, 'GET', 'r', @Path, 200)", new { Path = new string('p', AccessLogColumns.Path + 1) }),
            Throws.InstanceOf<Microsoft.Data.Sqlite.SqliteException>(), "SQLite declares the column's limit too");
    }

    [Test]
    public void Both_providers_declare_the_same_limit_for_every_column()
    {
        string Schema(DatabaseProvider provider) => string.Join("\n",
            MigrationRunner.ScriptsIn(typeof(AccessDatabase).Assembly, provider).Select(s => s.Sql));
        var sqlServer = Schema(DatabaseProvider.SqlServer);
        var sqlite = Schema(DatabaseProvider.Sqlite);
        foreach (var (column, limit) in AccessLogColumns.Limits)
        {
            Assert.That(Regex.Matches(sqlServer, $@"\b{column}\s+NVARCHAR\((\d+)\)").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).LastOrDefault(),
                Is.EqualTo(limit), $"SQL Server, {column}");
            Assert.That(sqlite, Does.Contain($"length({column}) <= {limit}"), $"SQLite, {column}");
        }
    }
}

public sealed class When_a_body_too_large_is_refused
{
    [Test]
    public async Task The_413_is_in_the_access_log_however_the_body_came()
    {
        using var app = new PharosApp();
        var analyst = app.Analyst();
        var body = $$"""{"url":"https://x.com/a","category":"terrorism","description":"{{new string('d', 2 * 1024 * 1024)}}"}""";

        var announced = await analyst.PostRaw("/api/reports", body);
        var streamed = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(body)));
        streamed.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var chunked = await analyst.PostAsync("/api/reports", streamed);
        Assert.That(new[] { announced.StatusCode, chunked.StatusCode }, Is.All.EqualTo(HttpStatusCode.RequestEntityTooLarge));

        await app.Services.GetRequiredService<AccessLogWriter>().DrainAsync();
        await using var connection = await app.Services.GetRequiredService<AccessDatabase>().OpenAsync();
        var entries = (await connection.QueryAsync<(string? Principal, string Method, string Path, long Status)>(
            "SELECT principal, method, path, status FROM access_log ORDER BY id")).ToList();
        Assert.That(entries, Is.EqualTo(new[]
        {
            ((string?)"demo-analyst", "POST", "/api/reports", 413L),
            ((string?)"demo-analyst", "POST", "/api/reports", 413L),
        }));
    }

    /// <summary>A stream of unknown length: its content goes without Content-Length.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
