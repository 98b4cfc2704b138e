using System.Net;
using Dapper;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pharos.Triage.Access;
using Pharos.Triage.Access.AccessLog;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.StaffConsole;
using Pharos.Triage.StaffConsole.SignIn;

namespace Pharos.Triage.IntegrationTests.ConsolePages;

public sealed class When_a_person_signs_in_to_the_console
{
    [Test]
    public async Task Someone_not_signed_in_is_sent_to_the_sign_in_page()
    {
        using var app = new PharosApp();
        using var session = ConsoleSession.Anonymous(app);

        var answer = await session.GetAsync(ConsolePaths.Home);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(answer.Headers.Location?.PathAndQuery, Is.EqualTo("/console/sign-in?ReturnUrl=%2Fconsole"));
    }

    [TestCase("demo-analyst", ConsolePaths.Reports)]
    [TestCase("demo-platform-x", ConsolePaths.Requests)]
    [TestCase("demo-ministry", ConsolePaths.Statistics)]
    [TestCase("demo-admin", ConsolePaths.Platforms)]
    public async Task Each_demo_principal_starts_on_the_pages_of_its_role(string principal, string start)
    {
        using var app = new PharosApp();
        using var session = await ConsoleSession.SignInAsync(app, principal);

        var answer = await session.GetAsync(ConsolePaths.Home);

        Assert.That(answer.Headers.Location?.OriginalString, Is.EqualTo(start));
    }

    [Test]
    public async Task The_cookie_is_http_only_same_site_and_kept_to_the_console()
    {
        using var app = new PharosApp();
        using var session = ConsoleSession.Anonymous(app);

        var answer = await session.PostFormAsync(ConsolePaths.SignIn, new() { ["principal"] = "demo-analyst" });

        var cookie = answer.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pharos-console=", StringComparison.Ordinal));
        Assert.That(cookie, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=lax").IgnoreCase.And.Contain("path=/console"));
    }

    [Test]
    public void With_the_organisations_provider_the_cookie_is_sent_over_https_only()
    {
        using var app = new PharosApp(new() { ["Pharos:Authentication:Jwt:Authority"] = "https://id.example.gouv.fr", ["Pharos:Authentication:Jwt:Audience"] = "pharos-triage", ["Pharos:Console:Oidc:ClientId"] = "pharos-console" });
        using var embedded = new PharosApp();

        CookieSecurePolicy Policy(PharosApp a) =>
            a.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(ConsoleAuthentication.CookieScheme).Cookie.SecurePolicy;

        Assert.That(Policy(app), Is.EqualTo(CookieSecurePolicy.Always));
        // The embedded default on a workstation answers plain HTTP on loopback: there it follows the request.
        Assert.That(Policy(embedded), Is.EqualTo(CookieSecurePolicy.SameAsRequest));
    }

    [Test]
    public async Task A_return_address_on_another_site_is_not_followed()
    {
        using var app = new PharosApp();
        using var session = ConsoleSession.Anonymous(app);

        var answer = await session.PostFormAsync(ConsolePaths.SignIn, new() { ["principal"] = "demo-analyst", ["returnUrl"] = "https://elsewhere.example/console" });

        Assert.That(answer.Headers.Location?.OriginalString, Is.EqualTo(ConsolePaths.Home));
    }

    [Test]
    public async Task An_unknown_principal_is_refused_and_no_one_is_signed_in()
    {
        using var app = new PharosApp();
        using var session = ConsoleSession.Anonymous(app);

        var answer = await session.PostFormAsync(ConsolePaths.SignIn, new() { ["principal"] = "demo-nobody" });

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await answer.Body()).GetProperty("errors").TryGetProperty("principal", out _), Is.True);
        Assert.That((await session.GetAsync(ConsolePaths.Home)).StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That((await session.GetAsync(ConsolePaths.Home)).Headers.Location?.AbsolutePath, Is.EqualTo(ConsolePaths.SignIn));
    }

    [Test]
    public async Task Signing_out_needs_the_forms_token_and_then_ends_the_session()
    {
        using var app = new PharosApp();
        using var session = await ConsoleSession.SignInAsync(app, "demo-analyst");

        var forged = await session.PostFormAsync(ConsolePaths.SignOut, [], withToken: false);
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await session.GetAsync(ConsolePaths.Home)).Headers.Location?.OriginalString, Is.EqualTo(ConsolePaths.Reports), "still signed in");

        var signedOut = await session.PostFormAsync(ConsolePaths.SignOut, []);
        Assert.That(signedOut.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That((await session.GetAsync(ConsolePaths.Home)).Headers.Location?.AbsolutePath, Is.EqualTo(ConsolePaths.SignIn));
    }
}

public sealed class When_the_demo_sign_in_is_not_for_this_caller
{
    [Test]
    public async Task From_another_machine_there_is_no_demo_sign_in()
    {
        using var app = new PharosApp { ConfigureServices = services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, FromAnotherMachine>() };
        using var session = ConsoleSession.Anonymous(app);

        var page = await session.GetAsync(ConsolePaths.SignIn);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Not.Contain("demo-analyst"));
    }

    [Test]
    public async Task Outside_the_embedded_default_there_is_no_demo_sign_in()
    {
        using var app = new PharosApp(new() { ["Pharos:DemoPrincipals"] = "false" });
        using var session = ConsoleSession.Anonymous(app);

        var page = await session.GetAsync(ConsolePaths.SignIn);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Not.Contain("demo-analyst"));
    }

    [Test]
    public async Task From_a_caller_without_an_address_there_is_no_demo_sign_in()
    {
        // A Unix socket: the caller is not known to be on this machine's loopback (issue 18; the test server used to pass).
        using var app = new PharosApp { ConfigureServices = services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, WithoutAddress>() };
        using var session = ConsoleSession.Anonymous(app);

        var page = await session.GetAsync(ConsolePaths.SignIn);

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Not.Contain("demo-analyst"));
    }

    /// <summary>Every request has no remote address, as over a Unix socket.</summary>
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

    /// <summary>Every request seems to come from 192.0.2.10, as through a real socket from elsewhere.</summary>
    private sealed class FromAnotherMachine : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, then) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
                return then(context);
            });
            next(app);
        };
    }
}

public sealed class When_a_person_uses_the_console
{
    [Test]
    public async Task Each_page_they_open_is_in_the_access_log_with_their_name()
    {
        using var app = new PharosApp();
        using var session = await ConsoleSession.SignInAsync(app, "demo-analyst");
        await session.GetAsync(ConsolePaths.Home);

        await app.Services.GetRequiredService<AccessLogWriter>().DrainAsync();
        await using var connection = await app.Services.GetRequiredService<AccessDatabase>().OpenAsync();
        var entries = (await connection.QueryAsync<(string? Principal, string Method, string Path, long Status)>(
            "SELECT principal, method, path, status FROM access_log WHERE path LIKE '/console%' ORDER BY id")).ToList();

        Assert.That(entries, Has.Member(((string?)null, "POST", ConsolePaths.SignIn, 303L)));
        Assert.That(entries, Has.Member(((string?)"demo-analyst", "GET", ConsolePaths.Home, 302L)));
        Assert.That(entries.Where(e => e.Path.StartsWith(ConsolePaths.Assets, StringComparison.Ordinal)), Is.Empty);
    }
}

public sealed class When_the_console_runs_on_several_hosts
{
    [Test]
    public async Task A_person_signed_in_on_one_is_signed_in_on_any_host_of_the_same_access_store()
    {
        string cookie;
        var first = new PharosApp { KeepDataDirectory = true };
        using (first)
        {
            using var session = ConsoleSession.Anonymous(first);
            var signedIn = await session.PostFormAsync(ConsolePaths.SignIn, new() { ["principal"] = "demo-analyst" });
            cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pharos-console=", StringComparison.Ordinal)).Split(';')[0];
        }

        using var sameStore = new PharosApp(restartOf: first);
        using var otherStore = new PharosApp();

        Assert.That(await StartPageAsync(sameStore, cookie), Is.EqualTo(ConsolePaths.Reports), "the keys came from the shared store");
        Assert.That(await StartPageAsync(otherStore, cookie), Does.Contain(ConsolePaths.SignIn), "a host of another store cannot read the cookie");
    }

    private static async Task<string?> StartPageAsync(PharosApp app, string cookie)
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, ConsolePaths.Home);
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).Headers.Location?.OriginalString;
    }
}
