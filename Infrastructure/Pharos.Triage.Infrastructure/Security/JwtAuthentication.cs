using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Pharos.Triage.Infrastructure.Security;

/// <summary>
/// Production sign-in: JWTs from the organisation's OpenID Connect provider, bound from
/// <c>Pharos:Authentication:Jwt</c>. Off unless an authority is set.
/// </summary>
public sealed class JwtOptions
{
    public const string Section = "Pharos:Authentication:Jwt";

    /// <summary>The provider's issuer URL; its discovery document gives the signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must be issued for.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim that carries the role (analyst, ministry, platform, admin).</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>The claim that carries a platform principal's platform id.</summary>
    public string PlatformClaim { get; set; } = "platform_id";

    /// <summary>The claim that names the principal on timelines and in the access log.</summary>
    public string NameClaim { get; set; } = "preferred_username";
}

public static class JwtAuthentication
{
    public const string SchemeName = "Jwt";

    /// <summary>The scheme every endpoint uses: a JWT goes to the JWT handler, anything else to the API keys.</summary>
    public const string SelectorScheme = "Pharos";

    /// <summary>
    /// The bearer schemes. The JWT handler is always registered but only ever chosen while
    /// <see cref="JwtOptions.Authority"/> is set, read from the bound options like every other setting.
    /// </summary>
    public static void AddPharosAuthentication(this AuthenticationBuilder authentication)
    {
        authentication.AddScheme<AuthenticationSchemeOptions, BearerAuthenticationHandler>(BearerAuthenticationHandler.SchemeName, null);
        authentication.AddJwtBearer(SchemeName);
        authentication.Services.AddOptions<JwtBearerOptions>(SchemeName).Configure<IOptions<JwtOptions>, TimeProvider>((options, bound, clock) =>
        {
            var jwt = bound.Value;
            options.Authority = jwt.Authority;
            options.Audience = jwt.Audience;
            options.MapInboundClaims = false;
            // Always: the options refuse to start with an authority and no audience (OptionsRegistration).
            options.TokenValidationParameters.ValidateAudience = true;
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = context => MapClaims(context, jwt),
                OnChallenge = Challenge,
            };
            // Token lifetimes are judged by the service's clock, like every other time in the system.
            options.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return expires is not null
                       && (notBefore is null || notBefore.Value - parameters.ClockSkew <= now)
                       && now < expires.Value + parameters.ClockSkew;
            };
        });
        authentication.AddPolicyScheme(SelectorScheme, "Bearer token", options =>
            options.ForwardDefaultSelector = context => JwtEnabled(context) && LooksLikeJwt(context) ? SchemeName : BearerAuthenticationHandler.SchemeName);
    }

    /// <summary>
    /// The 401 as problem details, like the API keys' (BearerAuthenticationHandler). A token refused for what it says
    /// (its role, its name) is told why; a token refused by the provider's checks (signature, lifetime, audience) is not.
    /// </summary>
    private static Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        var detail = context.AuthenticateFailure is AuthenticationFailureException refused ? refused.Message : "A valid bearer token is required.";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail).ExecuteAsync(context.HttpContext);
    }

    private static bool JwtEnabled(HttpContext context) =>
        !string.IsNullOrWhiteSpace(context.RequestServices.GetRequiredService<IOptions<JwtOptions>>().Value.Authority);

    private static bool LooksLikeJwt(HttpContext context)
    {
        string? header = context.Request.Headers.Authorization;
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
               && header.AsSpan("Bearer ".Length).Trim().Count('.') == 2;
    }

    /// <summary>Turns the provider's claims into a Pharos principal; a token without a known role is refused.</summary>
    private static Task MapClaims(TokenValidatedContext context, JwtOptions jwt)
    {
        var (identity, failure) = ProviderIdentity(context.Principal!, jwt, SchemeName);
        if (identity is null) context.Fail(failure!);
        else context.Principal = new ClaimsPrincipal(identity);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The Pharos identity the provider's claims stand for (name, role, platform), or why there is none. The API's JWTs
    /// and the console's OpenID Connect sign-in read the same claims, so a person has the same role in both.
    /// </summary>
    public static (ClaimsIdentity? Identity, string? Failure) ProviderIdentity(ClaimsPrincipal token, JwtOptions jwt, string scheme)
    {
        var role = token.FindFirstValue(jwt.RoleClaim);
        var platform = token.FindFirstValue(jwt.PlatformClaim);
        var name = token.FindFirstValue(jwt.NameClaim) ?? token.FindFirstValue("sub");
        if (role is null || !Roles.All.Contains(role) || name is null || (role == Roles.Platform && string.IsNullOrEmpty(platform)))
            return (null, "The token carries no Pharos role (or a platform role without its platform).");
        // The name is stored with every filing and timeline step and in the access log: no longer than an API key's may
        // be, and one line, checked like any input. A name that breaks the rule is refused, not cut or cleaned: two
        // people whose names differ past the cut, or by a hidden character, would otherwise share one name on the record.
        if (name.Length == 0 || name.Length > PharosClaims.MaxNameLength)
            return (null, $"The token's name ({jwt.NameClaim}) must be 1 to {PharosClaims.MaxNameLength} characters long.");
        if (!Api.FreeText.HasNoControl(name))
            return (null, $"The token's name ({jwt.NameClaim}) must be one line without control characters.");
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.Role, role) };
        if (role == Roles.Platform) claims.Add(new Claim(PharosClaims.PlatformIdType, platform!));
        return (new ClaimsIdentity(claims, scheme), null);
    }
}
