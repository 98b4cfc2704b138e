namespace Pharos.Triage.StaffConsole;

/// <summary>Where each page of the console is. Every page is under /console, so the gateway sends them to one host.</summary>
public static class ConsolePaths
{
    public const string Home = "/console";
    public const string SignIn = "/console/sign-in";
    public const string SignOut = "/console/sign-out";

    /// <summary>The console's own files (stylesheet, script): served to anyone, never recorded in the access log.</summary>
    public const string Assets = "/console/assets";
    public const string Stylesheet = Assets + "/console.css";
    public const string Script = Assets + "/console.js";

    // Analysts
    public const string Reports = "/console/reports";
    public const string NewReport = "/console/reports/new";
    public static string Report(string id) => $"/console/reports/{Uri.EscapeDataString(id)}";
    public static string ReportClarification(string id) => $"{Report(id)}/clarification";

    // Platform contact persons
    public const string Requests = "/console/requests";
    public static string Request(string id) => $"/console/requests/{Uri.EscapeDataString(id)}";
    public static string Acknowledgement(string id) => Request(id) + "/acknowledgement";
    public static string Outcome(string id) => Request(id) + "/outcome";
    public const string Deliveries = "/console/deliveries";
    public static string Redelivery(string id) => $"{Deliveries}/{Uri.EscapeDataString(id)}/redelivery";
    public const string TestNotice = Deliveries + "/test";

    // Ministry
    public const string Statistics = "/console/statistics";
    public const string Publications = "/console/publications";

    /// <summary>What a publication of a period would contain, and the form that publishes it.</summary>
    public const string NewPublication = "/console/publications/new";

    // Admins
    public const string Platforms = "/console/platforms";
    public static string Platform(string id) => $"/console/platforms/{Uri.EscapeDataString(id)}";
    // Outside /console/platforms/…: "new" is a platform id the API would accept.
    public const string NewPlatform = "/console/new-platform";
    public const string ApiKeys = "/console/api-keys";
    public static string RevokeApiKey(string id) => $"/console/api-keys/{Uri.EscapeDataString(id)}/revocation";

    /// <summary>Where a person of a role starts.</summary>
    public static string StartOf(string? role) => role switch
    {
        Infrastructure.Security.Roles.Analyst => Reports,
        Infrastructure.Security.Roles.Platform => Requests,
        Infrastructure.Security.Roles.Ministry => Statistics,
        Infrastructure.Security.Roles.Admin => Platforms,
        _ => SignIn,
    };

    /// <summary>A return address taken from a form or query: only a path of the console, never another site.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is not null && returnUrl.StartsWith(Home, StringComparison.Ordinal) && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.Contains('\\') ? returnUrl : Home;
}
