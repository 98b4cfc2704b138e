namespace Pharos.Triage.Access.ApiKeys;

public sealed class ApiKeyRow
{
    public string Id { get; set; } = "";
    public string Prefix { get; set; } = "";
    public byte[] SecretHash { get; set; } = [];
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string? PlatformId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

/// <summary>A key as operators list it: never its secret.</summary>
public sealed record ApiKeyView(
    string Id, string Prefix, string Name, string Role, string? PlatformId, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt)
{
    public static ApiKeyView From(ApiKeyRow r) => new(r.Id, r.Prefix, r.Name, r.Role, r.PlatformId, r.CreatedAt, r.CreatedBy, r.RevokedAt, r.LastUsedAt);
}

/// <summary>The answer to issuing a key: the only time its token is shown.</summary>
public sealed record IssuedApiKey(string Id, string Prefix, string Token, string Name, string Role, string? PlatformId, DateTimeOffset CreatedAt);

/// <summary>The body of <c>POST /api/admin/api-keys</c>.</summary>
public sealed record IssueApiKey(string? Role, string? PlatformId, string? Name);
