namespace Pharos.Triage.StaffConsole;

/// <summary>The staff console's settings, bound from <c>Pharos:Console</c>.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Pharos:Console";

    /// <summary>
    /// Whether this host serves the console. Unset: the embedded default (all four services in one host) does, a
    /// host of one service does not; in a deployment one host is told to, with <see cref="ApiAddress"/> set.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// Where the console calls the API (the gateway, in a deployment). Unset: this host's own address, on loopback.
    /// </summary>
    public Uri? ApiAddress { get; set; }

    /// <summary>OpenID Connect sign-in, the production way in; the provider is the API's (<c>Pharos:Authentication:Jwt</c>).</summary>
    public ConsoleOidcOptions Oidc { get; set; } = new();
}

/// <summary>The console as a client of the organisation's OpenID Connect provider.</summary>
public sealed class ConsoleOidcOptions
{
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>
    /// Scopes asked for besides <c>openid profile</c>: the one that gives the access token the API's audience, so the
    /// console can call the API as the person signed in.
    /// </summary>
    public string[] Scopes { get; set; } = [];
}
