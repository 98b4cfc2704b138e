using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Pharos.Triage.Infrastructure.Security;

/// <summary>A principal a bearer token stands for.</summary>
public sealed record Principal(string Name, string Role, string? PlatformId = null);

/// <summary>Turns a bearer token into a principal, or says it does not know it.</summary>
public interface ITokenResolver
{
    ValueTask<Principal?> ResolveAsync(string token, HttpContext context);
}

/// <summary>
/// The seeded demo tokens of the embedded default (<c>demo-analyst</c>, <c>demo-platform-x</c>, …),
/// accepted only from loopback callers.
/// </summary>
public sealed class DemoTokenResolver(IEnumerable<string> platformIds) : ITokenResolver
{
    private readonly Dictionary<string, Principal> _tokens = BuildTokens(platformIds);

    private static Dictionary<string, Principal> BuildTokens(IEnumerable<string> platformIds)
    {
        var tokens = new Dictionary<string, Principal>(StringComparer.Ordinal)
        {
            ["demo-analyst"] = new("demo-analyst", Roles.Analyst),
            ["demo-ministry"] = new("demo-ministry", Roles.Ministry),
            ["demo-admin"] = new("demo-admin", Roles.Admin),
        };
        foreach (var id in platformIds)
            tokens[$"demo-platform-{id}"] = new($"demo-platform-{id}", Roles.Platform, id);
        return tokens;
    }

    /// <summary>The demo principals, in the order a sign-in page lists them.</summary>
    public IReadOnlyList<Principal> Principals => _tokens.Values.ToList();

    public ValueTask<Principal?> ResolveAsync(string token, HttpContext context) =>
        ValueTask.FromResult(IsLoopback(context) && _tokens.TryGetValue(token, out var principal) ? principal : null);

    /// <summary>
    /// Whether the caller is known to be on this machine, the only place demo principals are accepted from. A caller
    /// without an address (a Unix socket, a named pipe, a server that does not say) is not known to be: refused.
    /// </summary>
    public static bool IsLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote && System.Net.IPAddress.IsLoopback(remote);
}

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c>, resolved by the registered <see cref="ITokenResolver"/>s.
/// Challenges and refusals answer with problem details, like every other error.
/// </summary>
public sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IEnumerable<ITokenResolver> resolvers) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Only bearer tokens are accepted.");

        var token = header["Bearer ".Length..].Trim();
        foreach (var resolver in resolvers)
        {
            if (await resolver.ResolveAsync(token, Context) is not { } principal) continue;
            var claims = new List<Claim> { new(ClaimTypes.Name, principal.Name), new(ClaimTypes.Role, principal.Role) };
            if (principal.PlatformId is not null) claims.Add(new Claim(PharosClaims.PlatformIdType, principal.PlatformId));
            var identity = new ClaimsIdentity(claims, SchemeName);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
        }
        return AuthenticateResult.Fail("Unknown or revoked token.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblem(StatusCodes.Status401Unauthorized, "Unauthorized", "A valid bearer token is required.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblem(StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this.");

    private Task WriteProblem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(Context);
}
