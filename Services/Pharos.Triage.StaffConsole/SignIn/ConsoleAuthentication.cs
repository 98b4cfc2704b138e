using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Security;

namespace Pharos.Triage.StaffConsole.SignIn;

/// <summary>
/// How a person is signed in to the console: a cookie, issued by OpenID Connect in production or by the demo sign-in
/// of the embedded default. The cookie carries the person's role and platform (the same claims as the API's tokens)
/// and the token the console calls the API with on that person's behalf.
/// </summary>
public static class ConsoleAuthentication
{
    public const string CookieScheme = "Console";
    public const string OidcScheme = "ConsoleOidc";

    /// <summary>The token the console calls the API with, kept in the cookie's properties.</summary>
    public const string ApiTokenName = "access_token";

    public const string SignInPath = "/console/sign-in";

    /// <summary>The policy of a role's pages: signed in to the console, with that role.</summary>
    public static string Policy(string role) => $"console-{role}";

    /// <summary>Any person signed in to the console, whatever the role.</summary>
    public const string SignedIn = "console-signed-in";

    /// <param name="oidc">
    /// Whether to sign people in with the provider: registered only then, since the authentication middleware asks
    /// every remote scheme, on every request, whether the request is its callback.
    /// </param>
    public static void AddConsoleAuthentication(this IServiceCollection services, bool oidc)
    {
        var authentication = services.AddAuthentication();
        authentication.AddCookie(CookieScheme, cookie =>
        {
            cookie.Cookie.Name = "pharos-console";
            cookie.Cookie.Path = "/console";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = SignInPath;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = false;
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                // A page of another role answers 403, not a redirect: the person is signed in, just not for this.
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Layout.ForbiddenPage.WriteAsync(context.HttpContext);
            };
        });
        // Secure wherever there is a provider (production); on the embedded default's plain-HTTP loopback it follows the request.
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<IOptions<ConsoleOptions>, IOptions<JwtOptions>>((cookie, _, jwt) =>
            cookie.Cookie.SecurePolicy = !string.IsNullOrWhiteSpace(jwt.Value.Authority) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);

        if (oidc)
        {
            authentication.AddOpenIdConnect(OidcScheme, _ => { });
            services.AddOptions<OpenIdConnectOptions>(OidcScheme).Configure<IOptions<ConsoleOptions>, IOptions<JwtOptions>>((options, console, jwt) =>
                ConfigureOidc(options, console.Value.Oidc, jwt.Value));
        }

        var policies = services.AddAuthorizationBuilder()
            .AddPolicy(SignedIn, p => p.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser());
        foreach (var role in Roles.All)
        {
            var builder = new AuthorizationPolicyBuilder(CookieScheme).RequireRole(role);
            if (role == Roles.Platform) builder.RequireClaim(PharosClaims.PlatformIdType);
            policies.AddPolicy(Policy(role), builder.Build());
        }
    }

    /// <summary>
    /// Whether people sign in with the organisation's provider (production) rather than as demo principals: a provider
    /// and the console's client at it. A provider alone (the API's JWTs) leaves the console with no way in.
    /// </summary>
    public static bool OidcEnabled(JwtOptions jwt, ConsoleOptions console) =>
        !string.IsNullOrWhiteSpace(jwt.Authority) && !string.IsNullOrWhiteSpace(console.Oidc.ClientId);

    private static readonly string[] BaseScopes = ["openid", "profile"];

    /// <summary>The authorization code flow with PKCE; the person's role is read as the API reads it from a JWT.</summary>
    public static void ConfigureOidc(OpenIdConnectOptions oidc, ConsoleOidcOptions console, JwtOptions jwt)
    {
        oidc.SignInScheme = CookieScheme;
        oidc.Authority = jwt.Authority;
        oidc.ClientId = console.ClientId;
        oidc.ClientSecret = console.ClientSecret;
        oidc.ResponseType = "code";
        oidc.UsePkce = true;
        oidc.SaveTokens = true;
        oidc.MapInboundClaims = false;
        oidc.GetClaimsFromUserInfoEndpoint = true;
        oidc.CallbackPath = "/console/signin-oidc";
        oidc.SignedOutCallbackPath = "/console/signout-callback-oidc";
        oidc.Scope.Clear();
        foreach (var scope in BaseScopes.Concat(console.Scopes)) oidc.Scope.Add(scope);
        oidc.Events.OnTokenValidated = context =>
        {
            var (identity, failure) = JwtAuthentication.ProviderIdentity(context.Principal!, jwt, CookieScheme);
            if (identity is null) context.Fail(failure!);
            else context.Principal = new ClaimsPrincipal(identity);
            return Task.CompletedTask;
        };
    }

    /// <summary>Signs a person in to the console, keeping the token the console will call the API with.</summary>
    public static Task SignInAsync(HttpContext http, Principal principal, string apiToken)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, principal.Name), new(ClaimTypes.Role, principal.Role) };
        if (principal.PlatformId is not null) claims.Add(new Claim(PharosClaims.PlatformIdType, principal.PlatformId));
        var properties = new AuthenticationProperties();
        properties.StoreTokens([new AuthenticationToken { Name = ApiTokenName, Value = apiToken }]);
        return http.SignInAsync(CookieScheme, new ClaimsPrincipal(new ClaimsIdentity(claims, CookieScheme)), properties);
    }
}
