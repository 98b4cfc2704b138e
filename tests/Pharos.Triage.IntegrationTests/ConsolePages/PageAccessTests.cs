using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pharos.Triage.IntegrationTests.Support;
using Pharos.Triage.StaffConsole;
using Pharos.Triage.StaffConsole.SignIn;

namespace Pharos.Triage.IntegrationTests.ConsolePages;

/// <summary>
/// Every page of the console, taken from the route table so that a new page cannot escape, opened (and posted) by
/// someone not signed in and by a person of each role: only the page's role gets it, the others 403, and anyone not
/// signed in is sent to sign in. Every form refuses a post without its anti-forgery token.
/// </summary>
public sealed class When_anyone_opens_any_console_page
{
    private const string Anyone = "anyone signed in";
    private const string Public = "public";

    private static readonly (string Role, string Principal)[] People =
        [("analyst", "demo-analyst"), ("ministry", "demo-ministry"), ("platform", "demo-platform-x"), ("admin", "demo-admin")];

    [Test]
    public async Task Each_person_gets_exactly_the_pages_of_their_role()
    {
        using var app = new PharosApp();
        var pages = Pages(app);
        Assert.That(pages.Select(p => p.Owner), Has.Member("analyst").And.Member("platform").And.Member("ministry").And.Member("admin"),
            "each role has pages");

        var sessions = new Dictionary<string, ConsoleSession>();
        foreach (var (role, principal) in People) sessions[role] = await ConsoleSession.SignInAsync(app, principal);
        using var anonymous = ConsoleSession.Anonymous(app);
        try
        {
            var table = new StringBuilder($"{"page",-48} {"anonymous",10} {string.Join(" ", People.Select(p => $"{p.Role,9}"))}\n");
            var failures = new List<string>();
            foreach (var (method, route, owner) in pages)
            {
                var path = route.Replace("{id}", "no-such-id");
                var row = new StringBuilder($"{method + " " + route,-48}");
                var stranger = await CallAsync(anonymous, method, path, ConsolePaths.SignIn);
                row.Append(System.Globalization.CultureInfo.InvariantCulture, $" {Show(stranger),10}");
                if (owner != Public && !(stranger.StatusCode == HttpStatusCode.Redirect && PathOf(stranger.Headers.Location) == ConsolePaths.SignIn))
                    failures.Add($"{method} {path} not signed in: {Show(stranger)}");
                foreach (var (role, _) in People)
                {
                    var answer = await CallAsync(sessions[role], method, path, ConsolePaths.SignIn);
                    row.Append(System.Globalization.CultureInfo.InvariantCulture, $" {Show(answer),9}");
                    var allowed = owner is Public or Anyone || owner == role;
                    var ok = allowed
                        ? answer.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized) && (int)answer.StatusCode < 500
                          && !(answer.StatusCode == HttpStatusCode.Redirect && PathOf(answer.Headers.Location) == ConsolePaths.SignIn)
                        : answer.StatusCode == HttpStatusCode.Forbidden;
                    if (!ok) failures.Add($"{method} {path} as {role}: {Show(answer)}");
                }
                table.AppendLine(row.ToString());
            }
            TestContext.Out.WriteLine(table);
            Assert.That(failures, Is.Empty, table.ToString());
        }
        finally
        {
            foreach (var session in sessions.Values) session.Dispose();
        }
    }

    [Test]
    public async Task A_form_posted_without_its_anti_forgery_token_is_refused()
    {
        using var app = new PharosApp();
        var failures = new List<string>();
        foreach (var (method, route, owner) in Pages(app).Where(p => p.Method == "POST"))
        {
            var principal = People.FirstOrDefault(p => p.Role == owner).Principal ?? "demo-analyst";
            using var session = owner == Public ? ConsoleSession.Anonymous(app) : await ConsoleSession.SignInAsync(app, principal);
            var path = route.Replace("{id}", "no-such-id");
            var answer = await session.PostFormAsync(path, [], withToken: false);
            if (answer.StatusCode != HttpStatusCode.BadRequest) failures.Add($"{method} {path} as {owner}: {(int)answer.StatusCode}");
        }
        Assert.That(failures, Is.Empty);
    }

    /// <summary>The console's pages and who each is for, from the policy it requires.</summary>
    private static List<(string Method, string Route, string Owner)> Pages(PharosApp app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ConsolePageMetadata>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (Method: m, Route: "/" + e.RoutePattern.RawText!.TrimStart('/'), Owner: OwnerOf(e))))
            // Signing out last: the sessions are signed out after it, and every page after it would send them to sign in.
            .Distinct().OrderBy(p => p.Route == ConsolePaths.SignOut).ThenBy(p => p.Route).ThenBy(p => p.Method).ToList();

    private static string OwnerOf(RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return Public;
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
        if (policies.Contains(ConsoleAuthentication.SignedIn)) return Anyone;
        var role = People.Select(p => p.Role).SingleOrDefault(r => policies.Contains(ConsoleAuthentication.Policy(r)));
        Assert.That(role, Is.Not.Null, $"{endpoint.RoutePattern.RawText} says neither whose page it is nor that it is public");
        return role!;
    }

    private static Task<HttpResponseMessage> CallAsync(ConsoleSession session, string method, string path, string tokenFrom) =>
        method == "POST" ? session.PostFormAsync(path, [], tokenFrom) : session.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

    private static string Show(HttpResponseMessage answer) =>
        answer.StatusCode == HttpStatusCode.Redirect && PathOf(answer.Headers.Location) == ConsolePaths.SignIn ? "sign-in" : ((int)answer.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The path a redirect leads to, whether its Location is absolute (the sign-in challenge) or relative (a page's own).</summary>
    private static string? PathOf(Uri? location) =>
        location is null ? null : location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];
}
