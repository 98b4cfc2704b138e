using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Security;
using System.Security.Claims;

namespace Pharos.Triage.StaffConsole.SignIn;

/// <summary>In and out of the console, and the start page of each role.</summary>
public static class SignInEndpoints
{
    public static void MapSignIn(this IEndpointRouteBuilder app)
    {
        // Open to anyone; a person already signed in is still recognised, so that the page (and the token of its
        // forms) is theirs.
        var recognised = new AuthorizeAttribute { AuthenticationSchemes = ConsoleAuthentication.CookieScheme };
        app.MapGet(ConsolePaths.SignIn, ShowSignIn).AllowAnonymous().WithMetadata(recognised);
        app.MapPost(ConsolePaths.SignIn, SignInAsDemoAsync).AllowAnonymous().WithMetadata(recognised);
        app.MapPost(ConsolePaths.SignOut, SignOutAsync).RequireAuthorization(ConsoleAuthentication.SignedIn);
        app.MapGet(ConsolePaths.Home, (ClaimsPrincipal user) => Results.Redirect(ConsolePaths.StartOf(user.FindFirstValue(ClaimTypes.Role))))
            .RequireAuthorization(ConsoleAuthentication.SignedIn);
    }

    private static IResult ShowSignIn(HttpContext http, [FromQuery] string? returnUrl, IOptions<JwtOptions> jwt, IOptions<ConsoleOptions> console, IEnumerable<ITokenResolver> resolvers)
    {
        var back = ConsolePaths.LocalOrHome(returnUrl);
        if (ConsoleAuthentication.OidcEnabled(jwt.Value, console.Value))
            return Results.Challenge(new AuthenticationProperties { RedirectUri = back }, [ConsoleAuthentication.OidcScheme]);
        if (DemoPrincipals(http, resolvers) is not { } demo)
            return new RazorComponentResult<NoSignInPage> { StatusCode = StatusCodes.Status404NotFound };
        return new RazorComponentResult<SignInPage>(new { Principals = demo.Principals, ReturnUrl = back });
    }

    private static async Task<IResult> SignInAsDemoAsync(
        HttpContext http, [FromForm] string? principal, [FromForm] string? returnUrl, IEnumerable<ITokenResolver> resolvers)
    {
        if (DemoPrincipals(http, resolvers) is not { } demo)
            return new RazorComponentResult<NoSignInPage> { StatusCode = StatusCodes.Status404NotFound };
        // The demo principal's name is its token (demo-analyst, …): the console calls the API with it.
        if (string.IsNullOrEmpty(principal) || await demo.ResolveAsync(principal, http) is not { } chosen)
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["principal"] = ["Choose one of the demo principals."] });
        await ConsoleAuthentication.SignInAsync(http, chosen, principal);
        return Layout.PageResults.SeeOther(ConsolePaths.LocalOrHome(returnUrl));
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IOptions<JwtOptions> jwt, IOptions<ConsoleOptions> console)
    {
        await http.SignOutAsync(ConsoleAuthentication.CookieScheme);
        if (ConsoleAuthentication.OidcEnabled(jwt.Value, console.Value))
            return Results.SignOut(new AuthenticationProperties { RedirectUri = ConsolePaths.Home }, [ConsoleAuthentication.OidcScheme]);
        return Layout.PageResults.SeeOther(ConsolePaths.SignIn);
    }

    /// <summary>The demo principals, where they are on and the browser is on this machine; otherwise none.</summary>
    private static DemoTokenResolver? DemoPrincipals(HttpContext http, IEnumerable<ITokenResolver> resolvers) =>
        DemoTokenResolver.IsLoopback(http) ? resolvers.OfType<DemoTokenResolver>().FirstOrDefault() : null;
}
