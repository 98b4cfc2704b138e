using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.Infrastructure.Security;

namespace Pharos.Triage.IntegrationTests.Support;

/// <summary>Intake's SQLite file, read beside the running host: what was stored, not what the API shows.</summary>
public static class IntakeStore
{
    public static Task<long> CountInIntake(this PharosApp app, string sql, object? parameters = null) =>
        app.CountIn("intake", sql, parameters);

    /// <summary>A count read from one service's SQLite file (<c>intake</c>, <c>routing</c>, <c>platformliaison</c>, <c>escalation</c>).</summary>
    public static async Task<long> CountIn(this PharosApp app, string service, string sql, object? parameters = null)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(app.DataDirectory, service + ".db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public static Task<long> Reports(this PharosApp app) => app.CountInIntake("SELECT COUNT(*) FROM reports");

    /// <summary>ReportFiled messages Intake wrote to its outbox.</summary>
    public static Task<long> ReportsFiledInOutbox(this PharosApp app) =>
        app.CountInIntake("SELECT COUNT(*) FROM outbox WHERE message_type = 'ReportFiled'");

    public static Task<long> IdempotencyKeys(this PharosApp app, string key) =>
        app.CountInIntake("SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = @Key", new { Key = key });
}

public static class IdempotentFiling
{
    /// <summary>Files a report from exact JSON text, with an Idempotency-Key header when one is given.</summary>
    public static Task<HttpResponseMessage> FileWithKey(this HttpClient analyst, string json, params string[] keys)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (keys.Length > 0) request.Headers.TryAddWithoutValidation("Idempotency-Key", keys);
        return analyst.SendAsync(request);
    }
}

/// <summary>
/// The embedded default with a second analyst (token <c>second-analyst</c>), since the demo tokens hold
/// only one, on the same data directory and fake clock.
/// </summary>
public static class SecondAnalyst
{
    public const string Token = "second-analyst";

    public static WebApplicationFactory<Program> WithSecondAnalyst(this PharosApp app) =>
        app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<ITokenResolver>(new Resolver())));

    public static HttpClient As(this WebApplicationFactory<Program> host, string token)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private sealed class Resolver : ITokenResolver
    {
        public ValueTask<Principal?> ResolveAsync(string token, HttpContext context) =>
            ValueTask.FromResult(token == Token ? new Principal(Token, Roles.Analyst) : null);
    }
}
