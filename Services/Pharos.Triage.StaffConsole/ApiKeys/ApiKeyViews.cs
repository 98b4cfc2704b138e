using Microsoft.AspNetCore.Http;

namespace Pharos.Triage.StaffConsole.ApiKeys;

/// <summary>A key as <c>GET /api/admin/api-keys</c> lists it: never its token.</summary>
public sealed record ApiKeyView(
    string Id, string Prefix, string Name, string Role, string? PlatformId, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

/// <summary>The answer to issuing a key: the only time its token is seen.</summary>
public sealed record IssuedApiKey(string Id, string Prefix, string Token, string Name, string Role, string? PlatformId, DateTimeOffset CreatedAt);

/// <summary>The body of <c>POST /api/admin/api-keys</c>.</summary>
public sealed record IssueApiKey(string? Role, string? PlatformId, string? Name);

/// <summary>The form to issue a key, as typed.</summary>
public sealed record IssueForm(string Role, string PlatformId, string Name)
{
    public static readonly IssueForm Blank = new("", "", "");

    public static IssueForm Read(IFormCollection form) =>
        new(form["role"].ToString().Trim(), form["platformId"].ToString().Trim(), form["name"].ToString().Trim());

    /// <summary>A platform chosen beside another role is left out: the list of platforms is there for role platform only.</summary>
    public IssueApiKey ToBody() => new(
        Role.Length == 0 ? null : Role,
        PlatformId.Length == 0 || Role != Infrastructure.Security.Roles.Platform ? null : PlatformId,
        Name);
}

/// <summary>The roles in the page's words.</summary>
public static class RoleNames
{
    public static string Of(string role) => role switch
    {
        Infrastructure.Security.Roles.Analyst => "analyste",
        Infrastructure.Security.Roles.Ministry => "ministère",
        Infrastructure.Security.Roles.Platform => "plateforme",
        Infrastructure.Security.Roles.Admin => "administration",
        _ => role,
    };
}
