using System.Security.Claims;

namespace Pharos.Triage.Infrastructure.Security;

public static class Roles
{
    public const string Analyst = "analyst";
    public const string Ministry = "ministry";
    public const string Platform = "platform";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Analyst, Ministry, Platform, Admin];
}

public static class PharosClaims
{
    public const string PlatformIdType = "pharos:platform_id";

    /// <summary>
    /// The longest name a principal may have (an API key's, a token's name claim). Its actor, <c>role:key:prefix:name</c>
    /// at most, is sized for in the columns that store it (filed_by, timeline actor, idempotency principal, published_by,
    /// an API key's created_by and revoked_by: 240).
    /// </summary>
    public const int MaxNameLength = 200;

    /// <summary>The principal's platform, for role <c>platform</c>.</summary>
    public static string? PlatformId(this ClaimsPrincipal user) => user.FindFirstValue(PlatformIdType);

    /// <summary>How the principal appears on a timeline: <c>role:name</c>.</summary>
    public static string Actor(this ClaimsPrincipal user) =>
        $"{user.FindFirstValue(ClaimTypes.Role)}:{user.Identity?.Name}";
}
