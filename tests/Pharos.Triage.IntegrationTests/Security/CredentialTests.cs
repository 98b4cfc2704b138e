using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Pharos.Triage.Access;
using Pharos.Triage.Access.ApiKeys;
using Pharos.Triage.Infrastructure.Security;
using Pharos.Triage.IntegrationTests.Support;

namespace Pharos.Triage.IntegrationTests.Security;

public sealed class When_operators_issue_api_keys
{
    private PharosApp _app = null!;
    private HttpClient _admin = null!;

    [SetUp]
    public void Start()
    {
        _app = new PharosApp();
        _admin = _app.As("demo-admin");
    }

    [TearDown]
    public void Stop() => _app.Dispose();

    private async Task<(string Id, string Token)> Issue(object body)
    {
        var response = await _admin.PostJson("/api/admin/api-keys", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var issued = await response.Body();
        return (issued.GetProperty("id").GetString()!, issued.GetProperty("token").GetString()!);
    }

    [Test]
    public async Task A_key_works_at_once_records_its_last_use_and_is_shown_only_once()
    {
        var (id, token) = await Issue(new { role = "platform", platformId = "x", name = "X trust & safety integration" });
        Assert.That(token, Does.Match("^phr_[a-z2-9]{8}_[A-Za-z0-9_-]{43}$"));

        Assert.That((await _app.As(token).GetAsync("/api/platform/requests")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _app.As(token).GetAsync("/api/reports")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "a platform key is a platform");

        var listed = (await (await _admin.GetAsync("/api/admin/api-keys")).Body()).GetProperty("items")[0];
        Assert.That(listed.GetProperty("id").GetString(), Is.EqualTo(id));
        Assert.That(listed.GetProperty("lastUsedAt").GetString(), Is.EqualTo("2026-11-22T10:00:00Z"));
        Assert.That(listed.TryGetProperty("token", out _), Is.False, "the token is never shown again");
        Assert.That(listed.ToString(), Does.Not.Contain(token[13..]));

        await using var connection = await _app.Services.GetRequiredService<AccessDatabase>().OpenAsync();
        var stored = await connection.QuerySingleAsync<byte[]>("SELECT secret_hash FROM api_keys WHERE id = @id", new { id });
        Assert.That(stored, Is.EqualTo(ApiKeyToken.Hash(token)).And.Length.EqualTo(32), "only a hash is stored");
    }

    [Test]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var (id, token) = await Issue(new { role = "analyst", name = "batch import" });
        var client = _app.As(token);
        Assert.That((await client.GetAsync("/api/reports")).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        Assert.That((await _admin.DeleteAsync($"/api/admin/api-keys/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await client.GetAsync("/api/reports")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _admin.DeleteAsync("/api/admin/api-keys/no-such-key")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [TestCase(0, TestName = "A tampered last character")]
    [TestCase(20, TestName = "A tampered secret character")]
    [TestCase(-1, TestName = "A tampered prefix")]
    public async Task A_tampered_key_is_refused(int fromEnd)
    {
        var (_, token) = await Issue(new { role = "analyst", name = "tamper test" });
        var index = fromEnd < 0 ? 5 : token.Length - 1 - fromEnd;
        var tampered = token[..index] + (token[index] == 'a' ? 'b' : 'a') + token[(index + 1)..];
        Assert.That((await _app.As(tampered).GetAsync("/api/reports")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await _app.As(token + "x").GetAsync("/api/reports")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static IEnumerable<TestCaseData> BadKeys()
    {
        yield return new TestCaseData(new { role = "platform", name = "n" }, "platformId").SetName("A platform key without its platform");
        yield return new TestCaseData(new { role = "analyst", platformId = "x", name = "n" }, "platformId").SetName("A platform for another role");
        yield return new TestCaseData(new { role = "root", name = "n" }, "role").SetName("An unknown role");
        yield return new TestCaseData(new { role = "analyst" }, "name").SetName("No name");
        yield return new TestCaseData(new { role = "platform", platformId = "X Corp", name = "n" }, "platformId").SetName("A platform id that is no id");
    }

    [TestCaseSource(nameof(BadKeys))]
    public async Task A_bad_request_for_a_key_is_a_400_and_issues_nothing(object body, string field)
    {
        var response = await _admin.PostJson("/api/admin/api-keys", body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await response.Body()).GetProperty("errors").TryGetProperty(field, out _), Is.True);
        Assert.That((await (await _admin.GetAsync("/api/admin/api-keys")).Body()).GetProperty("items").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task The_operator_command_issues_the_first_admin_key()
    {
        var issued = await OperatorCommandLine.RunAsync(OperatorCommandLine.On(_app.DataDirectory), "api-keys", "issue", "--role", "admin", "--name", "ops on call");

        Assert.That(issued.Exit, Is.Zero, issued.ToString());
        var token = issued.Output.Trim().Split('\n')[^1].Trim();
        Assert.That((await _app.As(token).GetAsync("/api/admin/api-keys")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}

public sealed class When_demo_tokens_are_not_on_loopback_or_not_enabled
{
    [Test]
    public async Task A_demo_token_from_another_address_is_unknown()
    {
        var resolver = new DemoTokenResolver(["x"]);
        var remote = new DefaultHttpContext();
        remote.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
        var local = new DefaultHttpContext();
        local.Connection.RemoteIpAddress = IPAddress.Loopback;

        Assert.That(await resolver.ResolveAsync("demo-analyst", remote), Is.Null);
        Assert.That(await resolver.ResolveAsync("demo-analyst", local), Is.EqualTo(new Principal("demo-analyst", Roles.Analyst)));
    }

    [Test]
    public async Task A_demo_token_from_a_caller_without_an_address_is_unknown()
    {
        // A Unix socket or a named pipe: nothing says the caller is on this machine's loopback.
        var unknown = new DefaultHttpContext();
        Assert.That(unknown.Connection.RemoteIpAddress, Is.Null);

        Assert.That(await new DemoTokenResolver(["x"]).ResolveAsync("demo-analyst", unknown), Is.Null);
    }

    [Test]
    public async Task Through_the_host_a_caller_without_an_address_is_refused_the_demo_tokens()
    {
        using var app = new PharosApp { ConfigureServices = services => services.AddTransient<IStartupFilter, WithoutAddress>() };
        Assert.That((await app.Analyst().GetAsync("/api/reports")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Behind_a_gateway_on_this_machine_a_remote_client_is_refused_the_demo_tokens()
    {
        // The gateway is on loopback; the client it names is not.
        using var app = new PharosApp(new() { ["Pharos:Gateway:KnownProxies:0"] = "127.0.0.1" });
        var analyst = app.Analyst();
        analyst.DefaultRequestHeaders.Add("X-Forwarded-For", "192.0.2.10");
        Assert.That((await analyst.GetAsync("/api/reports")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    /// <summary>Each request has no remote address, as over a Unix socket.</summary>
    private sealed class WithoutAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, then) =>
            {
                context.Connection.RemoteIpAddress = null;
                return then(context);
            });
            next(app);
        };
    }

    [Test]
    public async Task Outside_the_embedded_default_demo_tokens_are_refused()
    {
        using var app = new PharosApp(new Dictionary<string, string?> { ["Pharos:DemoPrincipals"] = "false" });
        Assert.That((await app.Analyst().GetAsync("/api/reports")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}

public sealed class When_a_caller_signs_in_with_a_jwt
{
    private const string Issuer = "https://idp.example.gouv.fr/realms/pharos";
    private static readonly SymmetricSecurityKey Key = new(Encoding.UTF8.GetBytes("a test signing key that is long enough for HS256"));
    private PharosApp _app = null!;

    [OneTimeSetUp]
    public void Start()
    {
        _app = new PharosApp(new Dictionary<string, string?>
        {
            ["Pharos:Authentication:Jwt:Authority"] = Issuer,
            ["Pharos:Authentication:Jwt:Audience"] = "pharos-triage",
        });
        _app.ConfigureServices = services => services.PostConfigure<JwtBearerOptions>(JwtAuthentication.SchemeName, options =>
        {
            // The provider's discovery document, as it would have been fetched from the authority.
            var discovery = new OpenIdConnectConfiguration { Issuer = Issuer };
            discovery.SigningKeys.Add(Key);
            options.Configuration = discovery;
            options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(discovery);
            options.TokenValidationParameters.ValidIssuer = Issuer;
            options.TokenValidationParameters.ClockSkew = TimeSpan.Zero;
        });
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    // Token lifetimes are checked against the service's clock, the fake one here.
    private static readonly DateTime Now = PharosApp.Start.UtcDateTime;

    private static string Jwt(Dictionary<string, object> claims, DateTime? expires = null, SecurityKey? key = null, string audience = "pharos-triage") =>
        new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(Issuer, audience,
            claims.Select(c => new Claim(c.Key, c.Value.ToString()!)), Now.AddMinutes(-5), expires ?? Now.AddMinutes(10),
            new SigningCredentials(key ?? Key, SecurityAlgorithms.HmacSha256)));

    [Test]
    public async Task A_valid_token_carries_its_role_and_name()
    {
        var token = Jwt(new() { ["sub"] = "u-1", ["preferred_username"] = "marie.dupont", ["role"] = "analyst" });
        var id = await _app.As(token).FileReport("https://x.com/jwt/1");
        var report = await _app.As(token).Report(id);
        Assert.That(report.GetProperty("timeline")[0].GetProperty("actor").GetString(), Is.EqualTo("analyst:marie.dupont"));
    }

    [Test]
    public async Task A_platform_token_reaches_its_own_platform_only()
    {
        var token = Jwt(new() { ["sub"] = "svc-x", ["role"] = "platform", ["platform_id"] = "x" });
        Assert.That((await _app.As(token).GetAsync("/api/platform/requests")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await _app.As(token).GetAsync("/api/reports")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    private static IEnumerable<TestCaseData> RefusedTokens()
    {
        var analyst = new Dictionary<string, object> { ["sub"] = "u-1", ["role"] = "analyst" };
        yield return new TestCaseData(Jwt(analyst, expires: Now.AddMinutes(-1))).SetName("An expired token");
        yield return new TestCaseData(Jwt(analyst, key: new SymmetricSecurityKey(Encoding.UTF8.GetBytes("somebody else's key, long enough for HS256!")))).SetName("A token signed with another key");
        yield return new TestCaseData(Jwt(analyst, audience: "another-app")).SetName("A token for another audience");
        yield return new TestCaseData(Jwt(new() { ["sub"] = "u-1" })).SetName("A token without a role");
        yield return new TestCaseData(Jwt(new() { ["sub"] = "u-1", ["role"] = "superuser" })).SetName("A token with an unknown role");
        yield return new TestCaseData(Jwt(new() { ["sub"] = "u-1", ["role"] = "platform" })).SetName("A platform token without its platform");
        // Its name is stored with every filing and step (filed_by, actor), sized for names of at most 200 characters.
        yield return new TestCaseData(Jwt(new() { ["sub"] = "u-1", ["preferred_username"] = new string('m', 201), ["role"] = "analyst" }))
            .SetName("A token whose name is longer than a principal's may be");
        foreach (var (name, what) in NamesNotOneLine)
            yield return new TestCaseData(Jwt(new() { ["sub"] = "u-1", ["preferred_username"] = name, ["role"] = "analyst" })).SetName($"A token whose name holds {what}");
        var valid = Jwt(analyst);
        yield return new TestCaseData(valid[..^3] + (valid[^3] == 'A' ? "B" : "A") + valid[^2..]).SetName("A token with a tampered signature");
    }

    [TestCaseSource(nameof(RefusedTokens))]
    public async Task A_bad_token_is_a_401_problem(string token)
    {
        var response = await _app.As(token).GetAsync("/api/reports");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    /// <summary>Names a log line, a terminal or the console would show other than they are.</summary>
    private static readonly (string Name, string What)[] NamesNotOneLine =
    [
        ("marie.dupont\nanalyst:admin", "a line feed"),
        ("marie\u001b[2K.dupont", "an escape sequence"),
        ("marie\u202Etnopud", "a right-to-left override"),
    ];

    private static IEnumerable<TestCaseData> NameCases() =>
        NamesNotOneLine.Select(n => new TestCaseData(n.Name).SetName($"A token whose name holds {n.What} is refused saying why"));

    [TestCaseSource(nameof(NameCases))]
    public async Task A_token_whose_name_is_not_one_line_is_refused_saying_why(string name)
    {
        var token = Jwt(new() { ["sub"] = "u-1", ["preferred_username"] = name, ["role"] = "analyst" });
        var response = await _app.As(token).GetAsync("/api/reports");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await response.Body()).GetProperty("detail").GetString(), Does.Contain("preferred_username").And.Contain("control characters"));
    }

    [Test]
    public async Task A_token_refused_by_the_provider_checks_is_not_told_more()
    {
        var response = await _app.As(Jwt(new() { ["sub"] = "u-1", ["role"] = "analyst" }, audience: "another-app")).GetAsync("/api/reports");
        Assert.That((await response.Body()).GetProperty("detail").GetString(), Is.EqualTo("A valid bearer token is required."));
    }
}
