using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pharos.Triage.Infrastructure.Pages;
using Pharos.Triage.StaffConsole.Api;
using Pharos.Triage.StaffConsole.Requests;
using Pharos.Triage.StaffConsole.ApiKeys;
using Pharos.Triage.StaffConsole.Platforms;
using Pharos.Triage.StaffConsole.Reports;
using Pharos.Triage.StaffConsole.SignIn;
using Pharos.Triage.StaffConsole.Statistics;

namespace Pharos.Triage.StaffConsole;

/// <summary>
/// The staff console (<c>/console</c>): pages for analysts, platform contact persons, the ministry and admins, served
/// by a host beside the API it calls. Not a service of its own: it keeps no data.
/// </summary>
public static class ConsoleService
{
    // Pages run only the console's own script and stylesheets; forms post only back to the console (or, signing out
    // with a provider, to it).
    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Registers the console where <see cref="ConsoleOptions.Enabled"/> says so (by default: every service here).</summary>
    public static bool AddPharosConsole(this WebApplicationBuilder builder, bool allServicesHere)
    {
        var options = builder.Configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        if (!(options.Enabled ?? allServicesHere)) return false;

        builder.Services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section);
        builder.Services.AddRazorComponents();
        builder.Services.AddHttpContextAccessor();
        var jwt = builder.Configuration.GetSection(Infrastructure.Security.JwtOptions.Section).Get<Infrastructure.Security.JwtOptions>() ?? new();
        builder.Services.AddConsoleAuthentication(oidc: ConsoleAuthentication.OidcEnabled(jwt, options));
        builder.Services.AddHttpClient<ConsoleApi>(ConsoleApi.ClientName, (sp, http) => http.BaseAddress = ApiAddress(sp));
        return true;
    }

    public static void MapPharosConsole(this WebApplication app)
    {
        // Every post needs its form's anti-forgery token, whether or not the page reads a field of the form.
        var console = app.MapGroup("").WithMetadata(new ConsolePageMetadata(), new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
        console.AddEndpointFilter(async (context, next) =>
        {
            if (context.HttpContext.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
                return Results.ValidationProblem(
                    new Dictionary<string, string[]> { ["__RequestVerificationToken"] = ["The form's anti-forgery token is missing or invalid; nothing was done. Reload the page and try again."] },
                    title: "Anti-forgery token refused");
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = CspFor(context.HttpContext);
            headers.CacheControl = "no-store";
            headers.XContentTypeOptions = "nosniff";
            return await next(context);
        });
        console.MapSignIn();
        console.MapStatisticsPages();
        console.MapRequestPages();
        console.MapPlatformPages();
        console.MapApiKeyPages();
        console.MapReportPages();

        app.MapGet(ConsolePaths.Stylesheet, Stylesheet.Serve).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(ConsolePaths.Script, Script.Serve).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>The content security policy of a page; signing out with a provider posts to the provider.</summary>
    private static string CspFor(HttpContext http)
    {
        var jwt = http.RequestServices.GetRequiredService<IOptions<Infrastructure.Security.JwtOptions>>().Value;
        var console = http.RequestServices.GetRequiredService<IOptions<ConsoleOptions>>().Value;
        var provider = ConsoleAuthentication.OidcEnabled(jwt, console) && Uri.TryCreate(jwt.Authority, UriKind.Absolute, out var authority)
            ? $" {authority.GetLeftPart(UriPartial.Authority)}" : "";
        return $"{ContentSecurityPolicy}; form-action 'self'{provider}";
    }

    private static readonly PageAsset Stylesheet = new(typeof(ConsoleService).Assembly, "console/console.css", "text/css; charset=utf-8");
    private static readonly PageAsset Script = new(typeof(ConsoleService).Assembly, "console/console.js", "text/javascript; charset=utf-8");

    /// <summary>
    /// <see cref="ConsoleOptions.ApiAddress"/>, else this host's own first address with its host on loopback (the
    /// embedded default, where the demo principals are accepted from loopback only).
    /// </summary>
    private static Uri ApiAddress(IServiceProvider services)
    {
        if (services.GetRequiredService<IOptions<ConsoleOptions>>().Value.ApiAddress is { } configured) return configured;
        var address = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null) return new Uri("http://localhost/");
        var own = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (own.Host is "0.0.0.0" or "[::]" or "::" or "localhost") own.Host = "127.0.0.1";
        return own.Uri;
    }
}

/// <summary>Marks the console's pages, so that tests and the access log can tell them from the API.</summary>
public sealed class ConsolePageMetadata;
